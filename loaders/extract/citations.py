"""Cited documents: titles in 《》 and documents the genre names without them (政府工作报告)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.bundle import GraphBundle
from loaders.datafiles import load_data
from loaders.document import Document
from loaders.extract.common import automaton, evidence_at, longest_matches

# 《…》 may lose its closing mark in scraped text; stop at sentence ends so one missing 》 does not
# swallow a paragraph. Full-width and ASCII look-alikes (〈〉, <<>>) are used by some sites.
_TITLE = re.compile(r"(?:《|〈〈|<<)([^《》〈〉<>。！？\n]{1,80})(?:》|〉〉|>>)")


@dataclass(frozen=True)
class Citation:
    start: int  # clean-text offsets of the whole cited span
    end: int
    title: str


def normalize_title(title: str) -> str:
    """Simplified title without the 《》 marks and stray spaces: 《杭锦旗…2020 年工作方案》 -> …2020年工作方案."""
    return re.sub(r"\s+", "", title).strip("《》〈〉<>“”\"")


@lru_cache(maxsize=1)
def _named():
    data = load_data("named_documents.yaml")
    return automaton({name: name for name in data["named_documents"]}), frozenset(data.get("not_documents") or ())


def find_citations(text: str) -> list[Citation]:
    """Cited titles in order of mention; a plain name counts only when no 《》 title already holds it."""
    found = []
    for m in _TITLE.finditer(text):
        title = normalize_title(m.group(1))
        if len(title) >= 2 and title not in _named()[1]:
            found.append(Citation(m.start(), m.end(), title))
    named, _ = _named()
    spans = [(c.start, c.end) for c in found]
    for start, end, word, _payload in longest_matches(named, text):
        if any(s <= start and end <= e for s, e in spans):
            continue
        if any(word in c.title for c in found):
            continue
        found.append(Citation(start, end, word))
    found.sort(key=lambda c: c.start)
    return found


class CitationExtractor:
    """Publication nodes and Document-REFERENCES->Publication, each with its sentence."""

    name = "citations"

    def __call__(self, doc: Document, bundle: GraphBundle) -> None:
        doc_ref = ("Document", doc.doc_id)
        for citation in find_citations(doc.text):
            evidence = [evidence_at(doc, citation.start, citation.end)]
            ref = bundle.add_node("Publication", citation.title, {}, evidence)
            bundle.add_edge("REFERENCES", doc_ref, ref, evidence=evidence)


def gold(doc: Document) -> dict[str, list]:
    """{"cited_documents": titles} in first-mention order."""
    titles: list[str] = []
    for citation in find_citations(doc.text):
        if citation.title not in titles:
            titles.append(citation.title)
    return {"cited_documents": titles}
