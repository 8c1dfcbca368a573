"""One-mode and bipartite views researchers ask for, computed from a (filtered) subgraph.

- city-city: cities linked when they use a tactic in common; weight = number of shared
  tactics, with `jaccard` = shared / tactics used by either (city-city-jaccard weights by it).
- tactic-tactic: tactics linked when one Document cites both; weight = number of such Documents.
- official-city: officials and the cities they serve or meet in; weight = posts held in
  the city + meetings held there that the official took part in.

A city uses a tactic when a Document about the city (ABOUT) cites it (CITES), or when a
derived USES edge says so. In dynamic exports an edge starts on the first day it holds
(two cities share a tactic from the later of their first citations of it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from itertools import combinations
from typing import Any

from graph.bundle import Node
from graph.export_graph import Attr, ExportEdge, ExportGraph, ExportNode, cumulative, display_name, edge_start, node_id
from graph.filters import Subgraph, parse_date

MEETING_ROLES = ("SPOKE_AT", "PRESIDED_OVER", "ATTENDED", "CONTRIBUTED_TO")


def city_tactics(sub: Subgraph) -> dict[str, dict[str, str | None]]:
    """City adcode -> {tactic name: first day the city is seen using it (None if undated)}."""
    uses: dict[str, dict[str, str | None]] = defaultdict(dict)

    def note(city: str, tactic: str, day: str | None) -> None:
        old = uses[city].get(tactic, "")
        if old == "" or (day and (old is None or day < old)):
            uses[city][tactic] = day

    about = defaultdict(set)
    for e in sub.edges_of("ABOUT"):
        about[e.src[1]].add(e.dst[1])
    for e in sub.edges_of("CITES"):
        for city in about.get(e.src[1], ()):
            note(city, e.dst[1], edge_start(e, sub.doc_dates) or sub.doc_dates.get(e.src[1]))
    for e in sub.edges_of("USES"):
        note(e.src[1], e.dst[1], edge_start(e, sub.doc_dates))
    return {c: t for c, t in uses.items() if ("City", c) in sub.nodes}


def _later(a: str | None, b: str | None) -> str | None:
    return max(a, b) if a and b else None


def city_city(sub: Subgraph, by: str = "shared", dynamic: bool = False) -> ExportGraph:
    """Cities linked by the tactics they share.

    Args:
        sub (Subgraph): the filtered graph.
        by (str): `shared` (weight = number of shared tactics) or `jaccard`.
        dynamic (bool): give nodes and edges start dates and a `shared` series over time.
    """
    uses = city_tactics(sub)
    by_tactic: dict[str, list[str]] = defaultdict(list)
    for city, tactics in uses.items():
        for t in tactics:
            by_tactic[t].append(city)
    tactic_sets = {city: frozenset(tactics) for city, tactics in uses.items()}
    shared: dict[tuple[str, str], frozenset[str]] = {}
    for a, tactics in tactic_sets.items():  # set operations, not a loop per shared tactic: dense graphs stay fast
        candidates = set().union(*(by_tactic[t] for t in tactics))
        for b in candidates:
            if a < b:
                shared[(a, b)] = tactics & tactic_sets[b]

    nodes = []
    for city in sorted(uses):
        n = sub.nodes[("City", city)]
        days = [d for d in uses[city].values() if d]
        node = ExportNode(node_id("City", city), "City", display_name(n), _city_attrs(n) | {"tactics": len(uses[city])},
                          min(days) if days else None)
        nodes.append(node)
    edges = []
    for i, ((a, b), tactics) in enumerate(sorted(shared.items())):
        union = len(set(uses[a]) | set(uses[b]))
        jaccard = len(tactics) / union
        days = [_later(uses[a][t], uses[b][t]) for t in tactics]
        dated = [d for d in days if d]
        edge = ExportEdge(f"e{i}", node_id("City", a), node_id("City", b), "SHARES_TACTICS",
                          jaccard if by == "jaccard" else len(tactics),
                          {"rel_type": "SHARES_TACTICS", "shared": len(tactics), "jaccard": jaccard,
                           "tactics": sorted(tactics)},
                          min(dated) if dated else None)
        if dated:
            edge.series["shared_to_date"] = cumulative(dated)
        edges.append(edge)
    return ExportGraph(
        f"cckg city-city ({by})", False, _CITY_ATTRS + [Attr("tactics", "long")],
        [Attr("rel_type"), Attr("shared", "long"), Attr("jaccard", "double"), Attr("tactics", "string", True)],
        nodes, edges, [], [Attr("shared_to_date", "long")], "double" if by == "jaccard" else "long", dynamic).finish()


def tactic_tactic(sub: Subgraph, dynamic: bool = False) -> ExportGraph:
    """Tactics linked when one Document cites both; weight = number of such Documents."""
    cited: dict[str, set[str]] = defaultdict(set)  # doc -> tactics
    for e in sub.edges_of("CITES"):
        cited[e.src[1]].add(e.dst[1])
    uses = city_tactics(sub)
    cities_of: dict[str, set[str]] = defaultdict(set)
    for city, tactics in uses.items():
        for t in tactics:
            cities_of[t].add(city)
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    docs_of: dict[str, set[str]] = defaultdict(set)
    for doc, tactics in cited.items():
        for t in tactics:
            docs_of[t].add(doc)
        for a, b in combinations(sorted(tactics), 2):
            pairs[(a, b)].append(doc)

    nodes = []
    for t in sorted(set(docs_of) | set(cities_of)):
        n = sub.nodes.get(("Tactic", t))
        if n is None:
            continue
        days = [sub.doc_dates[d] for d in docs_of[t] if d in sub.doc_dates]
        attrs = {"node_label": "Tactic", "key": t, "docs": len(docs_of[t]), "cities": len(cities_of[t])}
        attrs |= {k: n.props[k] for k in ("category", "status") if n.props.get(k)}
        nodes.append(ExportNode(node_id("Tactic", t), "Tactic", display_name(n), attrs, min(days) if days else None))
    edges = []
    for i, ((a, b), docs) in enumerate(sorted(pairs.items())):
        days = [sub.doc_dates[d] for d in docs if d in sub.doc_dates]
        edge = ExportEdge(f"e{i}", node_id("Tactic", a), node_id("Tactic", b), "CO_CITED", len(docs),
                          {"rel_type": "CO_CITED", "docs": len(docs), "cities": len(cities_of[a] & cities_of[b]),
                           "doc_ids": sorted(docs)}, min(days) if days else None)
        if days:
            edge.series["docs_to_date"] = cumulative(days)
        edges.append(edge)
    return ExportGraph(
        "cckg tactic-tactic (co-citation)", False,
        [Attr("node_label"), Attr("key"), Attr("category"), Attr("status"), Attr("docs", "long"), Attr("cities", "long")],
        [Attr("rel_type"), Attr("docs", "long"), Attr("cities", "long"), Attr("doc_ids", "string", True)],
        nodes, edges, [], [Attr("docs_to_date", "long")], "long", dynamic).finish()


def official_city(sub: Subgraph, dynamic: bool = False) -> ExportGraph:
    """Officials and cities (bipartite: attribute `bipartite` is 0 for officials, 1 for cities)."""
    held_in: dict[str, set[str]] = defaultdict(set)
    for e in sub.edges_of("HELD_IN"):
        held_in[e.src[1]].add(e.dst[1])
    meeting_day = {n.key: parse_date(n.props.get("date_iso")) for n in sub.nodes_of("Meeting")}
    ties: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: {"titles": set(), "meetings": {}, "days": []})
    for e in sub.edges_of("HOLDS_POST"):
        tie = ties[(e.src[1], e.dst[1])]
        tie["titles"].add(e.props.get("title") or "")
        tie["days"].append(edge_start(e, sub.doc_dates) or parse_date(e.props.get("as_of")))
    for type_ in MEETING_ROLES:
        for e in sub.edges_of(type_):
            for city in held_in.get(e.dst[1], ()):
                tie = ties[(e.src[1], city)]
                day = meeting_day.get(e.dst[1]) or edge_start(e, sub.doc_dates)
                tie["meetings"][e.dst[1]] = day
                tie["days"].append(day)
    ties = {k: v for k, v in ties.items() if ("Official", k[0]) in sub.nodes and ("City", k[1]) in sub.nodes}

    starts: dict[str, list[str]] = defaultdict(list)
    edges = []
    for i, ((official, city), tie) in enumerate(sorted(ties.items())):
        titles = sorted(t for t in tie["titles"] if t)
        posts = len(tie["titles"])
        days = [d for d in tie["days"] if d]
        start = min(days) if days else None
        if start:
            starts[official].append(start)
            starts[city].append(start)
        edge = ExportEdge(f"e{i}", node_id("Official", official), node_id("City", city), "SERVES_OR_MEETS",
                          posts + len(tie["meetings"]),
                          {"rel_type": "SERVES_OR_MEETS", "posts": posts, "meetings": len(tie["meetings"]),
                           "titles": titles}, start)
        edges.append(edge)
    nodes = []
    for official in sorted({o for o, _ in ties}):
        n = sub.nodes[("Official", official)]
        attrs = {"node_label": "Official", "key": official, "name": n.props.get("name"), "bipartite": 0}
        nodes.append(_dated(ExportNode(node_id("Official", official), "Official", display_name(n),
                                       {k: v for k, v in attrs.items() if v is not None}), starts[official]))
    for city in sorted({c for _, c in ties}):
        n = sub.nodes[("City", city)]
        nodes.append(_dated(ExportNode(node_id("City", city), "City", display_name(n),
                                       _city_attrs(n) | {"bipartite": 1}), starts[city]))
    return ExportGraph(
        "cckg official-city", False, _CITY_ATTRS + [Attr("bipartite", "long")],
        [Attr("rel_type"), Attr("posts", "long"), Attr("meetings", "long"), Attr("titles", "string", True)],
        nodes, edges, [], [], "long", dynamic).finish()


def _dated(node: ExportNode, days: list[str]) -> ExportNode:
    node.start = min(days) if days else None
    return node


_CITY_ATTRS = [Attr("node_label"), Attr("key"), Attr("name"), Attr("province"), Attr("level"),
               Attr("lon", "double"), Attr("lat", "double")]


def _city_attrs(n: Node) -> dict[str, Any]:
    attrs = {"node_label": "City", "key": n.key}
    attrs |= {k: n.props[k] for k in ("name", "province", "level", "lon", "lat") if n.props.get(k) is not None}
    return attrs


# The relationship types each projection reads (graph.export reads no others from a store).
_CITY_TACTICS = frozenset({"ABOUT", "CITES", "USES"})
PROJECTION_READS: dict[str, frozenset[str]] = {
    "city-city": _CITY_TACTICS, "city-city-jaccard": _CITY_TACTICS, "tactic-tactic": _CITY_TACTICS,
    "official-city": frozenset({"HELD_IN", "HOLDS_POST", *MEETING_ROLES}),
}

PROJECTIONS: dict[str, Callable[..., ExportGraph]] = {
    "city-city": lambda sub, dynamic=False: city_city(sub, "shared", dynamic),
    "city-city-jaccard": lambda sub, dynamic=False: city_city(sub, "jaccard", dynamic),
    "tactic-tactic": tactic_tactic,
    "official-city": official_city,
}
