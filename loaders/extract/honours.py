"""Honours: a city's status for a campaign title (awarded, pursuing, nominated, renewal_review),
with edition (第六届), conferring body, rank (全省第一、全国第十四) and date as written.

The status comes from the cue words of the clause that names the title (loaders/data/honour_cues.yaml);
the city is the one named earlier in the same sentence, else the document's city.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.bundle import GraphBundle
from loaders.datafiles import load_data
from loaders.document import Document
from loaders.extract.campaigns import CampaignMention, campaigns, find_campaigns
from loaders.extract.common import clause_bounds, evidence_at, primary_city
from loaders.extract.places import add_city, find_places
from loaders.gazetteer import Unit

# A re-inspection implies the title is held, and says more than "awarded", so it ranks first.
STATUS_ORDER = ("renewal_review", "awarded", "nominated", "pursuing")
_NUM = "一二三四五六七八九十百零〇两0-9"
_EDITION = re.compile(rf"第[{_NUM}]+(?:届|批)")
_DATE = re.compile(rf"(?:(?:20[0-9_xX]{{2}}|20_|[{_NUM}]{{4}})年(?:[{_NUM}]{{1,2}}月(?:[{_NUM}]{{1,3}}日)?)?"
                   rf"|[0-9{_NUM}]{{1,2}}月[0-9{_NUM}]{{1,3}}日|今年|去年|前年|年初|年底)")


@dataclass(frozen=True)
class HonourFact:
    start: int  # clean-text offsets of the title mention
    end: int
    city: Unit | None
    title: str
    edition: str | None
    conferred_by: str | None
    rank: str | None
    date_text: str | None
    status: str


@lru_cache(maxsize=1)
def _cues() -> dict:
    """honour_cues.yaml, with the status cues and patterns of campaigns.yaml added."""
    cues = dict(load_data("honour_cues.yaml"))
    shared = load_data("campaigns.yaml").get("statuses") or {}
    patterns = {}
    for status in STATUS_ORDER:
        extra = shared.get(status) or {}
        cues[status] = tuple(dict.fromkeys((*cues.get(status, ()), *(extra.get("cues") or ()))))
        patterns[status] = tuple(re.compile(p) for p in extra.get("patterns") or ())
    cues["patterns"] = patterns
    return cues


@lru_cache(maxsize=1)
def _rank_pattern() -> re.Pattern[str]:
    scopes = "|".join(sorted(map(re.escape, _cues()["rank_scopes"]), key=len, reverse=True))
    one = rf"(?:{scopes})(?:(?:排名|排|位居|位列|名列|第)?第?[{_NUM}]+名?|前[{_NUM}]+(?:名|位)?)"
    return re.compile(rf"(?:连续[{_NUM}]+年(?:位居|位列)?)?{one}(?:[、，,]{one})*")


def _status(clause: str, surface_at: int, scheme: bool) -> str | None:
    cues = _cues()
    found = {s for s in STATUS_ORDER
             if any(w in clause for w in cues[s]) or any(p.search(clause) for p in cues["patterns"][s])}
    if "awarded" in found and any(w in clause for w in cues["goal_markers"]) and \
            not re.search(cues["award_strong"], clause):
        found.discard("awarded")  # 力争成功创建: a goal, not a result
        found.add("pursuing")
    if any(w in clause for w in cues["held"]):
        found.add("awarded")
    if scheme and not ({"awarded", "renewal_review"} & found and
                       re.search("城市(?:称号|荣誉)|成功|命名", clause)):
        return None
    if "nominated" in found and re.search(r"提名城市(?:年度)?测评", clause):
        found.discard("nominated")  # the nominees' yearly test: the city is still creating
        found.add("pursuing")
    if "nominated" in found and "renewal_review" not in found:
        return "nominated"  # 成功跻身提名城市行列: the success is the nomination
    for status in STATUS_ORDER:
        if status in found:
            return status
    return None


def _is_scheme(text: str, mention: CampaignMention) -> bool:
    after = text[mention.end:mention.end + 6]
    return any(after.startswith(w) for w in load_data("campaign_grammar.yaml").get("scheme_words") or ())


def _sentence_city(doc: Document, clause_start: int, mention_start: int) -> Unit | None:
    """A city named as the actor before the title in the same sentence (焦作市以全省第一…被命名为…)."""
    sentence = doc.sentence_at(mention_start)
    lo = min(sentence.start, clause_start)
    local = [m.unit for m in find_places(doc.text[lo:mention_start]) if m.unit.level != "province"]
    if not local:  # …名单，铜陵市榜上有名: the city may follow in the same sentence
        local = [m.unit for m in find_places(doc.text[mention_start:sentence.end])[::-1] if m.unit.level != "province"]
    return local[-1] if local else None


_ENUMERATION = re.compile(r"[、和及与暨以及\s“”]*")
_CONNECTOR = re.compile(r"[、，,同与和及并而把将]")


def _post(text: str, end: int, limit: int) -> int:
    """End of the words that follow a title and speak of it (…创建成功, …复查), up to a connector."""
    m = _CONNECTOR.search(text, end, limit)
    return m.start() if m else limit


def _cue_region(text: str, mentions: list[CampaignMention], i: int, lo: int, hi: int) -> tuple[int, int]:
    """The part of a clause whose cues speak of mention i: after the previous title's own words, to
    the next connector after this one, so 把创建A同巩固B成果结合起来 gives A and B their own verbs.
    Titles joined by 、/和 share the cues around the whole enumeration (成功创建A、B)."""
    def inside(k: int) -> bool:
        return 0 <= k < len(mentions) and lo <= mentions[k].start < hi

    first = i
    while inside(first - 1) and _ENUMERATION.fullmatch(text[mentions[first - 1].end:mentions[first].start]):
        first -= 1
    last = i
    while inside(last + 1) and _ENUMERATION.fullmatch(text[mentions[last].end:mentions[last + 1].start]):
        last += 1
    region_start = lo
    if inside(first - 1):
        prev = mentions[first - 1]
        region_start = _post(text, prev.end, mentions[first].start)
    limit = mentions[last + 1].start if inside(last + 1) else hi
    return region_start, max(_post(text, mentions[last].end, limit), mentions[i].end)


def find_honours(doc: Document) -> list[HonourFact]:
    """Every clause that states a city's status for a campaign title."""
    text = doc.text
    default_city = primary_city(doc)
    mentions = find_campaigns(text)
    named = {m.campaign.name for m in mentions}
    # In a county's document that names the county-level title, the bare 文明城市/创城 forms mean it.
    facts = []
    for i, mention in enumerate(mentions):
        campaign = mention.campaign
        if not campaign.title:
            continue
        lo, hi = clause_bounds(text, mention.start)
        r_lo, r_hi = _cue_region(text, mentions, i, lo, hi)
        status = _status(text[r_lo:r_hi], mention.start - r_lo, _is_scheme(text, mention))
        sentence = doc.sentence_at(mention.start)
        if status is None and re.search(_cues()["award_after"], text[hi:sentence.end]):
            status = "awarded"  # 公布第六届全国文明城市名单，铜陵市榜上有名
        if status is None:
            continue
        before = text[max(lo - 2, sentence.start):mention.start]
        edition = _EDITION.findall(before[-8:])
        rank = _rank_pattern().search(text[sentence.start:sentence.end])
        date = _DATE.findall(text[sentence.start:mention.start])
        conferred = campaign.conferred_by if campaign.conferred_by and campaign.conferred_by in text else None
        city = _sentence_city(doc, lo, mention.start) or default_city
        title = campaign.name
        counterpart = campaign.county_counterpart
        if counterpart and counterpart in named and city is not None and city.level == "county":
            title = counterpart
        held = status in ("awarded", "renewal_review")
        facts.append(HonourFact(
            mention.start, mention.end, city, title, edition[-1] if edition else None, conferred,
            rank.group() if rank and held else None, date[-1] if date and held else None, status))
    return facts


def best_per_honour(facts: list[HonourFact]) -> list[HonourFact]:
    """One fact per (city, title): the strongest status, details filled from the others."""
    best: dict[tuple, HonourFact] = {}
    for fact in facts:
        key = (fact.city.adcode if fact.city else None, fact.title)
        old = best.get(key)
        if old is None or STATUS_ORDER.index(fact.status) < STATUS_ORDER.index(old.status):
            if old is not None:
                fact = HonourFact(fact.start, fact.end, fact.city, fact.title, fact.edition or old.edition,
                                  fact.conferred_by or old.conferred_by, fact.rank or old.rank,
                                  fact.date_text or old.date_text, fact.status)
            best[key] = fact
        elif old.status == fact.status:
            best[key] = HonourFact(old.start, old.end, old.city, old.title, old.edition or fact.edition,
                                   old.conferred_by or fact.conferred_by, old.rank or fact.rank,
                                   old.date_text or fact.date_text, old.status)
    return list(best.values())


def honour_id(title: str, edition: str | None) -> str:
    return f"{edition}{title}" if edition else title


class HonourExtractor:
    """Honour nodes (key title + edition) and City-AWARDED{status, rank, date_text}->Honour."""

    name = "honours"

    def __call__(self, doc: Document, bundle: GraphBundle) -> None:
        facts = find_honours(doc)
        for fact in best_per_honour(facts):
            if fact.city is None:
                continue
            # every clause that gives this status supports the edge
            evidence = [evidence_at(doc, f.start, f.end) for f in facts
                        if f.city == fact.city and f.title == fact.title and f.status == fact.status]
            ref = bundle.add_node("Honour", honour_id(fact.title, fact.edition), {
                "title": fact.title, "edition": fact.edition,
                "conferred_by": fact.conferred_by or campaigns()[fact.title].conferred_by}, evidence)
            bundle.add_edge("AWARDED", add_city(bundle, fact.city), ref, {
                "status": fact.status, "rank": fact.rank, "date_text": fact.date_text}, evidence)


def gold(doc: Document) -> dict[str, list]:
    """{"honours": one entry per city and title, in the gold schema}."""
    result = []
    for fact in sorted(best_per_honour(find_honours(doc)), key=lambda f: f.start):
        s = doc.sentence_at(fact.start)
        result.append({"city": fact.city.display_name if fact.city else None, "honour": fact.title,
                       "edition": fact.edition, "conferred_by": fact.conferred_by, "rank": fact.rank,
                       "date_text": fact.date_text, "status": fact.status, "evidence": s.text})
    return {"honours": result}
