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


def default_extractors() -> list[Extractor]:
    """One instance of every extractor family (a family whose module is not there yet is left out)."""
    import importlib

    extractors: list[Extractor] = []
    for module_name, class_name in FAMILIES:
        try:
            module = importlib.import_module(f"loaders.extract.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"loaders.extract.{module_name}":
                continue
            raise
        extractors.append(getattr(module, class_name)())
    return extractors
