"""Helpers shared by the campaign, honour, metric, tactic, citation, organization and slogan extractors."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from loaders.document import Document
from loaders.gazetteer import Unit, by_adcode

DATA = Path(__file__).resolve().parent.parent / "data"

# Clause boundaries inside a sentence (an enumeration with 、 stays in one clause).
CLAUSE_END = "，,。；;！!？?：:\n"
_CLAUSE = re.compile(r"[^，,。；;！!？?：:\n]+")


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """A YAML file of loaders/data, parsed once.

    name (str): file name, e.g. "campaigns.yaml".
    RETURNS (Any): the parsed document.
    """
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def automaton(words: dict[str, Any]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton whose values are (word, payload)."""
    auto = ahocorasick.Automaton()
    for word, payload in words.items():
        auto.add_word(word, (word, payload))
    if len(auto):
        auto.make_automaton()
    return auto


def longest_matches(auto: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str, Any]]:
    """Leftmost-longest, non-overlapping matches as (start, end, word, payload)."""
    if not len(auto):
        return []
    raw = [(end - len(word) + 1, end + 1, word, payload) for end, (word, payload) in auto.iter(text)]
    raw.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    chosen, last_end = [], -1
    for m in raw:
        if m[0] >= last_end:
            chosen.append(m)
            last_end = m[1]
    return chosen


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause (between ，。；！？：) that holds text[pos]."""
    start = pos
    while start > 0 and text[start - 1] not in CLAUSE_END:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in CLAUSE_END:
        end += 1
    return start, end


def clauses(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """Clauses of a sentence as (start, end, text), offsets shifted by `offset`."""
    return [(offset + m.start(), offset + m.end(), m.group()) for m in _CLAUSE.finditer(text)]


def _city_units(doc: Document) -> list[Unit]:
    from loaders.extract.places import find_places

    return [m.unit for m in find_places(doc.text)]


def primary_city(doc: Document) -> Unit | None:
    """The city a document is about.

    doc.meta["primary_city"] (an adcode set at ingestion) when present; else the most-mentioned
    city below province level, else the most-mentioned unit; None when no unit is named.
    """
    from loaders.extract import places

    resolver = getattr(places, "document_city", None)  # the places family's resolver, when present
    if resolver is not None:
        return resolver(doc)
    unit = None
    code = doc.meta.get("primary_city")
    if code:
        unit = by_adcode().get(str(code))
    if unit is None:
        mentioned = _city_units(doc)
        local = [u for u in mentioned if u.level != "province"]
        counts = Counter(u.adcode for u in (local or mentioned))
        if counts:
            unit = by_adcode()[counts.most_common(1)[0][0]]
    return unit


def city_in_span(doc: Document, start: int, end: int) -> Unit | None:
    """The last city below province level named in text[start:end] (the actor of a clause)."""
    from loaders.extract.places import find_places

    found = [m.unit for m in find_places(doc.text[start:end]) if m.unit.level != "province"]
    return found[-1] if found else None


def city_name(unit: Unit | None) -> str | None:
    return unit.display_name if unit is not None else None


def strip_quotes(text: str) -> str:
    return text.strip("“”\"「」『』‘’' ")
