"""Precomputed node positions, for viewers that do not lay a graph out themselves.

- spring: a force-directed layout (networkx's Fruchterman-Reingold, seeded, so the same
  graph always gets the same drawing). Costs memory and time on large graphs: Gephi's
  ForceAtlas 2 is the better tool there.
- geo: cities at their longitude/latitude; every other node at the centre of its
  already placed neighbours (a tactic among the cities that use it), nudged apart.

Positions are scaled to about ±1000, the range Gephi's own layouts use.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict

from graph.export_graph import ExportGraph

LAYOUTS = ("none", "spring", "geo")
SCALE = 1000.0


def apply_layout(graph: ExportGraph, layout: str, seed: int = 7) -> ExportGraph:
    """Set `pos` on every node of `graph` (in place) and return it."""
    if layout in ("none", "", None):
        return graph
    graph.materialise()
    if layout == "spring":
        positions = _spring(graph, seed)
    elif layout == "geo":
        positions = _geo(graph)
    else:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS)}")
    for n in graph.nodes:
        n.pos = positions.get(n.id, (0.0, 0.0))
    return graph


def _spring(graph: ExportGraph, seed: int) -> dict[str, tuple[float, float]]:
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(n.id for n in graph.nodes)
    for e in graph.edges:
        if e.source != e.target:
            w = (g.get_edge_data(e.source, e.target) or {}).get("weight", 0.0)
            g.add_edge(e.source, e.target, weight=w + float(e.weight))
    if not g:
        return {}
    pos = nx.spring_layout(g, seed=seed, weight="weight", scale=SCALE)
    return {k: (round(float(x), 3), round(float(y), 3)) for k, (x, y) in pos.items()}


def _jitter(node: str, radius: float) -> tuple[float, float]:
    h = int.from_bytes(hashlib.blake2b(node.encode("utf-8"), digest_size=8).digest(), "big")
    angle = (h % 3600) / 3600 * 2 * math.pi
    r = radius * (0.5 + (h >> 12) % 1000 / 2000)
    return r * math.cos(angle), r * math.sin(angle)


def _geo(graph: ExportGraph) -> dict[str, tuple[float, float]]:
    pos: dict[str, tuple[float, float]] = {}
    for n in graph.nodes:
        lon, lat = n.attrs.get("lon"), n.attrs.get("lat")
        if n.label == "City" and isinstance(lon, (int, float)) and isinstance(lat, (int, float)):
            # an equirectangular projection at China's latitude keeps shapes recognisable
            pos[n.id] = (lon * math.cos(math.radians(35)), lat)
    neighbours = defaultdict(set)
    for e in graph.edges:
        neighbours[e.source].add(e.target)
        neighbours[e.target].add(e.source)
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    for _ in range(4):  # cities -> tactics, documents -> categories … -> the rest
        placed = {}
        for n in graph.nodes:
            if n.id in pos:
                continue
            near = [pos[m] for m in neighbours[n.id] if m in pos]
            if near:
                dx, dy = _jitter(n.id, span * 0.02)
                placed[n.id] = (sum(p[0] for p in near) / len(near) + dx, sum(p[1] for p in near) / len(near) + dy)
        if not placed:
            break
        pos.update(placed)
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    rest = [n.id for n in graph.nodes if n.id not in pos]
    for i, node in enumerate(rest):  # unconnected to anything placed: a ring around the map
        angle = 2 * math.pi * i / max(len(rest), 1)
        pos[node] = (cx + span * 0.75 * math.cos(angle), cy + span * 0.75 * math.sin(angle))
    if not pos:
        return {}
    allx = [p[0] for p in pos.values()]
    ally = [p[1] for p in pos.values()]
    mx, my = (min(allx) + max(allx)) / 2, (min(ally) + max(ally)) / 2
    half = max(max(allx) - min(allx), max(ally) - min(ally), 1e-9) / 2
    return {k: (round((x - mx) / half * SCALE, 3), round((y - my) / half * SCALE, 3)) for k, (x, y) in pos.items()}
