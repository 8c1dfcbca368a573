"""GraphBundle: the one hand-off from loaders/ to graph/.

Nodes are keyed by (label, key); edges by (type, source, target, key props), so
adding the same fact twice keeps one node or edge and unions its evidence.
Merging is a join: associative, commutative and idempotent, which is what makes
re-loading and resuming a killed load give the same graph.

Property merge rule: for each property the non-null value wins; of two non-null
values lists are unioned (sorted) and scalars keep the larger, so the result
does not depend on the order in which bundles meet.

Stores hold aggregate edges in a stored form (stored_edge: the first few
evidences and the counts); two stored forms merge by adding their counts, which
is right only for disjoint sets of documents, so writers leave out the documents
a store already holds.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import Any

from graph.model import NODES, RELS, node_type, rel_type, sentence_id

# Nodes keep only their first few evidences (in sort order, so merging stays a
# join); the full evidence of a fact lives on its edges. Stores keep as few on
# aggregate edges (RelType.aggregate), see stored_edge.
EVIDENCE_CAP = 5


@dataclass(frozen=True, order=True)
class Evidence:
    """Where a fact comes from: a sentence of a Document's original text. The span names the
    sentence (its Sentence node: graph.model.sentence_id); the text, which a store keeps only in the
    Sentence, is carried along but is no part of the evidence's identity."""

    doc_id: str
    start: int
    end: int
    sentence: str = field(compare=False)


_DOC_ID = attrgetter("doc_id")
# Evidence's own order (order=True compares these fields in turn), compared in C rather than by the
# generated __lt__.
_EVIDENCE_ORDER = attrgetter("doc_id", "start", "end")

NodeRef = tuple[str, str]  # (label, key)
EdgeKey = tuple[str, NodeRef, NodeRef, tuple]  # (type, src, dst, key-prop values)


@dataclass(slots=True)
class Node:
    label: str
    key: str
    props: dict[str, Any] = field(default_factory=dict)
    evidence: frozenset[Evidence] = frozenset()

    @property
    def ref(self) -> NodeRef:
        return (self.label, self.key)


@dataclass(slots=True)
class Edge:
    type: str
    src: NodeRef
    dst: NodeRef
    props: dict[str, Any] = field(default_factory=dict)
    evidence: frozenset[Evidence] = frozenset()
    # Set on an aggregate edge in its stored form (see stored_edge): the number of supporting
    # sentences, of which `evidence` holds the first EVIDENCE_CAP. None: all are in `evidence`.
    weight: int | None = None

    @property
    def key(self) -> EdgeKey:
        return edge_key(self.type, self.src, self.dst, self.props)


def edge_key(type_: str, src: NodeRef, dst: NodeRef, props: Mapping[str, Any]) -> EdgeKey:
    key_props = _key_props(type_)
    return (type_, src, dst, tuple(props.get(k) for k in key_props) if key_props else ())


@lru_cache(maxsize=None)
def _key_props(type_: str) -> tuple[str, ...]:
    return tuple(rel_type(type_).key_props)


def _merge_value(a: Any, b: Any, rule: str = "max") -> Any:
    if a is None:
        return b
    if b is None or a == b:
        return a
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return sorted(set(a if isinstance(a, (list, tuple)) else [a]) | set(b if isinstance(b, (list, tuple)) else [b]))
    pick = min if rule == "min" else max
    return pick(a, b, key=lambda v: (type(v).__name__, v))


def merge_props(a: Mapping[str, Any], b: Mapping[str, Any], rules: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Combine two property maps of one fact; `rules` maps a property to its merge rule (default max)."""
    rules = rules or {}
    merged = dict(a)
    for name, value in b.items():
        merged[name] = _merge_value(merged.get(name), value, rules.get(name, "max"))
    return merged


def _derive(props: dict[str, Any], rules: Mapping[str, str], evidence: frozenset[Evidence]) -> dict[str, Any]:
    if not rules:
        return props
    return derive_counts(props, rules, set(map(_DOC_ID, evidence)))


def derive_counts(props: dict[str, Any], rules: Mapping[str, str], doc_ids: set[str]) -> dict[str, Any]:
    """Set, in place, the properties whose merge rule counts the distinct supporting documents."""
    for name, rule in rules.items():
        if rule == "doc_count":
            props[name] = len(doc_ids)
    return props


@lru_cache(maxsize=None)
def merge_rules(kind: str) -> dict[str, str]:
    """A label's or relationship type's properties whose merge rule is not the default (max)."""
    props = NODES[kind].props if kind in NODES else RELS[kind].props
    return {p.name: p.merge for p in props if p.merge != "max"}


@lru_cache(maxsize=None)
def _node_props(label: str) -> frozenset[str]:
    return frozenset(p.name for p in node_type(label).props)


@lru_cache(maxsize=None)
def _rel_props(type_: str) -> frozenset[str]:
    return frozenset(p.name for p in rel_type(type_).props)


@lru_cache(maxsize=None)
def _counted(type_: str) -> bool:
    """True when some property of the relationship is derived from its evidence (merge rule doc_count)."""
    return "doc_count" in merge_rules(type_).values()


def _cap(evidence: frozenset[Evidence]) -> frozenset[Evidence]:
    if len(evidence) <= EVIDENCE_CAP:
        return evidence
    return frozenset(sorted(evidence, key=_EVIDENCE_ORDER)[:EVIDENCE_CAP])


def _check_props(what: str, allowed: set[str], props: Mapping[str, Any]) -> None:
    unknown = set(props) - allowed
    if unknown:
        raise ValueError(f"{what}: unknown properties {sorted(unknown)}; the model allows {sorted(allowed)}")


class GraphBundle:
    """Nodes and deduplicated edges with provenance, checked against graph.model."""

    def __init__(self) -> None:
        self.nodes: dict[NodeRef, Node] = {}
        self.edges: dict[EdgeKey, Edge] = {}

    # building -----------------------------------------------------------------
    def add_node(self, label: str, key: str, props: Mapping[str, Any] | None = None,
                 evidence: Iterable[Evidence] = ()) -> NodeRef:
        allowed = _node_props(label)
        if not key:
            raise ValueError(f"{label}: empty key")
        props = {k: v for k, v in props.items() if v is not None} if props else {}
        if not allowed.issuperset(props):
            _check_props(label, allowed, props)
        ref = (label, key)
        evidence = _cap(evidence if type(evidence) is frozenset else frozenset(evidence))
        self._add_sentences(evidence)
        old = self.nodes.get(ref)
        if old is None:
            self.nodes[ref] = Node(label, key, props, evidence)
        else:
            if props and props != old.props:  # merging equal maps changes nothing
                old.props = merge_props(old.props, props, merge_rules(label))
            old.evidence = _cap(old.evidence | evidence if evidence else old.evidence)
        return ref

    def add_edge(self, type_: str, src: NodeRef, dst: NodeRef, props: Mapping[str, Any] | None = None,
                 evidence: Iterable[Evidence] = ()) -> EdgeKey:
        rt = rel_type(type_)
        if src[0] != rt.src or dst[0] != rt.dst:
            raise ValueError(f"{type_} goes from {rt.src} to {rt.dst}, not from {src[0]} to {dst[0]}")
        props = {k: v for k, v in props.items() if v is not None} if props else {}
        allowed = _rel_props(type_)
        if not allowed.issuperset(props):
            _check_props(type_, allowed, props)
        key = edge_key(type_, src, dst, props)
        evidence = evidence if type(evidence) is frozenset else frozenset(evidence)
        self._add_sentences(evidence)
        self._put_edge_at(key, type_, src, dst, props, evidence, owned=True)
        return key

    def _add_sentences(self, evidence: frozenset[Evidence]) -> None:
        """The Sentence node of each evidence with a sentence: a bundle holds the text its facts cite."""
        nodes = self.nodes
        for ev in evidence:
            if ev.sentence:
                key = sentence_id(ev.doc_id, ev.start, ev.end)
                if ("Sentence", key) not in nodes:
                    nodes[("Sentence", key)] = Node("Sentence", key, {
                        "document": ev.doc_id, "span_start": ev.start, "span_end": ev.end, "text": ev.sentence})

    def _put_node(self, node: Node) -> None:
        old = self.nodes.get(node.ref)
        if old is None:
            self.nodes[node.ref] = Node(node.label, node.key, dict(node.props), node.evidence)
        else:
            if node.props != old.props:  # merging equal maps changes nothing
                old.props = merge_props(old.props, node.props, merge_rules(node.label))
            old.evidence = _cap(old.evidence | node.evidence)

    def _put_edge(self, edge: Edge) -> None:
        old = self.edges.get(edge.key)
        if edge.weight is not None or (old is not None and old.weight is not None):
            # Stored forms of one aggregate fact, from disjoint sets of documents: counts add up.
            new = stored_edge(edge)
            self.edges[edge.key] = new if old is None else merge_stored(stored_edge(old), new)
            return
        self._put_edge_at(edge.key, edge.type, edge.src, edge.dst, edge.props, edge.evidence)

    def _put_edge_at(self, key: EdgeKey, type_: str, src: NodeRef, dst: NodeRef, props: Mapping[str, Any],
                     evidence: frozenset[Evidence], owned: bool = False) -> None:
        """Add or merge one edge; `owned`: props is a fresh dict the bundle may keep."""
        old = self.edges.get(key)
        rules = merge_rules(type_)
        if old is None:
            self.edges[key] = Edge(type_, src, dst, _derive(props if owned else dict(props), rules, evidence), evidence)
        elif props or _counted(type_):
            old.evidence = old.evidence | evidence
            old.props = _derive(merge_props(old.props, props, rules), rules, old.evidence)
        else:
            old.evidence = old.evidence | evidence

    # combining ----------------------------------------------------------------
    def update(self, other: GraphBundle) -> GraphBundle:
        """Merge `other` into this bundle in place and return self."""
        for node in other.nodes.values():
            self._put_node(node)
        for edge in other.edges.values():
            self._put_edge(edge)
        return self

    def merge(self, other: GraphBundle) -> GraphBundle:
        """A new bundle holding both."""
        return GraphBundle().update(self).update(other)

    @classmethod
    def union(cls, bundles: Iterable[GraphBundle]) -> GraphBundle:
        result = cls()
        for b in bundles:
            result.update(b)
        return result

    def check(self) -> None:
        """Raise if an edge points at a node the bundle does not hold."""
        for edge in self.edges.values():
            for end in (edge.src, edge.dst):
                if end not in self.nodes:
                    raise ValueError(f"{edge.type} edge refers to missing node {end}")

    # reading ------------------------------------------------------------------
    def nodes_of(self, label: str) -> list[Node]:
        return sorted((n for n in self.nodes.values() if n.label == label), key=lambda n: n.key)

    def edges_of(self, type_: str) -> list[Edge]:
        return sorted((e for e in self.edges.values() if e.type == type_), key=lambda e: repr(e.key))

    def counts(self) -> dict[str, int]:
        result = {label: 0 for label in NODES} | {type_: 0 for type_ in RELS}
        for node in self.nodes.values():
            result[node.label] += 1
        for edge in self.edges.values():
            result[edge.type] += 1
        return result

    def __len__(self) -> int:
        return len(self.nodes) + len(self.edges)

    def __iter__(self) -> Iterator[Node | Edge]:
        yield from self.nodes.values()
        yield from self.edges.values()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GraphBundle):
            return NotImplemented
        return canonical(self) == canonical(other)

    def __repr__(self) -> str:
        return f"GraphBundle({len(self.nodes)} nodes, {len(self.edges)} edges)"


def stored_edge(edge: Edge, stored_docs: Collection[str] = frozenset()) -> Edge | None:
    """The edge as stores keep it. An aggregate edge keeps its first EVIDENCE_CAP evidences and
    counts them all in `weight` (and its doc_count properties); evidence from `stored_docs`
    (documents a store already holds, hence already counted) is left out, and an aggregate edge
    left with none is None: writing it again would count it twice. Other edges are unchanged."""
    if edge.weight is not None or not rel_type(edge.type).aggregate:
        return edge
    evidence = edge.evidence
    if stored_docs and evidence:
        evidence = frozenset(ev for ev in evidence if ev.doc_id not in stored_docs)
        if not evidence:
            return None
    props = derive_counts(dict(edge.props), merge_rules(edge.type), set(map(_DOC_ID, evidence)))
    return Edge(edge.type, edge.src, edge.dst, props, _cap(evidence), len(evidence))


def merge_stored(a: Edge, b: Edge) -> Edge:
    """Two stored forms of one aggregate fact, supported by disjoint sets of documents, as one:
    weights and doc counts add up, the other properties merge by their rules."""
    rules = merge_rules(a.type)
    props = merge_props(a.props, b.props, rules)
    for name, rule in rules.items():
        if rule == "doc_count":
            props[name] = (a.props.get(name) or 0) + (b.props.get(name) or 0)
    return Edge(a.type, a.src, a.dst, props, _cap(a.evidence | b.evidence), (a.weight or 0) + (b.weight or 0))


def stored_form(bundle: GraphBundle, stored_docs: Collection[str] = frozenset()) -> GraphBundle:
    """The bundle as a store holds it once written (see stored_edge); the nodes are shared."""
    out = GraphBundle()
    out.nodes = bundle.nodes
    for key, edge in bundle.edges.items():
        stored = stored_edge(edge, stored_docs)
        if stored is not None:
            out.edges[key] = stored
    return out


def provenance_columns(evidence: frozenset[Evidence], weight: int | None = None,
                       doc_ids: bool = True) -> dict[str, Any]:
    """The provenance columns of a node or edge (`doc_ids`: with that column; see RelType.provenance)."""
    ev = sorted(evidence, key=_EVIDENCE_ORDER)
    columns = {"doc_ids": [e.doc_id for e in ev]} if doc_ids else {}
    return columns | {
        "sentence_ids": [sentence_id(e.doc_id, e.start, e.end) for e in ev],
        "span_starts": [e.start for e in ev], "span_ends": [e.end for e in ev],
        "weight": len(ev) if weight is None else weight,
    }


def evidence_from_columns(row: Mapping[str, Any], seen: dict[tuple, Evidence] | None = None,
                          texts: Mapping[int, str] | None = None, source: str | None = None) -> frozenset[Evidence]:
    """The evidence of a stored row, its sentences looked up in `texts` (sentence id -> text; without
    it they are empty); `source`: the document of every evidence of a row without `doc_ids` (a
    Document's own relationship). `seen` (shared by the rows of one read) hands out one Evidence per
    sentence, which facts read off one sentence share, where each row would make its own copy."""
    cols = [row.get(c) or [] for c in ("span_starts", "span_ends")]
    cols.insert(0, row.get("doc_ids") or [source] * len(cols[0]))
    ids = row.get("sentence_ids") or [None] * len(cols[0])
    seen = {} if seen is None else seen
    evidence = []
    for d, s, e, i in zip(*cols, ids):
        key = (d, int(s), int(e))
        ev = seen.get(key)
        if ev is None:
            text = texts.get(sentence_id(*key) if i is None else i, "") if texts else ""
            ev = seen[key] = Evidence(*key, text)
        evidence.append(ev)
    return frozenset(evidence)


def node_row(node: Node) -> dict[str, Any]:
    """The node as one flat row with every model column (None where unset)."""
    nt = NODES[node.label]
    row = {p.name: node.props.get(p.name) for p in nt.props}
    row[nt.key] = node.key
    return row | provenance_columns(node.evidence) if nt.provenance else row


def edge_row(edge: Edge) -> dict[str, Any]:
    rt = RELS[edge.type]
    row = {p.name: edge.props.get(p.name) for p in rt.props}
    return {"from": edge.src[1], "to": edge.dst[1]} | row | provenance_columns(edge.evidence, edge.weight, rt.aggregate)


def node_from_row(label: str, row: Mapping[str, Any], seen: dict[tuple, Evidence] | None = None,
                  texts: Mapping[str, str] | None = None) -> Node:
    """The inverse of node_row: a node from a stored row of model columns (`seen`, `texts`: see
    evidence_from_columns)."""
    nt = NODES[label]
    props = {p.name: row.get(p.name) for p in nt.props if row.get(p.name) is not None}
    return Node(label, row[nt.key], props, evidence_from_columns(row, seen, texts) if nt.provenance else frozenset())


def edge_from_row(type_: str, src: str, dst: str, row: Mapping[str, Any],
                  seen: dict[tuple, Evidence] | None = None, texts: Mapping[str, str] | None = None) -> Edge:
    """The inverse of edge_row: an edge from its endpoints' keys and a stored row of model columns
    (an aggregate edge comes back in its stored form, with its weight; `seen`, `texts`: see
    evidence_from_columns)."""
    rt = RELS[type_]
    props = {p.name: row.get(p.name) for p in rt.props if row.get(p.name) is not None}
    weight = (row.get("weight") or 0) if rt.aggregate else None
    evidence = evidence_from_columns(row, seen, texts, None if rt.aggregate else src)
    return Edge(type_, (rt.src, src), (rt.dst, dst), props, evidence, weight)


def canonical(bundle: GraphBundle) -> tuple:
    """A comparable, order-free rendering of a bundle as a store would hold it (aggregate edges in
    their stored form: see stored_edge), for tests and parity checks."""
    def norm(props: Mapping[str, Any]) -> tuple:
        return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in props.items() if v is not None))
    def ev(evidence: frozenset[Evidence]) -> tuple:
        return tuple(sorted((e.doc_id, e.start, e.end, e.sentence) for e in evidence))
    nodes = sorted((n.label, n.key, norm(n.props), ev(n.evidence)) for n in bundle.nodes.values())
    edges = sorted((repr(e.key), norm(e.props), ev(e.evidence), e.weight)
                   for e in map(stored_edge, bundle.edges.values()))
    return tuple(nodes), tuple(edges)
