"""Campaigns: the national titles and drives a document names (创文 -> 全国文明城市, 六城联创 …)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.bundle import GraphBundle
from loaders.datafiles import load_data
from loaders.document import Document
from loaders.extract.common import Automaton, automaton, evidence_at, longest_matches, primary_city
from loaders.extract.places import add_city

# 三城同创, 七城联创 …: numbered joint drives follow one grammar, whatever the number.
_JOINT = re.compile(r"[二两三四五六七八九十]城(?:联创|同创|共创)")


@dataclass(frozen=True)
class Campaign:
    name: str
    aliases: tuple[str, ...]  # every surface form: aliases, abbreviations, weak aliases
    title: bool  # a city can hold it as an honour (kind "title" in campaigns.yaml)
    conferred_by: str | None
    county_counterpart: str | None = None
    weak: tuple[str, ...] = ()  # forms to take only in a document about campaigns
    skipped: bool = False  # a provincial title: blocks the national name, reported as nothing


@dataclass(frozen=True)
class CampaignMention:
    start: int  # clean-text offsets
    end: int
    surface: str
    campaign: Campaign


@lru_cache(maxsize=1)
def campaigns() -> dict[str, Campaign]:
    """The campaign lexicon (loaders/data/campaigns.yaml, plus the extra forms of campaign_grammar.yaml)."""
    grammar = load_data("campaign_grammar.yaml")
    extra = grammar.get("extra_aliases") or {}
    skip = set(grammar.get("skip_levels") or ())
    result = {}
    for c in load_data("campaigns.yaml")["campaigns"]:
        forms = (*(c.get("aliases") or ()), *(c.get("abbreviations") or ()), *extra.get(c["name"], ()))
        result[c["name"]] = Campaign(
            c["name"], tuple(dict.fromkeys(forms)), c.get("kind") == "title", c.get("conferred_by"),
            c.get("county_counterpart"), tuple(c.get("weak_aliases") or ()), c.get("level") in skip)
    return result


@lru_cache(maxsize=1)
def _automaton() -> Automaton:
    words: dict[str, tuple[Campaign | None, bool]] = {}
    for campaign in campaigns().values():
        target = None if campaign.skipped else campaign
        for form in campaign.weak:
            words[form] = (target, True)
        for form in (campaign.name, *campaign.aliases):
            words[form] = (target, False)
    for blocked in load_data("campaign_grammar.yaml").get("not_campaigns") or ():
        words[blocked] = (None, False)
    return automaton(words)


def _joint_campaign(surface: str) -> Campaign:
    for campaign in campaigns().values():
        if surface == campaign.name or surface in campaign.aliases:
            return campaign
    return Campaign(surface[:2] + "联创", (surface,), False, None)


def find_campaigns(text: str) -> list[CampaignMention]:
    """Every campaign mention, leftmost-longest. Weak forms (文明城市) count only when the text also
    names a campaign by a strong form; ambiguous forms (双创, 创城) only with campaign words nearby."""
    return list(_find_campaigns(text))


@lru_cache(maxsize=1024)
def _find_campaigns(text: str) -> tuple[CampaignMention, ...]:
    # cached: several families ask about the same document and the same short phrases
    context = load_data("campaign_grammar.yaml").get("context_aliases") or {}
    strong, weak = [], []
    for start, end, surface, (campaign, is_weak) in longest_matches(_automaton(), text):
        if campaign is None:
            continue
        if surface in context and not _in_context(text, start, end, context[surface]):
            continue
        (weak if is_weak else strong).append(CampaignMention(start, end, surface, campaign))
    mentions = strong + (weak if strong else [])
    taken = [(m.start, m.end) for m in mentions]
    for m in _JOINT.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            mentions.append(CampaignMention(m.start(), m.end(), m.group(), _joint_campaign(m.group())))
    mentions.sort(key=lambda m: m.start)
    return tuple(mentions)


def _in_context(text: str, start: int, end: int, words: list[str]) -> bool:
    lo = max(0, start - 40)
    window = text[lo:start] + text[end:end + 40]
    return any(w in window for w in words)


class CampaignExtractor:
    """Campaign nodes, Document-CONCERNS->Campaign and City-PURSUES->Campaign (the document's city)."""

    name = "campaigns"

    def __call__(self, doc: Document, bundle: GraphBundle) -> None:
        doc_ref = ("Document", doc.doc_id)
        city = primary_city(doc)
        for mention in find_campaigns(doc.text):
            evidence = [evidence_at(doc, mention.start, mention.end)]
            campaign = mention.campaign
            ref = bundle.add_node("Campaign", campaign.name, {"aliases": sorted({mention.surface, *campaign.aliases})},
                                  evidence)
            bundle.add_edge("CONCERNS", doc_ref, ref, evidence=evidence)
            if city is not None:
                bundle.add_edge("PURSUES", add_city(bundle, city), ref, evidence=evidence)


def gold(doc: Document) -> dict[str, list]:
    """{"campaigns": canonical names} in first-mention order."""
    names: list[str] = []
    for mention in find_campaigns(doc.text):
        if mention.campaign.name not in names:
            names.append(mention.campaign.name)
    return {"campaigns": names}
