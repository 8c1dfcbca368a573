"""Cut a GraphBundle down to what an export asks for.

Filters work through provenance. The scope filters (date range, cities, provinces,
campaigns) choose the Documents in scope; every edge then keeps only the evidence
from those Documents, and an edge left without evidence goes. Node filters (a city
outside the scope, a tactic outside the categories, a campaign not asked for) remove
nodes and their edges. When anything was cut, nodes that no kept evidence supports
go too, so a tactic cited only outside the scope does not linger. The label filter
comes last and only hides nodes (and their edges).

Edges without evidence are structural facts from data files (a tactic's category, a
district's city): they never support a node themselves, but carry support from their
source to their target (a kept tactic keeps its category).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.bundle import Edge, GraphBundle, Node, NodeRef
from graph.model import ENTITY_LABELS, NODES


@dataclass(frozen=True)
class Filters:
    """What to keep. Empty fields keep everything.

    labels (frozenset[str]): node labels to keep (City, Tactic …).
    provinces (frozenset[str]): provinces, full or short name (河南省, 河南).
    cities (frozenset[str]): cities by name, short name or adcode; their districts and counties come along.
    campaigns (frozenset[str]): campaigns by name or alias; Documents must concern one of them.
    categories (frozenset[str]): tactic categories; other tactics (and categories) are left out.
    date_from (str | None): first day (YYYY-MM-DD, YYYY-MM or YYYY) of Documents to keep.
    date_to (str | None): last day, inclusive. With either date, undated Documents are left out.
    min_evidence (int): edges need at least this many supporting sentences (in scope).
    """

    labels: frozenset[str] = frozenset()
    provinces: frozenset[str] = frozenset()
    cities: frozenset[str] = frozenset()
    campaigns: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    date_from: str | None = None
    date_to: str | None = None
    min_evidence: int = 0

    def __post_init__(self) -> None:
        for name in ("labels", "provinces", "cities", "campaigns", "categories"):
            object.__setattr__(self, name, frozenset(v.strip() for v in getattr(self, name) if v and v.strip()))
        unknown = sorted(self.labels - set(NODES))
        if unknown:
            raise ValueError(f"unknown node label(s) {', '.join(unknown)}; known: {', '.join(NODES)}")
        for name, end in (("date_from", False), ("date_to", True)):
            value = getattr(self, name)
            if value is not None:
                day = parse_date(value, end=end)
                if day is None:
                    raise ValueError(f"{name.replace('_', ' ')}: {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
                object.__setattr__(self, name, day)
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"the date range is empty: {self.date_from} is after {self.date_to}")
        if self.min_evidence < 0:
            raise ValueError("minimum evidence must be 0 or more")

    @property
    def scopes_documents(self) -> bool:
        return bool(self.provinces or self.cities or self.campaigns or self.date_from or self.date_to)

    @property
    def prunes(self) -> bool:
        return self.scopes_documents or bool(self.categories or self.min_evidence)

    @property
    def is_empty(self) -> bool:
        return not (self.prunes or self.labels)


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def parse_date(text: str | None, end: bool = False) -> str | None:
    """An ISO day (YYYY-MM-DD) from a full or partial ISO date; None if it is not one.

    Args:
        text (str | None): 2019-03-05, 2019-03, 2019 (a time part after the day is ignored).
        end (bool): complete a partial date to its last day instead of its first.
    """
    if not text:
        return None
    m = _DATE.match(str(text).strip())
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return dt.date(year, 12 if end else 1, 31 if end else 1).isoformat()
        month = int(month)
        if day is None:
            if not end:
                return dt.date(year, month, 1).isoformat()
            nxt = dt.date(year + month // 12, month % 12 + 1, 1)
            return (nxt - dt.timedelta(days=1)).isoformat()
        return dt.date(year, month, int(day)).isoformat()
    except ValueError:
        return None


# The relationship types apply_filters reads to decide what to keep, besides the nodes.
FILTER_READS = frozenset({"ABOUT", "CONCERNS", "PART_OF", "IN_CATEGORY"})


@dataclass
class Subgraph:
    """The part of a bundle an export writes: nodes by ref (entities: not the documents' text),
    edges (evidence possibly narrowed)."""

    nodes: dict[NodeRef, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    doc_dates: dict[str, str] = field(default_factory=dict)  # doc_id -> ISO day, for every dated Document

    @classmethod
    def whole(cls, bundle: GraphBundle) -> Subgraph:
        nodes = {ref: n for ref, n in bundle.nodes.items() if n.label in ENTITY_LABELS}
        return cls(nodes, list(bundle.edges.values()), document_dates(nodes.values()))

    def edges_of(self, type_: str) -> Iterable[Edge]:
        return (e for e in self.edges if e.type == type_)

    def nodes_of(self, label: str) -> Iterable[Node]:
        return (n for n in self.nodes.values() if n.label == label)


def document_dates(nodes: Iterable[Node]) -> dict[str, str]:
    dates = {}
    for n in nodes:
        if n.label == "Document":
            day = parse_date(n.props.get("date_iso"))
            if day:
                dates[n.key] = day
    return dates


def apply_filters(bundle: GraphBundle, filters: Filters | None = None) -> Subgraph:
    """The subgraph of `bundle` that `filters` keeps (see the module docstring for the rules)."""
    whole = Subgraph.whole(bundle)
    if filters is None or filters.is_empty:
        return whole
    excluded = _excluded_nodes(bundle, filters, whole.doc_dates)
    in_scope_docs = {n.key for n in bundle.nodes_of("Document") if n.ref not in excluded}

    edges: list[Edge] = []
    for edge in whole.edges:
        if edge.src in excluded or edge.dst in excluded:
            continue
        if edge.evidence:
            evidence = edge.evidence
            if filters.scopes_documents:
                evidence = frozenset(e for e in evidence if e.doc_id in in_scope_docs)
                if not evidence:
                    continue
            # A stored aggregate edge counts all its sentences in weight; scoped to some documents,
            # only the few it keeps can be told apart.
            support = edge.weight if evidence is edge.evidence and edge.weight is not None else len(evidence)
            if support < filters.min_evidence:
                continue
            if evidence is not edge.evidence:
                edge = Edge(edge.type, edge.src, edge.dst, edge.props, evidence)
        edges.append(edge)

    nodes = {ref: n for ref, n in whole.nodes.items() if ref not in excluded}
    if filters.prunes:
        supported = _supported(nodes, edges, in_scope_docs if filters.scopes_documents else set())
        nodes = {ref: n for ref, n in nodes.items() if ref in supported}
    if filters.labels:
        nodes = {ref: n for ref, n in nodes.items() if n.label in filters.labels}
    edges = [e for e in edges if e.src in nodes and e.dst in nodes]
    return Subgraph(nodes, edges, whole.doc_dates)


def _supported(nodes: dict[NodeRef, Node], edges: list[Edge], docs: set[str]) -> set[NodeRef]:
    supported = {ref for ref in nodes if ref[0] == "Document" and ref[1] in docs}
    structural: dict[NodeRef, list[NodeRef]] = {}
    for e in edges:
        if e.evidence:
            supported.update((e.src, e.dst))
        else:
            structural.setdefault(e.src, []).append(e.dst)
    todo = [ref for ref in supported if ref in structural]
    while todo:
        for dst in structural.get(todo.pop(), ()):
            if dst not in supported:
                supported.add(dst)
                todo.append(dst)
    return supported


def _excluded_nodes(bundle: GraphBundle, f: Filters, doc_dates: dict[str, str]) -> set[NodeRef]:
    excluded: set[NodeRef] = set()
    city_scope = _city_scope(bundle, f) if (f.provinces or f.cities) else None
    if city_scope is not None:
        excluded |= {n.ref for n in bundle.nodes_of("City") if n.key not in city_scope}
    if f.categories:
        categorised = _tactic_categories(bundle)
        known = {n.key for n in bundle.nodes_of("TacticCategory")} | {c for cs in categorised.values() for c in cs}
        _require_known("tactic category", f.categories - known)
        excluded |= {n.ref for n in bundle.nodes_of("Tactic") if not (categorised.get(n.key, set()) & f.categories)}
        excluded |= {n.ref for n in bundle.nodes_of("TacticCategory") if n.key not in f.categories}
    if f.campaigns:
        wanted = {n.key for n in bundle.nodes_of("Campaign")
                  if n.key in f.campaigns or set(n.props.get("aliases") or ()) & f.campaigns}
        named = {n.key for n in bundle.nodes_of("Campaign")} | {
            a for n in bundle.nodes_of("Campaign") for a in n.props.get("aliases") or ()}
        _require_known("campaign", f.campaigns - named)
        excluded |= {n.ref for n in bundle.nodes_of("Campaign") if n.key not in wanted}
    if f.scopes_documents:
        about: dict[str, set[str]] = {}
        for e in bundle.edges_of("ABOUT"):
            about.setdefault(e.src[1], set()).add(e.dst[1])
        concerns: dict[str, set[str]] = {}
        for e in bundle.edges_of("CONCERNS"):
            concerns.setdefault(e.src[1], set()).add(e.dst[1])
        for doc in bundle.nodes_of("Document"):
            day = doc_dates.get(doc.key)
            keep = True
            if f.date_from or f.date_to:
                keep = day is not None and (f.date_from or day) <= day <= (f.date_to or day)
            if keep and city_scope is not None:
                cities = about.get(doc.key, set()) | ({doc.props["primary_city"]} if doc.props.get("primary_city") else set())
                keep = bool(cities & city_scope)
            if keep and f.campaigns:
                keep = bool(concerns.get(doc.key, set()) & wanted)
            if not keep:
                excluded.add(doc.ref)
    return excluded


def _require_known(what: str, unknown: set[str] | frozenset[str]) -> None:
    """A filter value that matches nothing is a typo more often than a wish for an empty graph."""
    if unknown:
        raise ValueError(f"no {what} {', '.join(sorted(unknown))} in the graph")


def _city_scope(bundle: GraphBundle, f: Filters) -> set[str]:
    """Adcodes of the cities asked for, with every unit inside them."""
    cities = bundle.nodes_of("City")
    chosen, matched = set(), set()
    for n in cities:
        names = {n.key, n.props.get("name"), n.props.get("short_name")} - {None}
        if f.cities and names & f.cities:
            chosen.add(n.key)
            matched |= names & f.cities
        province = n.props.get("province") or (n.props.get("name") if n.props.get("level") == "province" else None)
        hits = {p for p in f.provinces if province and province.startswith(p)}
        if hits:
            chosen.add(n.key)
            matched |= hits
    _require_known("city or province", (f.cities | f.provinces) - matched)
    children: dict[str, list[str]] = {}
    for n in cities:
        if n.props.get("parent_adcode"):
            children.setdefault(n.props["parent_adcode"], []).append(n.key)
    for e in bundle.edges_of("PART_OF"):
        children.setdefault(e.dst[1], []).append(e.src[1])
    todo = list(chosen)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in chosen:
                chosen.add(child)
                todo.append(child)
    return chosen


def _tactic_categories(bundle: GraphBundle) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for n in bundle.nodes_of("Tactic"):
        if n.props.get("category"):
            result.setdefault(n.key, set()).add(n.props["category"])
    for e in bundle.edges_of("IN_CATEGORY"):
        result.setdefault(e.src[1], set()).add(e.dst[1])
    return result
