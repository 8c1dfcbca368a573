"""The flat graph every export format writes: typed attribute tables, nodes and edges.

A filtered bundle (graph.filters.Subgraph) or a projection (graph.projections) becomes
an ExportGraph; the writers (graph.writers) only serialise it, so GEXF, GraphML, JSON
and CSV cannot disagree about what a node or edge holds.

Node ids are `Label:key` (keys of different labels may coincide). Every node has the
attributes `node_label` (City, Tactic …) and `key`; every edge `rel_type` (ABOUT,
USES …) and a weight: the number of supporting sentences (1 for structural facts
from data files, such as a tactic's category).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from graph.bundle import Edge, Node
from graph.filters import Subgraph, parse_date
from graph.model import NODES, RELS

AttrType = Literal["string", "long", "double", "boolean"]

_MODEL_TYPES: dict[str, tuple[AttrType, bool]] = {
    "STRING": ("string", False), "INT64": ("long", False), "DOUBLE": ("double", False),
    "BOOLEAN": ("boolean", False), "STRING[]": ("string", True), "INT64[]": ("string", True),
}

# Full texts would make a drawing file as large as the corpus; they stay in the store.
SKIPPED_NODE_PROPS = frozenset({"text", "clean_text"})
LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Attr:
    """A declared attribute: name, type in the exported file, whether its values are lists.

    List values are written joined with LIST_SEPARATOR (declared as strings) in GEXF,
    GraphML and CSV; JSON keeps them as lists.
    """

    name: str
    type: AttrType = "string"
    is_list: bool = False


@dataclass
class ExportNode:
    id: str
    label: str  # model label (City …) or projection label: decides the colour
    name: str  # display label
    attrs: dict[str, Any] = field(default_factory=dict)
    start: str | None = None  # ISO day the node appears (dynamic exports)
    series: dict[str, list[tuple[Any, str, str | None]]] = field(default_factory=dict)
    pos: tuple[float, float] | None = None


@dataclass
class ExportEdge:
    id: str
    source: str
    target: str
    rel_type: str
    weight: float
    attrs: dict[str, Any] = field(default_factory=dict)
    start: str | None = None
    series: dict[str, list[tuple[Any, str, str | None]]] = field(default_factory=dict)


@dataclass
class ExportGraph:
    """What a writer serialises.

    name (str): a title for the file's metadata.
    directed (bool): directed edges (the full graph) or undirected (projections).
    node_attrs / edge_attrs (list[Attr]): static attributes, in column order.
    node_series / edge_series (list[Attr]): dynamic attributes (values over time).
    weight_type (AttrType): `long` when weights count sentences, `double` for similarities.
    dynamic (bool): nodes and edges carry start dates.
    """

    name: str
    directed: bool
    node_attrs: list[Attr]
    edge_attrs: list[Attr]
    nodes: list[ExportNode]
    edges: list[ExportEdge]
    node_series: list[Attr] = field(default_factory=list)
    edge_series: list[Attr] = field(default_factory=list)
    weight_type: AttrType = "long"
    dynamic: bool = False

    def finish(self) -> ExportGraph:
        """Add each node's degree (attribute `degree`), drop start dates unless dynamic."""
        degree: Counter[str] = Counter()
        for e in self.edges:
            degree[e.source] += 1
            degree[e.target] += 1
        if not any(a.name == "degree" for a in self.node_attrs):
            self.node_attrs.append(Attr("degree", "long"))
        for n in self.nodes:
            n.attrs["degree"] = degree[n.id]
        if not self.dynamic:
            self.node_series, self.edge_series = [], []
            for item in (*self.nodes, *self.edges):
                item.start, item.series = None, {}
        return self

    @property
    def max_degree(self) -> int:
        return max((n.attrs.get("degree", 0) for n in self.nodes), default=0)

    @property
    def multigraph(self) -> bool:
        seen = set()
        for e in self.edges:
            pair = (e.source, e.target) if self.directed else tuple(sorted((e.source, e.target)))
            if pair in seen:
                return True
            seen.add(pair)
        return False

    @property
    def time_span(self) -> tuple[str | None, str | None]:
        days = [x.start for x in (*self.nodes, *self.edges) if x.start]
        return (min(days), max(days)) if days else (None, None)


def node_id(label: str, key: str) -> str:
    return f"{label}:{key}"


def display_name(node: Node) -> str:
    """What a drawing shows on a node: its name or title, else its key."""
    p = node.props
    if node.label == "Honour" and p.get("title"):
        return " ".join(str(x) for x in (p["title"], p.get("edition")) if x)
    if node.label == "Document":
        return str(p.get("title") or (p.get("part") if p.get("part") not in (None, "whole") else None) or node.key[:12])
    return str(p.get("name") or p.get("title") or node.key)


def cumulative(days: Iterable[str]) -> list[tuple[int, str, str | None]]:
    """A step series of running counts: one (count, start, end) per distinct day.

    Each interval ends the day before the next one starts (GEXF intervals are closed,
    so they must not touch); the last one is open.
    """
    counts = Counter(d for d in days if d)
    steps, total = [], 0
    ordered = sorted(counts)
    for i, day in enumerate(ordered):
        total += counts[day]
        steps.append((total, day, day_before(ordered[i + 1]) if i + 1 < len(ordered) else None))
    return steps


@functools.lru_cache(maxsize=65536)
def day_before(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


def model_node_attrs(labels: Iterable[str]) -> list[Attr]:
    """Attribute table for nodes of these model labels (union of their properties)."""
    attrs = {"node_label": Attr("node_label"), "key": Attr("key")}
    for label in NODES:
        if label not in labels:
            continue
        for p in NODES[label].props:
            if p.name in SKIPPED_NODE_PROPS:
                continue
            _declare(attrs, p.name, *_MODEL_TYPES[p.type], where=label)
    attrs["weight"] = Attr("weight", "long")
    attrs["doc_ids"] = Attr("doc_ids", "string", True)
    return list(attrs.values())


def model_edge_attrs(types: Iterable[str]) -> list[Attr]:
    attrs = {"rel_type": Attr("rel_type")}
    for type_ in RELS:
        if type_ not in types:
            continue
        for p in RELS[type_].props:
            _declare(attrs, p.name, *_MODEL_TYPES[p.type], where=type_)
    attrs["doc_ids"] = Attr("doc_ids", "string", True)
    attrs["sentences"] = Attr("sentences", "string", True)
    return list(attrs.values())


def _declare(attrs: dict[str, Attr], name: str, type_: AttrType, is_list: bool, where: str) -> None:
    new = Attr(name, type_, is_list)
    old = attrs.setdefault(name, new)
    if old != new:
        raise ValueError(f"property {name!r} of {where} is {type_}{'[]' * is_list}, elsewhere "
                         f"{old.type}{'[]' * old.is_list}: one attribute cannot hold both")


def edge_start(edge: Edge, doc_dates: dict[str, str]) -> str | None:
    days = [doc_dates[e.doc_id] for e in edge.evidence if e.doc_id in doc_dates]
    if days:
        return min(days)
    return parse_date(edge.props.get("first_seen"))


def from_subgraph(sub: Subgraph, dynamic: bool = False, name: str = "cckg") -> ExportGraph:
    """The whole (filtered) graph: every node and relationship with its properties and provenance."""
    labels = {n.label for n in sub.nodes.values()}
    types = {e.type for e in sub.edges}
    node_attrs, edge_attrs = model_node_attrs(labels), model_edge_attrs(types)

    edges, node_days, node_docs = [], {}, {}
    for i, e in enumerate(sorted(sub.edges, key=lambda e: (e.type, e.src, e.dst, repr(e.key)))):
        attrs: dict[str, Any] = {"rel_type": e.type}
        attrs |= {k: v for k, v in e.props.items() if v is not None}
        ev = sorted(e.evidence)
        if ev:
            attrs["doc_ids"] = sorted({x.doc_id for x in ev})
            attrs["sentences"] = [x.sentence for x in ev]
        start = edge_start(e, sub.doc_dates)
        docs = {x.doc_id: sub.doc_dates[x.doc_id] for x in ev if x.doc_id in sub.doc_dates} if dynamic else {}
        edge = ExportEdge(f"e{i}", node_id(*e.src), node_id(*e.dst), e.type, len(ev) or 1, attrs, start)
        if docs:
            edge.series["docs_to_date"] = cumulative(docs.values())
        edges.append(edge)
        for end in (e.src, e.dst):
            if start and (end not in node_days or start < node_days[end]):
                node_days[end] = start
            if docs and end[0] != "Document":
                node_docs.setdefault(end, {}).update(docs)

    nodes = []
    for ref in sorted(sub.nodes):
        n = sub.nodes[ref]
        attrs = {"node_label": n.label, "key": n.key}
        attrs |= {k: v for k, v in n.props.items() if v is not None and k not in SKIPPED_NODE_PROPS}
        attrs["weight"] = len(n.evidence)
        if n.evidence:
            attrs["doc_ids"] = sorted({x.doc_id for x in n.evidence})
        start = sub.doc_dates.get(n.key) if n.label == "Document" else node_days.get(ref)
        node = ExportNode(node_id(*ref), n.label, display_name(n), attrs, start)
        if node_docs.get(ref):
            node.series["docs_to_date"] = cumulative(node_docs[ref].values())
        nodes.append(node)

    starts = {n.id: n.start for n in nodes}
    for edge in edges:  # an undated edge exists from the day both its ends do
        if edge.start is None:
            days = [starts.get(edge.source), starts.get(edge.target)]
            edge.start = max((d for d in days if d), default=None)
    series = [Attr("docs_to_date", "long")]
    return ExportGraph(name, True, node_attrs, edge_attrs, nodes, edges, list(series), list(series),
                       "long", dynamic).finish()
