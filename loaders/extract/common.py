"""Helpers shared by the campaign, honour, metric, tactic, citation, organization and slogan extractors."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from typing import Any

import ahocorasick_rs

from graph.bundle import Evidence
from loaders.document import Document
from loaders.gazetteer import Unit

# Clause boundaries inside a sentence (an enumeration with 、 stays in one clause).
CLAUSE_END = "，,。；;！!？?：:\n"
_CLAUSE = re.compile(r"[^，,。；;！!？?：:\n]+")


class Automaton:
    """Many words found at once: an Aho-Corasick DFA (ahocorasick_rs) with a payload per word.

    A DFA, not the default NFA: with thousands of words (every unit of the gazetteer) each character
    costs one table lookup instead of a search among the root's children.
    """

    def __init__(self, words: dict[str, Any]) -> None:
        self.words = [w for w in words if w]
        self.payloads = [words[w] for w in self.words]
        self._ac = ahocorasick_rs.AhoCorasick(self.words, implementation=ahocorasick_rs.Implementation.DFA) \
            if self.words else None

    def __len__(self) -> int:
        return len(self.words)

    def matches(self, text: str) -> list[tuple[int, int, str, Any]]:
        """Every occurrence of every word, overlapping, as (start, end, word, payload)."""
        if self._ac is None:
            return []
        words, payloads = self.words, self.payloads
        return [(start, end, words[i], payloads[i])
                for i, start, end in self._ac.find_matches_as_indexes(text, overlapping=True)]


def automaton(words: dict[str, Any]) -> Automaton:
    """An automaton over the words; longest_matches gives (start, end, word, payload)."""
    return Automaton(words)


def longest_matches(auto: Automaton, text: str,
                    keep: Callable[[int, int], bool] | None = None) -> list[tuple[int, int, str, Any]]:
    """Leftmost-longest, non-overlapping matches as (start, end, word, payload).

    keep (callable): when given, only matches with keep(start, end) true compete.
    """
    raw = auto.matches(text)
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


def evidence_at(doc: Document, start: int, end: int | None = None) -> Evidence:
    """doc.evidence(start, end), made once per sentence and kept on the Document: every family
    asks for the same sentences again and again."""
    cache = doc.__dict__.setdefault("_cckg", {})
    table = cache.get("evidence")
    if table is None:
        table = cache["evidence"] = ([s.start for s in doc.sentences], {})
    starts, made = table
    i = bisect_right(starts, start) - 1
    if i < 0 or start >= doc.sentences[i].end:
        return doc.evidence(start, end)  # between sentences
    evidence = made.get(i)
    if evidence is None:
        evidence = made[i] = doc.evidence(start, end)
    return evidence


def primary_city(doc: Document) -> Unit | None:
    """The city a document is about (doc.meta["primary_city"] when ingestion set it, else the places
    family's best-supported city), so every family agrees on it."""
    from loaders.extract.places import document_city

    return document_city(doc)
