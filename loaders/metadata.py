"""Per-document metadata from the genre's grammar: title, kind, date, meeting, speaker, primary city.

Everything is read from the cleaned text; values "as written" (date text) are
mapped back to the original through the CleanText index. Keywords and
patterns live in data/metadata.yaml.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from loaders.clean import CleanText, is_salutation
from loaders.datafiles import load_data

_SENTENCE_END = "。！？!?"
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass
class Metadata:
    title: str | None = None
    kind: str | None = None  # speech | news_report | meeting_agenda_speech | notice | teaser
    date_text: str | None = None  # as written in the original
    date_iso: str | None = None  # YYYY-MM-DD, only when the year is written
    year_masked: bool = False  # the date's year is masked (20_年)
    primary_city: str | None = None
    primary_city_adcode: str | None = None
    primary_city_source: str | None = None  # title | header | dateline | meeting | self-reference
    primary_city_span: tuple[int, int] | None = None  # clean-text span of the mention: doc.evidence(*span)
    speaker: str | None = None
    meeting_name: str | None = None
    meeting_type: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=1)
def metadata_data() -> dict:
    data = dict(load_data("metadata.yaml"))  # a copy: the compiled patterns are added to it
    data["_date"] = re.compile(data["date"])
    data["_dateline"] = re.compile(data["dateline"], re.M)
    data["_agenda"] = [re.compile(p, re.M) for p in data["agenda_markers"]]
    data["_notice"] = [re.compile(p, re.M) for p in data["notice_markers"]]
    data["_speech"] = [(re.compile(p, re.M), w) for p, w in data["speech_markers"]]
    data["_news"] = [(re.compile(p, re.M), w) for p, w in data["news_markers"]]
    types = _meeting_types()
    keywords = "|".join(map(re.escape, sorted(types["keywords"], key=len, reverse=True)))
    data["_meeting"] = re.compile(rf"[^\s，。、；：！？‘’（）《》【】,.;:!?]{{0,48}}?(?:{keywords})")
    data["_published"] = re.compile(data["published"])
    data["_meeting_strip"] = re.compile(data["meeting_prefix_strip"])
    data["_this_meeting"] = re.compile(data["this_meeting"])
    titles = "|".join(map(re.escape, data["official_titles"]))
    data["_speaker"] = re.compile(rf"(?:{titles})([\u4e00-\u9fff]{{2,3}}?){data['speech_verbs']}")
    return data


def describe(clean: CleanText, part: str = "whole", heading: str | None = None,
             published: str | None = None) -> Metadata:
    """The metadata of one document (one part of a file).

    clean (CleanText): the part's cleaned text.
    part (str): the part's name; a "teaser" is kind teaser.
    heading (str): the compilation heading the part had, if any.
    published (str): the page's publication date (an HTML page's date), if known.
    RETURNS (Metadata): what the text says about itself.
    """
    text = clean.text
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    header = _header_lines(text, lines)
    meta = Metadata()
    meta.title = _title(text, lines, heading)
    meta.kind = "teaser" if part == "teaser" else _kind(text, header)
    _set_date(meta, clean, lines, header, published)
    _set_meeting(meta, text, lines, header, heading)
    meta.speaker = _speaker(text, lines, header, meta.kind)
    _set_primary_city(meta, text, lines, header)
    return meta


def _header_lines(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines above the body: title, speaker, date; up to a salutation or the first prose line."""
    header = []
    for s, e in lines[:6]:
        line = text[s:e]
        if is_salutation(line) or len(line) > 60 or line.rstrip()[-1] in _SENTENCE_END:
            break
        header.append((s, e))
    return header


def _title(text: str, lines: list[tuple[int, int]], heading: str | None) -> str | None:
    if heading:
        return heading
    if not lines:
        return None
    s, e = lines[0]
    first = text[s:e].strip()
    if len(first) <= 100 and first[-1] not in _SENTENCE_END + "；，：" and not is_salutation(first):
        return first
    return None


def _kind(text: str, header: list[tuple[int, int]]) -> str:
    data = metadata_data()
    if sum(len(p.findall(text)) for p in data["_agenda"]) >= data["min_agenda_markers"]:
        return "meeting_agenda_speech"
    if any(p.search(text) for p in data["_notice"]):
        return "notice"
    opening = text[: (header[-1][1] if header else 0) + 400]
    speech = sum(w * len(p.findall(text if w < 1 else opening)) for p, w in data["_speech"])
    news = sum(w * len(p.findall(text)) for p, w in data["_news"])
    return "speech" if speech > news else "news_report"


def _body_paragraphs(text: str, lines: list[tuple[int, int]], header: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    body = [(s, e) for s, e in lines[len(header):] if not is_salutation(text[s:e])]
    prose = [(s, e) for s, e in body if any(c in "，。" for c in text[s:e])]
    return prose[:n]


def _set_date(meta: Metadata, clean: CleanText, lines, header, published: str | None) -> None:
    """Speech: the date under the title. Report: the date in the lead, its year from the page's
    publication date when the lead omits it. Notice: the date it is signed with, at the end."""
    text = clean.text
    header_date = _first_date(text, header)
    if meta.kind == "notice":
        chosen = _first_date(text, list(reversed(lines[-4:]))) or header_date
    elif meta.kind == "news_report":
        chosen = _first_date(text, _body_paragraphs(text, lines, header, 2)) or header_date
    else:
        chosen = header_date
    if chosen is None:
        return
    o_start, o_end = clean.to_original(chosen.start(), chosen.end())
    meta.date_text = clean.original[o_start:o_end]
    year = chosen.group("y")
    if year and re.search(r"[_xX×]", year):
        meta.year_masked = True
    elif year:
        meta.date_iso = _iso(year, chosen.group("m"), chosen.group("d"))
    else:
        pub = _publication_date(text, lines, published)
        if pub:
            month, day = _cn_number(chosen.group("m")), _cn_number(chosen.group("d"))
            y = pub[0] if (month, day) <= (pub[1], pub[2]) else pub[0] - 1  # reported after it happened
            meta.date_iso = _iso(str(y), str(month), str(day))


def _first_date(text: str, regions) -> re.Match[str] | None:
    pattern = metadata_data()["_date"]
    for s, e in regions:
        m = pattern.search(text, s, min(e, s + _REGION_CHARS))
        if m:
            return m
    return None


def _publication_date(text: str, lines, published: str | None) -> tuple[int, int, int] | None:
    """The page's own date: an HTML date, or a 发布时间/date line among the first lines."""
    pattern = metadata_data()["_published"]
    candidates = [published] if published else []
    candidates += [text[s:e] for s, e in lines[:5]]
    for candidate in candidates:
        m = pattern.search(candidate)
        if m:
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return y, mo, d
    return None


def _cn_number(s: str) -> int:
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, units = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)
    return _CN_DIGITS.get(s, 0)


def _iso(year: str, month: str, day: str) -> str | None:
    y = int(year) if year.isdigit() else int("".join(str(_CN_DIGITS.get(ch, 0)) for ch in year))
    m, d = _cn_number(month), _cn_number(day)
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


_REGION_CHARS = 1000  # metadata sits in a document's first lines; a 1 MB "line" is not read whole


def _meeting_in(text: str, start: int, end: int, context: str = "") -> tuple[str, str] | None:
    data = metadata_data()
    stop = min(end, start + _REGION_CHARS)
    for m in data["_meeting"].finditer(text, start, stop):
        name = data["_meeting_strip"].sub("", m.group(0))
        joined = data["_meeting"].match(text, m.end() + 1, stop) if text[m.end():m.end() + 1] == "暨" else None
        if joined:  # 推进会暨表彰大会: one meeting with two names
            name = f"{name}暨{joined.group(0)}"
        kind = meeting_type(name, context)
        if kind is None or len(name) < 3 or name in data["generic_meeting_names"] or (
                kind == "会议" and len(name) - 2 < 2) or re.fullmatch(r"[\u4e00-\u9fff]?大会", name):
            continue
        return name, kind
        return name, meeting_type(name)
    return None


@lru_cache(maxsize=1)
def _meeting_types() -> dict:
    """meeting_types.yaml: keyword -> canonical type, combinable stems, context rules."""
    data = load_data("meeting_types.yaml")
    keywords = {kw: t["type"] for t in data["meeting_types"] for kw in t["keywords"]}
    stems = [t["stem"] for t in data["meeting_types"] if t.get("combinable")]
    return {"keywords": keywords, "stems": stems, "joiner": data["combination"]["joiner"],
            "context_rules": data.get("context_rules", [])}


def meeting_type(name: str, context: str = "") -> str | None:
    """The canonical type of a meeting name (推进大会 -> 推进会; 甲暨乙 -> 表彰暨动员大会).

    name (str): the meeting name as written (simplified).
    context (str): the sentence or paragraph around it, for context rules (迎检 + 动员大会).
    """
    types = _meeting_types()
    joiner = types["joiner"]
    head, _, tail = name.rpartition(joiner)
    kw = next((k for k in sorted(types["keywords"], key=len, reverse=True) if tail.endswith(k)), None)
    if kw is None:
        return None
    kind = types["keywords"][kw]
    if head:
        positions = [(head.rfind(stem), stem) for stem in types["stems"] if stem in head]
        if positions:
            combined = f"{max(positions)[1]}{joiner}{kind}"
            return combined
    for rule in types["context_rules"]:
        if kind == rule["if_type"] and any(w in name or w in context for w in rule["when_any"]):
            kind = rule["then_type"]
    return kind


def _set_meeting(meta: Metadata, text: str, lines, header, heading: str | None) -> None:
    data = metadata_data()
    regions: list[tuple[int, int]] = list(header) if header else lines[:1]
    body = _body_paragraphs(text, lines, header, 3)
    if meta.kind == "speech":
        # Only sentences about this meeting (今天我们召开…), not meetings the speech recalls.
        for s, e in body:
            for sm in re.finditer(r"[^。！？]+[。！？]?", text[s:e]):
                if data["_this_meeting"].search(sm.group(0)):
                    regions.append((s + sm.start(), s + sm.end()))
    else:
        regions += body[:1]
    first = text[body[0][0]:body[0][1]] if body else ""
    for s, e in regions:
        found = _meeting_in(text, s, e, context=text[s:e] + first)
        if found:
            meta.meeting_name, meta.meeting_type = found
            return
    if heading:
        found = _meeting_in(heading, 0, len(heading))
        if found:
            meta.meeting_type = found[1]


def _speaker(text: str, lines, header, kind: str | None) -> str | None:
    data = metadata_data()
    for s, e in header:
        line = text[s:e].strip()
        m = re.match(r"^([\u4e00-\u9fff]{2,4}?)(?:同志)?在[^\n]+上的(?:讲话|发言|致辞|主持词)", line)
        if m and not any(t in m.group(1) for t in data["official_titles"]):
            return m.group(1)
        if (re.fullmatch(r"[\u4e00-\u9fff]{2,4}", line) and not _places(line)
                and not any(t in line for t in data["official_titles"])):
            return line
    if kind in ("news_report", "speech"):
        region_end = lines[min(len(lines), len(header) + 3) - 1][1] if lines else 0
        m = data["_speaker"].search(text, 0, region_end)
        if m:
            return m.group(1)
    return None


def _places(text: str):
    from loaders.extract.places import find_places

    return find_places(text)


def _is_city(unit) -> bool:
    return unit.level in ("prefecture", "county") or unit.unit_type == "直辖市"


def _set_primary_city(meta: Metadata, text: str, lines, header) -> None:
    data = metadata_data()
    sources: list[tuple[str, int, int]] = []  # (source, start, end) in the clean text
    if meta.title and (at := text.find(meta.title)) >= 0:
        sources.append(("title", at, at + len(meta.title)))
    sources += [("header", s, e) for s, e in header]
    for s, e in _body_paragraphs(text, lines, header, 2):
        m = data["_dateline"].match(text, s, e)
        if m:
            sources.append(("dateline", m.start("place"), m.end("place")))
    if meta.meeting_name and (at := text.find(meta.meeting_name)) >= 0:
        sources.append(("meeting", at, at + len(meta.meeting_name)))
    for source, start, end in sources:
        cities = [p for p in _places(text[start:end]) if _is_city(p.unit)]
        if cities:
            _set_city(meta, cities[0].unit, source, (start + cities[0].start, start + cities[0].end))
            return
    # 我市/全市 …: the most named unit of the kind the text calls itself.
    counts = {suffix: sum(text.count(w) for w in words) for suffix, words in data["self_reference"].items()}
    suffix, n = max(counts.items(), key=lambda kv: kv[1])
    if not n:
        return
    mentions = [p for p in _places(text) if _is_city(p.unit) and _self_kind(p.unit) == suffix]
    if mentions:
        ranked = Counter(p.unit.adcode for p in mentions)
        best = max(mentions, key=lambda p: (ranked[p.unit.adcode], -mentions.index(p)))
        first = next(p for p in mentions if p.unit.adcode == best.unit.adcode)
        _set_city(meta, best.unit, "self-reference", (first.start, first.end))


def _self_kind(unit) -> str:
    if unit.is_district:
        return "区"
    if unit.unit_type in ("旗", "自治旗"):
        return "旗"
    if unit.unit_type in ("县", "自治县"):
        return "县"
    return "市" if unit.name.endswith("市") else ""


def _set_city(meta: Metadata, unit, source: str, span: tuple[int, int]) -> None:
    meta.primary_city = unit.display_name
    meta.primary_city_adcode = unit.adcode
    meta.primary_city_source = source
    meta.primary_city_span = span
