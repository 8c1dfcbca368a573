"""Tactics: the methods a document says its city uses or orders.

Two sources, one node type:
- curated: surface forms (names, variants, patterns) of the taxonomy in loaders/data/tactics.yaml;
- candidate: phrases the genre's grammar marks as methods (…机制, …制度, …工作法, …行动, …整治,
  quoted names with such a suffix, the objects of 坚持 …; loaders/data/tactic_grammar.yaml) that the
  taxonomy does not hold. They get status "candidate" and are listed by `cckg tactics --candidates`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from graph.bundle import GraphBundle
from loaders.datafiles import load_data
from loaders.document import Document
from loaders.extract.common import Automaton, automaton, clauses, evidence_at, longest_matches, primary_city
from loaders.extract.places import add_city

_QUOTED = re.compile(r"[“\"「『]([^“”\"「」『』\n]{2,16})[”\"」』]")
_ENUM = re.compile(r"、|以及|及其|和|与|及|并且|并")
_CJK_OR_QUOTE = re.compile(r"[\u4e00-\u9fff“”「」0-9A-Za-z+＋]")


@dataclass(frozen=True)
class TacticDef:
    name: str
    category: str  # Chinese category name
    category_en: str
    description: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class TacticMention:
    start: int  # clean-text offsets of the phrase
    end: int
    name: str  # canonical name (curated) or the phrase (candidate)
    curated: bool
    clause: tuple[int, int]  # the clause it was found in (the evidence fragment)


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, TacticDef]:
    """The curated tactics by canonical name."""
    data = load_data("tactics.yaml")
    categories = {c["id"]: c for c in data["categories"]}
    result = {}
    for t in data["tactics"]:
        cat = categories[t["category"]]
        result[t["name"]] = TacticDef(t["name"], cat["name_zh"], cat["name_en"], t.get("description", ""),
                                      tuple(t.get("variants") or ()))
    return result


@lru_cache(maxsize=1)
def _curated() -> tuple[Automaton, tuple[tuple[re.Pattern[str], str], ...]]:
    words: dict[str, str] = {}
    patterns = []
    for t in load_data("tactics.yaml")["tactics"]:
        for form in (t["name"], *(t.get("variants") or ())):
            words.setdefault(form, t["name"])
        for pattern in t.get("patterns") or ():
            patterns.append((re.compile(pattern), t["name"]))
    return automaton(words), tuple(patterns)


@lru_cache(maxsize=1)
def _grammar() -> dict:
    g = load_data("tactic_grammar.yaml")
    return {
        "heads": ahocorasick_heads(g["heads"]),
        # the first leading word (longest first) that is not the whole phrase
        "leading_re": re.compile("(?:%s)(?=.)" % "|".join(map(re.escape, sorted(g["leading"], key=len, reverse=True))),
                                 re.DOTALL),
        "principle": tuple(sorted(g["principle_verbs"], key=len, reverse=True)),
        "not_ends": tuple(g["not_tactic_ends"]),
        "not": frozenset(g["not_tactics"]),
        "quoted_suffixes": tuple(sorted(g["quoted_suffixes"], key=len, reverse=True)),
        "clause_words": tuple(g["clause_words"]),
        "bad_starts": g["bad_starts"],
        "light_re": re.compile("|".join(sorted(map(re.escape, g["light_verbs"]), key=len, reverse=True))),
        "trailing": tuple(sorted(g["trailing"], key=len, reverse=True)),
        # Cheap necessary conditions, checked before the full rules run on a clause:
        # a head-word phrase ends in a head; the principle branch needs a principle verb in the clause.
        "head_ends": tuple(g["heads"]),
        "principle_re": re.compile("|".join(map(re.escape, g["principle_verbs"]))),
    }


def ahocorasick_heads(heads: list[str]) -> Automaton:
    return automaton({h: h for h in heads})


def curated_mentions(text: str) -> list[tuple[int, int, str]]:
    """Taxonomy surface forms (leftmost-longest) and pattern matches as (start, end, name)."""
    auto, patterns = _curated()
    found = [(s, e, name) for s, e, _w, name in longest_matches(auto, text)]
    taken = [(s, e) for s, e, _ in found]
    for pattern, name in patterns:
        for m in pattern.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                found.append((m.start(), m.end(), name))
    return sorted(found)


def _strip_leading(phrase: str, start: int) -> tuple[str, int]:
    leading = _grammar()["leading_re"]
    while m := leading.match(phrase):
        phrase, start = phrase[m.end():], start + m.end()
    return phrase, start


# List numbering ((一)、二）、3.) and a four-character adverbial ending in 地 (锲而不舍地) open no name.
_OPENERS = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]|[\u4e00-\u9fff]{4}地(?=[\u4e00-\u9fff]{2}))")
_COUNTED = re.compile(r"[\d一二三四五六七八九十两百千万]+(?:个|条|项|座|处|名|批|户|家|所)(?:[\u4e00-\u9fff]|$)")


def _clean_phrase(phrase: str, start: int) -> tuple[str, int]:
    for _ in range(3):
        phrase, start = _strip_leading(phrase, start)
        while phrase and not _CJK_OR_QUOTE.match(phrase[0]):
            phrase, start = phrase[1:], start + 1
        m = _OPENERS.match(phrase)
        if not m:
            break
        phrase, start = phrase[m.end():], start + m.end()
    return phrase, start


@lru_cache(maxsize=8192)
def _acceptable(phrase: str) -> bool:
    g = _grammar()
    bare = phrase.strip("“”「」\"")
    if not 4 <= len(bare) <= 16 or bare in g["not"] or bare[0] in g["bad_starts"]:
        return False
    if re.search(r"\s", bare) or _COUNTED.search(bare):
        return False  # a list of topics or a reported figure, not a method's name
    if bare.endswith(g["not_ends"]) or re.search(r"\d{4}|[。，《》]", bare):
        return False
    if bare.count("“") != bare.count("”") or any(w in bare for w in g["clause_words"]):
        return False  # a clause fragment, not a name
    if _campaign_auto_hit(bare):
        return False  # a campaign is not a method
    return bool(re.search(r"[\u4e00-\u9fff]{2}", bare))


def _campaign_auto_hit(phrase: str) -> bool:
    from loaders.extract.campaigns import find_campaigns

    return bool(find_campaigns(phrase))


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of a clause between enumeration marks (、 和 与 及)."""
    pieces, last = [], start
    for m in _ENUM.finditer(text, start, end):
        if text.count("“", last, m.start()) != text.count("”", last, m.start()):
            continue  # inside a quoted name (“车让人、人文明”)
        pieces.append((last, m.start()))
        last = m.end()
    pieces.append((last, end))
    return [(s, e) for s, e in pieces if e > s]


def candidate_phrases(text: str, start: int, end: int, heads: bool = True) -> list[tuple[int, int, str]]:
    """Method phrases of one clause: phrases ending in a head word, quoted names with a method
    suffix, and the objects of a principle verb (坚持创建为民).

    heads (bool): False when the caller knows the clause holds no head word (skips that rule).
    """
    g = _grammar()
    found: list[tuple[int, int, str]] = []
    # quoted names
    for m in _QUOTED.finditer(text, start, end):
        after = text[m.end():end]
        suffix = next((s for s in g["quoted_suffixes"] if after.startswith(s)), "")
        before = text[max(start, m.start() - 4):m.start()]
        if suffix or any(v in before for v in g["principle"]):
            found.append((m.start(), m.end() + len(suffix), m.group(1) + suffix))
    # principle verbs: 坚持A、B
    if g["principle_re"].search(text, start, end):
        _principle_objects(text, start, end, found)
    # head words
    if heads:
        _head_phrases(text, start, end, found)
    return found


def _principle_objects(text: str, start: int, end: int, found: list[tuple[int, int, str]]) -> None:
    g = _grammar()
    body, body_start = _strip_leading_adverbs(text[start:end], start)
    for verb in g["principle"]:
        if body.startswith(verb):
            obj_start = body_start + len(verb)
            for s, e in _segments(text, obj_start, end):
                phrase, ps = _clean_phrase(text[s:e], s)
                if len(phrase) <= 10 and _acceptable(phrase):
                    found.append((ps, ps + len(phrase), phrase))
            break


def _head_phrases(text: str, start: int, end: int, found: list[tuple[int, int, str]]) -> None:
    g = _grammar()
    for s, e in _segments(text, start, end):
        piece = text[s:e]
        if piece.endswith(g["trailing"]):
            for word in g["trailing"]:  # 加大执纪问责力度 -> 执纪问责
                if piece.endswith(word) and len(piece) > len(word) + 2:
                    piece = piece[:-len(word)]
                    break
        if not piece.endswith(g["head_ends"]):
            continue  # no head can end the phrase
        # after a light verb (进行动员部署, 作了大会发言) the object is the method
        light = [m for m in g["light_re"].finditer(piece)]
        if light and light[-1].end() < len(piece):
            s, piece = s + light[-1].end(), piece[light[-1].end():]
        heads = [(hs, he) for hs, he, _w, _p in longest_matches(g["heads"], piece)]
        # the head must end the phrase: 提升创建质量 is a goal, not the method 提升创建
        if not heads or heads[-1][1] != len(piece):
            continue
        head_end = s + heads[-1][1]
        phrase, ps = _clean_phrase(text[s:head_end], s)
        if _acceptable(phrase):
            found.append((ps, ps + len(phrase), phrase))


def _strip_leading_adverbs(body: str, start: int) -> tuple[str, int]:
    """Strip adverbs and modal words but not the principle verbs themselves."""
    principle = _grammar()["principle"]
    for _ in range(6):
        stripped = body.lstrip("要都也就还必须一定我们全市全区")
        if any(stripped.startswith(v) for v in principle):
            return stripped, start + (len(body) - len(stripped))
        new, new_start = _strip_one_adverb(body, start)
        if new == body:
            break
        body, start = new, new_start
    return body, start


_ADVERBS = ("进一步", "持续", "深入", "大力", "全面", "广泛", "扎实", "认真", "切实", "积极", "不断", "始终",
            "继续", "严格", "坚定不移地", "坚定不移", "要", "都要", "也要", "必须", "我们", "同时")


def _strip_one_adverb(body: str, start: int) -> tuple[str, int]:
    for word in _ADVERBS:
        if body.startswith(word):
            return body[len(word):], start + len(word)
    return body, start


@lru_cache(maxsize=8192)
def _is_curated_with_suffix(phrase: str) -> bool:
    bare = re.sub(r"[“”「」\"]", "", phrase)
    for suffix in _grammar()["quoted_suffixes"]:
        if bare.endswith(suffix) and len(bare) > len(suffix):
            core = bare[:-len(suffix)]
            return any(s == 0 and e == len(core) for s, e, _n in curated_mentions(core))
    return False


def find_tactics(text: str) -> list[TacticMention]:
    """Curated and candidate tactic mentions, clause by clause."""
    curated = curated_mentions(text)
    curated_starts = [s for s, _e, _n in curated]
    # every occurrence of a head word: a clause without one has no head-word phrase
    heads = sorted((s, e) for s, e, _w, _p in _grammar()["heads"].matches(text))
    mentions: list[TacticMention] = []
    for c_start, c_end, _c in clauses(text):
        inside = []
        for i in range(bisect_left(curated_starts, c_start), len(curated)):
            if curated[i][0] > c_end:
                break
            if curated[i][1] <= c_end:
                inside.append(curated[i])
        for s, e, name in inside:
            mentions.append(TacticMention(s, e, name, True, (c_start, c_end)))
        has_head = False
        for i in range(bisect_left(heads, (c_start, 0)), len(heads)):
            if heads[i][0] >= c_end:
                break
            if heads[i][1] <= c_end:
                has_head = True
                break
        for s, e, phrase in candidate_phrases(text, c_start, c_end, has_head):
            if any(cs < e and s < ce and (ce - cs) * 5 >= (e - s) * 3 for cs, ce, _ in inside):
                continue  # the taxonomy already names (most of) this method
            if _is_curated_with_suffix(phrase):
                continue  # “门前四包”责任制 is the curated 门前四包
            mentions.append(TacticMention(s, e, re.sub(r"[“”「」\"]", "", phrase), False, (c_start, c_end)))
    seen, unique = set(), []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if (m.clause, m.name) not in seen:
            seen.add((m.clause, m.name))
            unique.append(m)
    return unique


class TacticExtractor:
    """Tactic nodes (curated or candidate), Tactic-IN_CATEGORY->TacticCategory, Document-CITES->Tactic,
    and City-USES->Tactic for the document's city (its `docs` and `first_seen` merge by their rules)."""

    name = "tactics"

    def __call__(self, doc: Document, bundle: GraphBundle) -> None:
        doc_ref = ("Document", doc.doc_id)
        city = primary_city(doc)
        city_ref = add_city(bundle, city) if city is not None else None
        known = taxonomy()
        categorised: set[str] = set()  # the category node and edge of a tactic are the same every time
        for mention in find_tactics(doc.text):
            evidence = [evidence_at(doc, mention.start, mention.end)]
            if mention.curated:
                t = known[mention.name]
                ref = bundle.add_node("Tactic", t.name, {"category": t.category, "description": t.description,
                                                         "status": "curated", "variants": list(t.variants)}, evidence)
                if t.name not in categorised:
                    categorised.add(t.name)
                    cat = bundle.add_node("TacticCategory", t.category, {"name_en": t.category_en})
                    bundle.add_edge("IN_CATEGORY", ref, cat)
            else:
                ref = bundle.add_node("Tactic", mention.name, {"status": "candidate"}, evidence)
            bundle.add_edge("CITES", doc_ref, ref, evidence=evidence)
            if city_ref is not None:
                bundle.add_edge("USES", city_ref, ref, {"docs": 1, "first_seen": doc.meta.get("date_iso")}, evidence)


def gold(doc: Document) -> dict[str, list]:
    """{"tactics": [{"tactic", "evidence"}]}: every instance (name and clause), evidence = the clause."""
    result, seen = [], set()
    for m in find_tactics(doc.text):
        if (m.name, m.clause) in seen:
            continue
        seen.add((m.name, m.clause))
        result.append({"tactic": m.name, "evidence": doc.text[m.clause[0]:m.clause[1]],
                       "status": "curated" if m.curated else "candidate"})
    return {"tactics": result}
