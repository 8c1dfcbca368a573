"""Cities: administrative units at county level and above named in a document."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from graph.bundle import GraphBundle, NodeRef
from loaders.document import Document
from loaders.gazetteer import Unit, units

# A match preceded by one of these is a placeholder or generic (XX市, x市, 某市).
_PLACEHOLDER_BEFORE = set("XxＸｘ×某")


@dataclass(frozen=True)
class PlaceMention:
    start: int  # clean-text offsets
    end: int
    unit: Unit


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    """Full names of every unit; short names of provinces and prefectures (焦作, 商丘)."""
    names: dict[str, list[Unit]] = {}
    for unit in units():
        names.setdefault(unit.name, []).append(unit)
        if unit.level in ("province", "prefecture") and len(unit.short_name) >= 2:
            names.setdefault(unit.short_name, []).append(unit)
    automaton = ahocorasick.Automaton()
    for name, candidates in names.items():
        automaton.add_word(name, (name, tuple(candidates)))
    automaton.make_automaton()
    return automaton


def find_places(text: str) -> list[PlaceMention]:
    """Longest non-overlapping gazetteer matches, ambiguous names resolved by the other places named."""
    raw = []
    for end_idx, (name, candidates) in _automaton().iter(text):
        start = end_idx - len(name) + 1
        if start > 0 and text[start - 1] in _PLACEHOLDER_BEFORE:
            continue
        raw.append((start, end_idx + 1, candidates))
    raw.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    chosen, last_end = [], -1
    for start, end, candidates in raw:
        if start >= last_end:
            chosen.append((start, end, candidates))
            last_end = end
    named = {c.adcode for _, _, cands in chosen if len(cands) == 1 for c in cands}
    mentions = []
    for start, end, candidates in chosen:
        unit = _resolve(candidates, named)
        if unit is not None:
            mentions.append(PlaceMention(start, end, unit))
    return mentions


def _resolve(candidates: tuple[Unit, ...], named: set[str]) -> Unit | None:
    if len(candidates) == 1:
        unit = candidates[0]
        # A district name alone (解放区) is only a city part when its city is named too.
        return unit if not unit.is_district or unit.parent_adcode in named else None
    in_context = [u for u in candidates if u.parent_adcode in named]
    return in_context[0] if len(in_context) == 1 else None


def add_city(bundle: GraphBundle, unit: Unit, evidence=()) -> NodeRef:
    """The City node for a unit, with the fields the model holds."""
    return bundle.add_node("City", unit.adcode, {
        "name": unit.display_name, "short_name": unit.short_name, "level": unit.level,
        "unit_type": unit.unit_type, "province": unit.province, "parent_adcode": unit.parent_adcode,
        "lon": unit.lon, "lat": unit.lat,
    }, evidence)


class PlaceExtractor:
    """Adds City nodes and Document-MENTIONS->City edges, each with its sentence."""

    name = "places"

    def __call__(self, doc: Document, bundle: GraphBundle) -> None:
        doc_ref = ("Document", doc.doc_id)
        for mention in find_places(doc.text):
            evidence = [doc.evidence(mention.start, mention.end)]
            city = add_city(bundle, mention.unit, evidence)
            bundle.add_edge("MENTIONS", doc_ref, city, evidence=evidence)
