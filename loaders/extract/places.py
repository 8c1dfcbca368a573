"""Cities: administrative units at county level and above named in a document.

Sources of a mention, in order of trust:
- gazetteer names (full names of every unit; short names of provinces and prefectures),
- literary and old names from the alias table (怀川 -> 焦作市, 归德 -> 商丘市),
- one-character abbreviations in the compounds the genre uses for places (援鄂, 驻焦),
- the document's words for its own city (我市, 全市, 我旗), resolved to the document's city.

Rejected: placeholders (XX市, x市, 某市), a name inside an ordinary longer word (中山 in
中山装), a short name that is also a common word (朝阳, 大同) unless the full name is
written somewhere in the text, and a bare district name whose city is not named.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from graph.bundle import GraphBundle, NodeRef
from loaders.datafiles import DATA, load_data
from loaders.document import Document
from loaders.extract.common import (
    Automaton,
    automaton,
    evidence_at,
    longest_matches,
    span_mask,
)
from loaders.gazetteer import Unit, by_adcode, units
from loaders.nlp import Tokens, word_frequency

# A match preceded by one of these is a placeholder or generic (XX市, x市, 某市).
_PLACEHOLDER_BEFORE = set("XxＸｘ×某_＿*＊")


@dataclass(frozen=True)
class PlaceMention:
    start: int  # clean-text offsets
    end: int
    unit: Unit
    how: str = "name"  # name | literary | abbreviation | self

    @property
    def surface_len(self) -> int:
        return self.end - self.start


@dataclass
class DocumentPlaces:
    """Every place a document names, its own city, and the aliases it used."""

    mentions: list[PlaceMention]
    city: Unit | None
    aliases: list[dict] = field(default_factory=list)  # gold-shaped {"alias", "city", "type", "evidence"}


@lru_cache(maxsize=1)
def _data() -> dict:
    return load_data("places.yaml")


@lru_cache(maxsize=1)
def _units_by_name() -> dict[str, list[Unit]]:
    names: dict[str, list[Unit]] = {}
    for unit in units():
        names.setdefault(unit.name, []).append(unit)
    return names


@dataclass(frozen=True)
class Alias:
    surface: str
    unit: Unit
    type: str  # abbreviation | short_name | literary | nickname | former_name
    frame: str | None  # compound_only abbreviations: narrow | broad
    ambiguous_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class AliasTable:
    standalone: dict[str, Alias]
    compound_only: dict[str, tuple[Alias, ...]]
    compounds: dict[str, tuple[Unit, ...]]
    frames: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # frame -> (prefixes, suffixes)


@lru_cache(maxsize=1)
def alias_table() -> AliasTable:
    """Other names of units from loaders/data/city_aliases.yaml (literary names, abbreviations, compounds)."""
    data = (load_data("city_aliases.yaml") if (DATA / "city_aliases.yaml").exists() else None) or {}

    def unit_for(entry: dict) -> Unit | None:
        code = str(entry.get("adcode") or "")
        if code and code in by_adcode():
            return by_adcode()[code]
        return unit_from_meta(entry.get("city"))

    standalone: dict[str, Alias] = {}
    compound_only: dict[str, list[Alias]] = {}
    for entry in data.get("aliases") or []:
        unit = unit_for(entry)
        if unit is None or not entry.get("alias"):
            continue
        alias = Alias(entry["alias"], unit, entry.get("type") or "literary", entry.get("frames"),
                      tuple(entry.get("ambiguous_with") or ()))
        if entry.get("use") == "compound_only":
            compound_only.setdefault(alias.surface, []).append(alias)
        elif len(alias.surface) >= 2:
            standalone.setdefault(alias.surface, alias)
    compounds = {}
    for entry in data.get("compounds") or []:
        units_ = tuple(u for u in (unit_from_meta(c) for c in entry.get("cities") or []) if u is not None)
        if entry.get("compound") and units_:
            compounds[entry["compound"]] = units_
    frames = {name: (tuple(f.get("prefixes") or ()), tuple(f.get("suffixes") or ()))
              for name, f in (data.get("frames") or {}).items()}
    return AliasTable(standalone, {k: tuple(v) for k, v in compound_only.items()}, compounds, frames)


@lru_cache(maxsize=1)
def _automaton() -> Automaton:
    """Full names of every unit; short names of provinces and prefectures (焦作, 商丘); literary names."""
    names: dict[str, tuple[str, list[Unit]]] = {}
    for unit in units():
        names.setdefault(unit.name, ("name", []))[1].append(unit)
        if unit.level in ("province", "prefecture") and len(unit.short_name) >= 2:
            names.setdefault(unit.short_name, ("short", []))[1].append(unit)
    for surface, alias in alias_table().standalone.items():
        if surface not in names:
            names[surface] = ("short" if alias.type == "short_name" else "literary", [alias.unit])
    return automaton({name: (how, tuple(candidates)) for name, (how, candidates) in names.items()})


_UNIT_SUFFIX = set("市区县旗省州盟")


_CLAUSE_STOPS = set("，。；！？、,.;!?：:\n 　“”「」《》()（）")


def _inside_longer_word_at(text: str, start: int, end: int) -> bool:
    """_inside_longer_word on the clause around the match (segmenting the clause, not the whole text)."""
    w_start = start
    while w_start > 0 and start - w_start < 16 and text[w_start - 1] not in _CLAUSE_STOPS:
        w_start -= 1
    w_end = end
    while w_end < len(text) and w_end - end < 16 and text[w_end] not in _CLAUSE_STOPS:
        w_end += 1
    return _inside_longer_word(_window_tokens(text[w_start:w_end]), start - w_start, end - w_start)


@lru_cache(maxsize=8192)
def _window_tokens(window: str) -> Tokens:
    """The tokens of a match's window; the same name in the same words is segmented once."""
    return Tokens(window)


def _inside_longer_word(tokens: Tokens, start: int, end: int) -> bool:
    """A match that begins inside a word (大理 in 重大理论), ends inside one other than at a unit
    suffix (焦作市|委 is fine), or sits inside an ordinary word (中山 in 中山装)."""
    if tokens.crosses(start):
        return True
    if end - start == 2 and tokens.crosses(end):
        return True  # 和县 in 镇和|县城: a one-character name is only trusted as a whole word
    if tokens.crosses(end) and not (tokens.token_start(end - 1) == end - 1 and tokens.text[end - 1] in _UNIT_SUFFIX):
        return True
    covering = tokens.covering(start, end)
    if covering is None:
        return False
    word = covering[2]
    # A longer token that is itself a place (焦作市 inside 焦作市区) is fine; an ordinary word is not.
    return word not in _units_by_name() and word_frequency(word) > 0


@lru_cache(maxsize=64)
def _name_matches(text: str) -> tuple[tuple[int, int, str, str, tuple[Unit, ...]], ...] | None:
    """Lexicon matches that are whole words, as (start, end, name, how, candidates), None when the
    lexicon matches nothing at all; the costly part of find_places, shared by its calls with and
    without aliases (metadata and the places family)."""
    chosen = [(start, end, name, how, candidates) for start, end, name, (how, candidates) in longest_matches(
        _automaton(), text, keep=lambda start, _: start == 0 or text[start - 1] not in _PLACEHOLDER_BEFORE)]
    if not chosen:
        return None
    return tuple(m for m in chosen if not _inside_longer_word_at(text, m[0], m[1]))


@lru_cache(maxsize=256)
def _find_places(text: str, aliases: bool = True) -> tuple[PlaceMention, ...]:
    chosen = _name_matches(text)
    if chosen is None:
        return ()
    full_names = {name for _, _, name, how, _ in chosen if how == "name"}
    ordinary = set(_data()["ordinary_words"])
    publishers = tuple(_data()["publisher_suffixes"])
    function_chars = set(_data().get("function_chars") or "")
    named = {c.adcode for _, _, _, _, cands in chosen if len(cands) == 1 for c in cands}
    mentions = []
    for start, end, name, how, candidates in chosen:
        if how == "short" and name in ordinary and not any(c.name in full_names for c in candidates):
            continue
        if text.startswith(publishers, end):
            continue
        if end - start == 2 and name[0] in function_chars and start > 0 and re.match(r"[\u3400-\u9fff]", text[start - 1]):
            continue
        if how == "literary" and not aliases:
            continue
        unit = _resolve(candidates, named)
        if unit is not None:
            mentions.append(PlaceMention(start, end, unit, "literary" if how == "literary" else "name"))
    if aliases:
        mentions += _abbreviations(text, mentions)
    mentions.sort(key=lambda m: (m.start, m.end))
    return tuple(mentions)


def find_places(text: str, aliases: bool = False) -> list[PlaceMention]:
    """Places named in a text by their names (焦作市, 焦作), and with `aliases` also by literary
    names (怀川), abbreviations in their frames (援鄂, 驻焦) and listed compounds (郑洛).

    text (str): clean simplified text.
    aliases (bool): include the alias table's forms (a mention's `how` tells which kind it is).
    RETURNS (list[PlaceMention]): non-overlapping mentions in text order.
    """
    return list(_find_places(text, aliases))


def _abbreviations(text: str, found: list[PlaceMention]) -> list[PlaceMention]:
    """One-character abbreviations inside their frames (援鄂, 驻焦, 来豫, 豫籍) and listed compounds (郑洛)."""
    table = alias_table()
    covered = span_mask(len(text), ((m.start, m.end) for m in found))
    result = []
    for compound, units_ in table.compounds.items():
        for m in re.finditer(re.escape(compound), text):
            if covered[m.start()]:
                continue
            if len(compound) == len(units_):
                result += [PlaceMention(m.start() + i, m.start() + i + 1, u, "abbreviation") for i, u in enumerate(units_)]
            covered[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    if not table.compound_only:
        return result
    chars = "".join(re.escape(c) for c in table.compound_only if len(c) == 1)
    for m in re.finditer(f"[{chars}]", text):
        pos = m.start()
        if covered[pos]:
            continue  # part of a full name (在鄂尔多斯) or of a compound
        for alias in table.compound_only[m.group()]:
            prefixes, suffixes = table.frames.get(alias.frame or "narrow", ((), ()))
            if any(text.startswith(p, pos - len(p)) for p in prefixes if pos >= len(p)) or \
                    any(text.startswith(x, pos + 1) for x in suffixes):
                result.append(PlaceMention(pos, pos + 1, alias.unit, "abbreviation"))
                break
    return result


def _resolve(candidates: tuple[Unit, ...], named: set[str]) -> Unit | None:
    if len(candidates) == 1:
        unit = candidates[0]
        # A district name alone (解放区) is only a city part when its city is named too.
        return unit if not unit.is_district or unit.parent_adcode in named else None
    in_context = [u for u in candidates if u.parent_adcode in named]
    return in_context[0] if len(in_context) == 1 else None


def unit_from_meta(value: object) -> Unit | None:
    """A unit from a metadata value: an adcode or a canonical name."""
    if not value:
        return None
    text = str(value)
    if text.isdigit():
        return by_adcode().get(text.ljust(6, "0"))
    for unit in units():
        if unit.display_name == text or unit.name == text:
            return unit
    return None


def _city_of(unit: Unit) -> Unit:
    """The city a district belongs to (焦作市解放区 -> 焦作市); other units are themselves."""
    if unit.is_district and unit.parent_adcode:
        return by_adcode().get(unit.parent_adcode, unit)
    return unit


def guess_city(text: str, mentions: list[PlaceMention]) -> Unit | None:
    """The city a text is about, from where and how often units below province level are named.

    A name in the opening lines or at the head of an office title (焦作市委, 彬州市创建…) weighs more.
    """
    scores: Counter[str] = Counter()
    for m in mentions:
        unit = _city_of(m.unit) if m.how != "abbreviation" else m.unit
        if unit.level == "province":
            continue
        weight = 1.0 + (1.0 if m.start < 300 else 0.0)
        after = text[m.end:m.end + 4]
        if re.match(r"(?:市|区|县|旗)?(?:委|政府|人民政府|人大|政协|创建|文明办|消息)", after):
            weight += 1.0
        if m.unit.is_district:
            weight *= 0.5
        scores[unit.adcode] += weight
    if not scores:
        return None
    best = max(scores.items(), key=lambda kv: (kv[1], -min(m.start for m in mentions
                                                          if _city_of(m.unit).adcode == kv[0] or m.unit.adcode == kv[0])))
    return by_adcode()[best[0]]


def _self_references(text: str) -> list[tuple[int, int]]:
    words = sorted(_data()["self_references"], key=len, reverse=True)
    return [(m.start(), m.end()) for m in re.finditer("|".join(map(re.escape, words)), text)]


def _city_abbreviations(text: str, city: Unit) -> list[tuple[int, int]]:
    """驻焦, 驻信: the first character of the document's city after 驻 (units stationed in the city)."""
    if not city.short_name:
        return []
    char = city.short_name[0]
    return [(m.start(1), m.end(1)) for m in re.finditer(f"驻({re.escape(char)})", text)
            if not text.startswith(city.short_name, m.start(1))]


def analyse(doc: Document) -> DocumentPlaces:
    """Places of a document (computed once per Document and kept on it)."""
    cache = doc.__dict__.setdefault("_cckg", {})
    if "places" in cache:
        return cache["places"]
    text = doc.text
    mentions = list(find_places(text, aliases=True))
    city = unit_from_meta(doc.meta.get("primary_city_adcode") or doc.meta.get("primary_city")) \
        or guess_city(text, mentions)
    aliases: list[dict] = []
    seen_alias: set[tuple[str, str]] = set()

    def add_alias(surface: str, unit: Unit, type_: str, start: int, end: int) -> None:
        if (surface, unit.display_name) in seen_alias:
            return
        seen_alias.add((surface, unit.display_name))
        aliases.append({"alias": surface, "city": unit.display_name, "type": type_,
                        "evidence": _fragment(text, start, end)})

    for m in mentions:
        if m.how in ("literary", "abbreviation"):
            add_alias(text[m.start:m.end], m.unit, m.how, m.start, m.end)
    if city is not None:
        taken = span_mask(len(text), ((m.start, m.end) for m in mentions))
        for start, end in _self_references(text):
            if taken.find(1, start, end) < 0:
                mentions.append(PlaceMention(start, end, city, "self"))
        for start, end in _city_abbreviations(text, city):
            if not taken[start]:
                mentions.append(PlaceMention(start, end, city, "abbreviation"))
                add_alias(text[start:end], city, "abbreviation", start, end)
        mentions.sort(key=lambda m: (m.start, m.end))
    result = DocumentPlaces(mentions, city, aliases)
    cache["places"] = result
    return result


def document_city(doc: Document) -> Unit | None:
    """The city a document is about: doc.meta["primary_city"] when set, else the best-supported city."""
    return analyse(doc).city


def _fragment(text: str, start: int, end: int, width: int = 8) -> str:
    """A short exact fragment around a span, cut at clause punctuation."""
    left = start
    while left > 0 and start - left < width and text[left - 1] not in "，,。；;！!？?：:\n“”「」":
        left -= 1
    right = end
    while right < len(text) and right - end < width and text[right] not in "，,。；;！!？?：:\n“”「」":
        right += 1
    return text[left:right]


def gold(doc: Document) -> dict[str, list]:
    """The gold-schema fields of this family: "cities" (canonical names) and "city_aliases"."""
    places = analyse(doc)
    names: list[str] = []
    for m in places.mentions:
        if m.unit.display_name not in names:
            names.append(m.unit.display_name)
    return {"cities": names, "city_aliases": places.aliases}


def add_city(bundle: GraphBundle, unit: Unit, evidence=()) -> NodeRef:
    """The City node for a unit, with the fields the model holds."""
    return bundle.add_node("City", unit.adcode, {
        "name": unit.display_name, "short_name": unit.short_name, "level": unit.level,
        "unit_type": unit.unit_type, "province": unit.province, "parent_adcode": unit.parent_adcode,
        "lon": unit.lon, "lat": unit.lat,
    }, evidence)


class PlaceExtractor:
    """Adds City nodes, Document-MENTIONS->City, Document-ABOUT->City and City-PART_OF->City edges."""

    name = "places"

    def __call__(self, doc: Document, bundle: GraphBundle) -> None:
        doc_ref = ("Document", doc.doc_id)
        places = analyse(doc)
        named = {m.unit.adcode for m in places.mentions}
        for mention in places.mentions:
            evidence = [evidence_at(doc, mention.start, mention.end)]
            city = add_city(bundle, mention.unit, evidence)
            bundle.add_edge("MENTIONS", doc_ref, city, evidence=evidence)
            parent = by_adcode().get(mention.unit.parent_adcode or "")
            if parent is not None and parent.adcode in named:
                bundle.add_edge("PART_OF", city, add_city(bundle, parent), evidence=evidence)
        if places.city is not None:
            first = next((m for m in places.mentions if m.unit.adcode == places.city.adcode), None)
            evidence = [evidence_at(doc, first.start, first.end)] if first else []
            bundle.add_edge("ABOUT", doc_ref, add_city(bundle, places.city, evidence), evidence=evidence)
