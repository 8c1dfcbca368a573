"""The campaign-fact extractors (campaigns, honours, metrics, tactics, citations, organizations,
slogans) as one list, and their gold-schema fields for one document."""

from __future__ import annotations

from loaders.document import Document


def campaign_fact_extractors() -> list:
    """The seven extractors, in the order `cckg load` runs them (none reads another's output)."""
    from loaders.extract.campaigns import CampaignExtractor
    from loaders.extract.citations import CitationExtractor
    from loaders.extract.honours import HonourExtractor
    from loaders.extract.metrics import MetricExtractor
    from loaders.extract.organizations import OrganizationExtractor
    from loaders.extract.slogans import SloganExtractor
    from loaders.extract.tactics import TacticExtractor

    return [CampaignExtractor(), HonourExtractor(), MetricExtractor(), TacticExtractor(), CitationExtractor(),
            OrganizationExtractor(), SloganExtractor()]


def gold_fields(doc: Document) -> dict[str, list]:
    """campaigns, honours, metrics, tactics, cited_documents, organizations and slogans of a document,
    shaped as in ../shared/gold/README.md."""
    from loaders.extract import campaigns, citations, honours, metrics, organizations, slogans, tactics

    fields: dict[str, list] = {}
    for module in (campaigns, honours, metrics, tactics, citations, organizations, slogans):
        fields |= module.gold(doc)
    return fields
