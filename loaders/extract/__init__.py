"""Extractors: each reads a Document and adds its facts to a GraphBundle.

An extractor is any callable `extractor(doc, bundle) -> None` with a `name`;
`default_extractors()` lists the ones `cckg load` runs, in order.
"""

from __future__ import annotations

from typing import Protocol

from graph.bundle import GraphBundle
from loaders.document import Document


class Extractor(Protocol):
    name: str

    def __call__(self, doc: Document, bundle: GraphBundle) -> None: ...


def default_extractors() -> list[Extractor]:
    from loaders.extract.places import PlaceExtractor

    return [PlaceExtractor()]
