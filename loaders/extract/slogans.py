"""Slogans: a city's quoted slogans and brands (精致城市、品质焦作; 殷商之源·通达商丘; 文明河南).

A quoted phrase is a slogan when it is built of parallel parts, names a place, or is framed by a
branding verb or noun (打造“…”城市名片; 营造“…”的浓厚氛围); see loaders/data/slogan_grammar.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.bundle import GraphBundle
from loaders.datafiles import load_data
from loaders.document import Document
from loaders.extract.common import evidence_at, primary_city
from loaders.extract.places import add_city, find_places

_QUOTED = re.compile(r"[“\"「『]([^“”\"「」『』\n]{2,30}?)\s*[”\"」』]")


@dataclass(frozen=True)
class SloganMention:
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _grammar() -> dict:
    g = load_data("slogan_grammar.yaml")
    return {"before": tuple(g["before"]), "after": tuple(g["after"]), "sep": re.compile(f"[{re.escape(g['separators'])}]"),
            "method_after": tuple(g["method_after"])}


def _parallel(phrase: str) -> bool:
    parts = [p for p in _grammar()["sep"].split(phrase) if p]
    return len(parts) >= 2 and all(2 <= len(p) <= 10 for p in parts) and \
        bool(re.fullmatch(r"[\u4e00-\u9fff、·•，,+]+", phrase))


def find_slogans(text: str) -> list[SloganMention]:
    """Quoted slogans and brands, in order of mention."""
    from loaders.extract.campaigns import find_campaigns

    g = _grammar()
    found = []
    for m in _QUOTED.finditer(text):
        phrase = m.group(1).strip()
        after = text[m.end():m.end() + 8]
        before = text[max(0, m.start() - 4):m.start()]
        whole_campaign = any(c.start == 0 and c.end == len(phrase) for c in find_campaigns(phrase))
        if whole_campaign or (after.startswith(g["method_after"]) and not _parallel(phrase)):
            continue
        if not re.search(r"[\u4e00-\u9fff]{2}", phrase):
            continue
        framed = before.endswith(g["before"]) or after.startswith(g["after"])
        names_place = any(p.unit.level in ("province", "prefecture", "county") for p in find_places(phrase))
        if _parallel(phrase) or (framed and len(phrase) <= 12) or (names_place and len(phrase) <= 8):
            found.append(SloganMention(m.start(1), m.start(1) + len(phrase), phrase))
    return found


class SloganExtractor:
    """Slogan nodes and City-HAS_SLOGAN->Slogan for the document's city."""

    name = "slogans"

    def __call__(self, doc: Document, bundle: GraphBundle) -> None:
        city = primary_city(doc)
        if city is None:
            return
        city_ref = add_city(bundle, city)
        for mention in find_slogans(doc.text):
            evidence = [evidence_at(doc, mention.start, mention.end)]
            ref = bundle.add_node("Slogan", mention.text, {}, evidence)
            bundle.add_edge("HAS_SLOGAN", city_ref, ref, evidence=evidence)


def gold(doc: Document) -> dict[str, list]:
    """{"slogans": texts without quote marks, once each}."""
    texts: list[str] = []
    for mention in find_slogans(doc.text):
        if mention.text not in texts:
            texts.append(mention.text)
    return {"slogans": texts}
