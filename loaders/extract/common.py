"""Helpers shared by the campaign, honour, metric, tactic, citation, organization and slogan extractors."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from loaders.document import Document
from loaders.gazetteer import Unit

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


def longest_matches(auto: ahocorasick.Automaton, text: str,
                    keep: Callable[[int, int], bool] | None = None) -> list[tuple[int, int, str, Any]]:
    """Leftmost-longest, non-overlapping matches as (start, end, word, payload).

    keep (callable): when given, only matches with keep(start, end) true compete.
    """
    if not len(auto):
        return []
    raw = [(end - len(word) + 1, end + 1, word, payload) for end, (word, payload) in auto.iter(text)]
    if keep is not None:
        raw = [m for m in raw if keep(m[0], m[1])]
    raw.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    chosen, last_end = [], -1
    for m in raw:
        if m[0] >= last_end:
            chosen.append(m)
            last_end = m[1]
    return chosen


def span_mask(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """A byte per text position, 1 where one of the spans covers it (for overlap tests without loops:
    `mask[pos]`, `mask.find(1, start, end) >= 0`)."""
    mask = bytearray(length)
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


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


def primary_city(doc: Document) -> Unit | None:
    """The city a document is about (doc.meta["primary_city"] when ingestion set it, else the places
    family's best-supported city), so every family agrees on it."""
    from loaders.extract.places import document_city

    return document_city(doc)
