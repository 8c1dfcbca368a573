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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from graph.bundle import Edge, Node, NodeRef
from graph.filters import Subgraph, parse_date
from graph.model import NODES, RELS

AttrType = Literal["string", "long", "double", "boolean"]
T = TypeVar("T")

_MODEL_TYPES: dict[str, tuple[AttrType, bool]] = {
    "STRING": ("string", False), "INT64": ("long", False), "DOUBLE": ("double", False),
    "BOOLEAN": ("boolean", False), "STRING[]": ("string", True), "INT64[]": ("string", True),
}

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


class Lazy(Generic[T]):
    """A sized collection made on each iteration by `factory`: the whole graph is never held twice."""

    def __init__(self, factory: Callable[[], Iterator[T]], length: int) -> None:
        self.factory, self.length = factory, length

    def __iter__(self) -> Iterator[T]:
        return self.factory()

    def __len__(self) -> int:
        return self.length


@dataclass
class ExportGraph:
    """What a writer serialises.

    name (str): a title for the file's metadata.
    directed (bool): directed edges (the full graph) or undirected (projections).
    node_attrs / edge_attrs (list[Attr]): static attributes, in column order.
    nodes / edges: lists, or Lazy collections made afresh on each pass.
    node_series / edge_series (list[Attr]): dynamic attributes (values over time).
    weight_type (AttrType): `long` when weights count sentences, `double` for similarities.
    dynamic (bool): nodes and edges carry start dates.
    max_degree, multigraph, time_span: summaries the writers need before the first node;
        finish() works them out for lists, Lazy graphs come with them.
    """

    name: str
    directed: bool
    node_attrs: list[Attr]
    edge_attrs: list[Attr]
    nodes: list[ExportNode] | Lazy[ExportNode]
    edges: list[ExportEdge] | Lazy[ExportEdge]
    node_series: list[Attr] = field(default_factory=list)
    edge_series: list[Attr] = field(default_factory=list)
    weight_type: AttrType = "long"
    dynamic: bool = False
    max_degree: int = 0
    multigraph: bool = False
    time_span: tuple[str | None, str | None] = (None, None)

    def finish(self) -> ExportGraph:
        """For list graphs: add each node's `degree`, drop start dates unless dynamic, work out the summaries."""
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
        self.max_degree = max(degree.values(), default=0)
        self.multigraph = _has_parallel_edges(((e.source, e.target) for e in self.edges), self.directed)
        self.time_span = _span(x.start for x in (*self.nodes, *self.edges))
        return self

    def materialise(self) -> ExportGraph:
        """Hold nodes and edges as lists (to change them in place, as a layout does)."""
        self.nodes, self.edges = list(self.nodes), list(self.edges)
        return self


def _has_parallel_edges(pairs: Iterable[tuple[Any, Any]], directed: bool) -> bool:
    seen = set()
    for a, b in pairs:
        pair = (a, b) if directed or a <= b else (b, a)
        if pair in seen:
            return True
        seen.add(pair)
    return False


def _span(days: Iterable[str | None]) -> tuple[str | None, str | None]:
    lo = hi = None
    for d in days:
        if d:
            lo = d if lo is None or d < lo else lo
            hi = d if hi is None or d > hi else hi
    return lo, hi


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
    # first_seen too: a stored aggregate edge keeps only its first few evidences.
    days = [doc_dates[e.doc_id] for e in edge.evidence if e.doc_id in doc_dates]
    first_seen = parse_date(edge.props.get("first_seen"))
    if first_seen:
        days.append(first_seen)
    return min(days) if days else None


def from_subgraph(sub: Subgraph, dynamic: bool = False, name: str = "cckg") -> ExportGraph:
    """The whole (filtered) graph: every node and relationship with its properties and provenance.

    One pass over the edges works out degrees and dates; nodes and edges are then made one
    at a time as a writer asks for them.
    """
    labels = {n.label for n in sub.nodes.values()}
    types = {e.type for e in sub.edges}
    node_attrs = model_node_attrs(labels) + [Attr("degree", "long")]
    edge_attrs = model_edge_attrs(types)
    ordered = sorted(sub.edges, key=lambda e: (e.type, e.src, e.dst, repr(e.key)))
    refs = sorted(sub.nodes)

    degree: Counter[NodeRef] = Counter()
    for e in ordered:
        degree[e.src] += 1
        degree[e.dst] += 1
    edge_days: list[str | None] = []
    node_days: dict[NodeRef, str] = {}
    node_docs: dict[NodeRef, dict[str, str]] = {}
    if dynamic:
        for e in ordered:
            start = edge_start(e, sub.doc_dates)
            edge_days.append(start)
            docs = _dated_docs(e, sub.doc_dates)
            for end in (e.src, e.dst):
                if start and (end not in node_days or start < node_days[end]):
                    node_days[end] = start
                if docs and end[0] != "Document":
                    node_docs.setdefault(end, {}).update(docs)
        for ref in refs:
            if ref[0] == "Document":
                node_days.pop(ref, None)
                if ref[1] in sub.doc_dates:
                    node_days[ref] = sub.doc_dates[ref[1]]
        for i, e in enumerate(ordered):  # an undated edge exists from the day both its ends do
            if edge_days[i] is None:
                edge_days[i] = max((d for d in (node_days.get(e.src), node_days.get(e.dst)) if d), default=None)

    def nodes() -> Iterator[ExportNode]:
        for ref in refs:
            n = sub.nodes[ref]
            attrs = {"node_label": n.label, "key": n.key}
            attrs |= {k: v for k, v in n.props.items() if v is not None}
            attrs["weight"] = len(n.evidence)
            if n.evidence:
                attrs["doc_ids"] = sorted({x.doc_id for x in n.evidence})
            attrs["degree"] = degree[ref]
            node = ExportNode(node_id(*ref), n.label, display_name(n), attrs, node_days.get(ref))
            if node_docs.get(ref):
                node.series["docs_to_date"] = cumulative(node_docs[ref].values())
            yield node

    def edges() -> Iterator[ExportEdge]:
        for i, e in enumerate(ordered):
            attrs: dict[str, Any] = {"rel_type": e.type}
            attrs |= {k: v for k, v in e.props.items() if v is not None}
            ev = sorted(e.evidence)
            if ev:
                attrs["doc_ids"] = sorted({x.doc_id for x in ev})
                attrs["sentences"] = [x.sentence for x in ev]
            weight = len(ev) if e.weight is None else e.weight  # an aggregate edge as stored counts all
            edge = ExportEdge(f"e{i}", node_id(*e.src), node_id(*e.dst), e.type, weight or 1, attrs,
                              edge_days[i] if dynamic else None)
            if dynamic:
                docs = _dated_docs(e, sub.doc_dates)
                if docs:
                    edge.series["docs_to_date"] = cumulative(docs.values())
            yield edge

    series = [Attr("docs_to_date", "long")] if dynamic else []
    return ExportGraph(
        name, True, node_attrs, edge_attrs, Lazy(nodes, len(refs)), Lazy(edges, len(ordered)),
        list(series), list(series), "long", dynamic, max_degree=max(degree.values(), default=0),
        multigraph=_has_parallel_edges(((e.src, e.dst) for e in ordered), True),
        time_span=_span([*node_days.values(), *edge_days]))


def _dated_docs(edge: Edge, doc_dates: dict[str, str]) -> dict[str, str]:
    return {x.doc_id: doc_dates[x.doc_id] for x in edge.evidence if x.doc_id in doc_dates}
