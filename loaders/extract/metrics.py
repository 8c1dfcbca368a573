"""Metrics: figures a document reports (改造提升城中村、棚户区54个; 人均公园绿地面积达16.4平方米;
39万志愿者; 1353个日夜; 全省第一), each with indicator, value as written, unit, scope and as-of.

The grammar: a number (Arabic or Chinese, with 万/亿 and 余/多/近/超 as written) followed by a unit
(loaders/data/metric_units.yaml). After a measure word the counted noun follows (5万余名党员); after a
physical unit the measured phrase precedes it (人均公园绿地面积达16.4平方米). Ranks (全省第一、全国第十四)
are metrics with the unit 名次.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from functools import lru_cache

from graph.bundle import GraphBundle
from loaders.datafiles import load_data
from loaders.document import Document
from loaders.extract.common import clause_bounds, evidence_at, primary_city
from loaders.extract.places import add_city

_CN = "零〇一二两三四五六七八九十百千"
_QUALIFIER = r"(?:将近|接近|近|超过|超|约|逾|至少|仅|达|共)?"
_CORE = rf"(?:\d+(?:\.\d+)?|[{_CN}]+)(?:万|亿|千)?(?:余|多)?"
_RATIO = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:[∶:]\d+(?:\.\d+)?){2,}")
_SCOPE = re.compile(r"全[市省区县旗国州盟]|中心城区|主城区|建成区|城区|市区|农村|城乡")
_AS_OF = re.compile(r"截至[^，,。；]{1,12}|(?:20\d\d|20_)年(?:底|末|初)?|今年|去年|目前|[一二三四五六七八九十两]年来|三年多来")
_LEADING_QUALIFIER = re.compile(rf"^{_QUALIFIER}")
_CN_NUMBER = re.compile(rf"[{_CN}]+")
_YEAR = re.compile(r"\d{4}")
_STOP = re.compile(r"[的在和与及、，,。；;：:（(）)是为到被已都也把将对向从让使共达]|参与|喝上|开展|组成|投身|身披|汇聚|受益")


@dataclass(frozen=True)
class MetricFact:
    start: int  # clean-text offsets of the value
    end: int
    indicator: str
    value: str
    unit: str
    scope: str | None
    as_of: str | None
    clause: tuple[int, int]


@lru_cache(maxsize=1)
def _units() -> dict:
    data = load_data("metric_units.yaml")
    physical, count = data["physical"], data["count"]
    units = sorted(set(physical) | set(count), key=len, reverse=True)
    number = re.compile(rf"(?<![A-Za-z0-9._第])({_QUALIFIER}{_CORE}) ?({'|'.join(map(re.escape, units))})")
    # 98万群众, 39万“小红帽”志愿者: a figure in 万/亿 may stand before its noun without a measure word
    bare = re.compile(rf"(?<![A-Za-z0-9._第])({_QUALIFIER}(?:\d+(?:\.\d+)?|[{_CN}]+)(?:万|亿)(?:余|多)?)(?=[“\u4e00-\u9fff])")
    return {"physical": set(physical), "count": set(count), "number": number, "bare": bare,
            "people": tuple(data["people_nouns"]), "durations": set(data["durations"]),
            "linkers": tuple(sorted(data["linkers"], key=len, reverse=True)), "idioms": tuple(data["idioms"])}


@lru_cache(maxsize=1)
def _rank() -> re.Pattern[str]:
    scopes = "|".join(sorted(map(re.escape, load_data("honour_cues.yaml")["rank_scopes"]), key=len, reverse=True))
    one = rf"(?:{scopes})(?:排名|位居|位列|名列)?(?:第[{_CN}\d]+名?|前[{_CN}\d]+(?:名|位)?)"
    return re.compile(rf"(?:连续[{_CN}\d]+年)?{one}(?:[、，,]{one})*|(?:位居|位列|名列)第[{_CN}\d]+(?:、第[{_CN}\d]+)*|第[一二三]名")


def _rank_subject(text: str, lo: int, hi: int) -> str:
    """What a rank with no indicator before it ranks: a title named in its clause (…以全省第一的成绩被命名为
    全国文明城市 -> 全国文明城市排名), else the previous clause unless that is only a date."""
    from loaders.extract.campaigns import find_campaigns

    named = find_campaigns(text[lo:hi])
    if named:
        return named[-1].campaign.name + "排名"
    if lo > 1:
        plo, _ = clause_bounds(text, lo - 2)
        previous = text[plo:lo - 1].strip()[-16:]
        if not re.fullmatch(r"[\d０-９一二三四五六七八九十年月日号上下午晚早前后,，\s]*", previous):
            return previous
    return ""


def _before(text: str, lo: int, pos: int) -> str:
    phrase = text[lo:pos]
    linkers = _units()["linkers"]
    changed = True
    while changed:
        changed = False
        for w in linkers:
            if phrase.endswith(w):
                phrase, changed = phrase[:-len(w)], True
    phrase = re.sub(r"^(?:我们|我市|全市|共|累计|其中|目前|[^，,]*?(?:年|来)[，,]?)", "", phrase)
    phrase = re.sub(r"(?:是|用|用了|仅用|经过|历经|持续|回顾|我[市区县旗省]|全[市区县旗]上下|上下)+$", "", phrase)
    phrase = phrase.strip(" “”\"")[-16:]
    from loaders.extract.places import find_places

    places = find_places(phrase)
    if places and places[0].start == 0:  # 焦作市以全省第一…: the city is the subject, not the indicator
        phrase = phrase[places[0].end:].lstrip("以在")
    return phrase


def _after(text: str, pos: int, hi: int) -> str:
    run = text[pos:min(hi, pos + 14)]
    m = _STOP.search(run)
    run = (run[:m.start()] if m else run).strip()
    if not run.startswith("“") and "”" in run:
        run = run[:run.index("”")]
    return run


def _described(text: str, pos: int, hi: int) -> str:
    """The noun a figure describes through 的 (400余名身披绶带的受表彰者 -> 受表彰者)."""
    rest = text[pos:hi]
    if "的" in rest:
        return _after(text, pos + rest.rindex("的") + 1, hi)
    return ""


def _fallback(text: str, lo: int, hi: int, start: int, end: int) -> str:
    """The clause without the figure, when neither side names the indicator."""
    return (text[lo:start] + text[end:hi]).strip(" ，,的")[:16]


def _is_idiom(text: str, start: int) -> bool:
    return any(text.startswith(w, start) for w in _units()["idioms"])


class _Spans:
    """Pairwise disjoint spans, asked whether a new span overlaps one of them."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def append(self, span: tuple[int, int]) -> None:
        insort(self.spans, span)

    def overlaps(self, start: int, end: int) -> bool:
        # the span starting last before `end` is the only one that can reach past `start`
        i = bisect_left(self.spans, (end, end)) - 1
        return i >= 0 and self.spans[i][1] > start


def find_metrics(text: str) -> list[MetricFact]:
    """Every reported figure and rank in the text."""
    u = _units()
    facts: list[MetricFact] = []
    taken = _Spans()
    for m in _rank().finditer(text):
        lo, hi = clause_bounds(text, m.start())
        indicator = _before(text, lo, m.start())
        if not indicator:
            indicator = _rank_subject(text, lo, hi)
        facts.append(_fact(text, m.start(), m.end(), indicator or "排名", m.group(), "名次", lo, hi))
        taken.append((m.start(), m.end()))
    for m in u["number"].finditer(text):
        value, unit = m.group(1), m.group(2)
        start, end = m.start(), m.end()
        if taken.overlaps(start, end):
            continue
        core = _LEADING_QUALIFIER.sub("", value)
        if "_" in text[max(0, start - 1):end] or not core:
            continue  # masked (20_年)
        if start and text[start - 1] in "“「" and (unit == "项" or "”" in text[end:end + 2]):
            continue  # a numbered programme name (“三项革命”, “三整治”)
        if unit == "年" and _YEAR.fullmatch(core):
            continue  # a year, not a duration
        if _CN_NUMBER.fullmatch(core):
            if core == "一" or _is_idiom(text, m.start(1) + len(value) - len(core)):
                continue
        if text.startswith(("月", "日", "号"), end) or text[end:end + 1] in "月日号":
            continue
        lo, hi = clause_bounds(text, start)
        after = _after(text, end, hi) if unit in u["count"] else ""
        indicator = after if len(after) >= 2 else _before(text, lo, start)
        if len(indicator) < 2:
            indicator = _described(text, end, hi) or _fallback(text, lo, hi, start, end)
        if len(indicator) < 2 and unit in u["durations"]:
            indicator = _after(text, end, hi)
        if len(indicator) < 2 and unit in u["durations"]:
            indicator = "历时"
        if len(indicator) < 2:
            continue
        facts.append(_fact(text, start, end, indicator, value, unit, lo, hi))
        taken.append((start, end))
    for m in _RATIO.finditer(text):
        lo, hi = clause_bounds(text, m.start())
        facts.append(_fact(text, m.start(), m.end(), _before(text, lo, m.start()) or "比例", m.group(), "比例", lo, hi))
    for m in u["bare"].finditer(text):
        start, end = m.start(), m.end()
        if taken.overlaps(start, end):
            continue
        lo, hi = clause_bounds(text, start)
        noun = _after(text, end, hi).strip("“”")
        if len(noun) < 2:
            continue
        unit = "人" if noun.endswith(u["people"]) else ""
        facts.append(_fact(text, start, end, noun, m.group(1), unit, lo, hi))
    facts.sort(key=lambda f: f.start)
    return facts


def _fact(text: str, start: int, end: int, indicator: str, value: str, unit: str, lo: int, hi: int) -> MetricFact:
    clause = text[lo:hi]
    scope = _SCOPE.search(clause)
    as_of = _AS_OF.search(clause)
    return MetricFact(start, end, indicator, value, unit, scope.group() if scope else None,
                      as_of.group() if as_of else None, (lo, hi))


class MetricExtractor:
    """Metric nodes (key: indicator) and City-REPORTED{value, unit, scope, as_of}->Metric for the document's city."""

    name = "metrics"

    def __call__(self, doc: Document, bundle: GraphBundle) -> None:
        city = primary_city(doc)
        if city is None:
            return
        city_ref = add_city(bundle, city)
        for fact in find_metrics(doc.text):
            evidence = [evidence_at(doc, fact.start, fact.end)]
            ref = bundle.add_node("Metric", fact.indicator, {}, evidence)
            bundle.add_edge("REPORTED", city_ref, ref, {"value": fact.value, "unit": fact.unit, "scope": fact.scope,
                                                        "as_of": fact.as_of}, evidence)


def gold(doc: Document) -> dict[str, list]:
    """{"metrics": [{"indicator", "value", "unit", "evidence"}]}, evidence = the clause of the figure;
    a figure repeated with the same indicator is listed once."""
    result, seen = [], set()
    for f in find_metrics(doc.text):
        if (f.indicator, f.value, f.unit) not in seen:
            seen.add((f.indicator, f.value, f.unit))
            result.append({"indicator": f.indicator, "value": f.value, "unit": f.unit,
                           "evidence": doc.text[f.clause[0]:f.clause[1]]})
    return {"metrics": result}
