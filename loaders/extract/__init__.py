"""Extractors: each reads a Document and adds its facts to a GraphBundle.

An extractor is any callable `extractor(doc, bundle) -> None` with a `name`;
`default_extractors()` lists the ones `cckg load` runs, in order.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Protocol

from graph.bundle import GraphBundle
from loaders.document import Document


class Extractor(Protocol):
    name: str

    def __call__(self, doc: Document, bundle: GraphBundle) -> None: ...


# (module, class) of every extractor family, in the order `cckg load` runs them. Places come first
# (the others read the document's city); none reads another's output from the bundle.
FAMILIES: tuple[tuple[str, str], ...] = (
    ("places", "PlaceExtractor"),
    ("meetings", "MeetingExtractor"),
    ("officials", "OfficialExtractor"),
    ("campaigns", "CampaignExtractor"),
    ("honours", "HonourExtractor"),
    ("metrics", "MetricExtractor"),
    ("tactics", "TacticExtractor"),
    ("citations", "CitationExtractor"),
    ("organizations", "OrganizationExtractor"),
    ("slogans", "SloganExtractor"),
)


def family_modules() -> list[ModuleType]:
    """The module of every extractor family, in FAMILIES order; each has its class and a gold(doc)."""
    return [importlib.import_module(f"loaders.extract.{module}") for module, _ in FAMILIES]


def default_extractors() -> list[Extractor]:
    """One instance of every extractor family, in the order `cckg load` runs them."""
    return [getattr(module, class_name)() for module, (_, class_name) in zip(family_modules(), FAMILIES)]
