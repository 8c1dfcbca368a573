"""Export a graph for Gephi and other tools: GEXF 1.3, GraphML, JSON node-link, CSV.

    chosen = Filters(provinces={"河南省"})
    bundle = read_for_export(store, chosen, "city-city")
    export_graph(bundle, "gexf", "cities.gexf", chosen, projection="city-city", dynamic=True)

Any GraphBundle can be exported; read_for_export reads from a store only what the export uses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.bundle import GraphBundle
from graph.export_graph import ExportGraph, from_subgraph
from graph.filters import FILTER_READS, Filters, apply_filters
from graph.layout import LAYOUTS, apply_layout
from graph.model import ENTITY_LABELS, RELS
from graph.projections import PROJECTION_READS, PROJECTIONS
from graph.store import Store
from graph.writers import Progress, write_csv, write_gexf, write_graphml, write_json

FORMATS = ("gexf", "graphml", "json", "csv")
PROJECTION_NAMES = ("none", *PROJECTIONS)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    paths: tuple[Path, ...]
    nodes: int
    edges: int
    time_span: tuple[str | None, str | None]


def read_for_export(store: Store, filters: Filters | None = None, projection: str | None = None) -> GraphBundle:
    """What an export of `store` uses, read from it: the nodes but the documents' text (its Sentences:
    ENTITY_LABELS), and the relationships the projection reads (for a label filter, those that
    touch the labels) with those the filters read; a projection, which writes no sentences, without
    them. Everything else is read for an export of the whole graph."""
    skipped = () if projection in (None, "", "none") else ("sentences",)
    return store.read_bundle(export_types(filters, projection), skip_props=skipped, labels=ENTITY_LABELS)


def export_types(filters: Filters | None = None, projection: str | None = None) -> frozenset[str] | None:
    """The relationship types an export with these filters and projection uses (None: all)."""
    if projection not in (None, "", "none"):
        if projection not in PROJECTION_READS:
            raise ValueError(f"unknown projection {projection!r}; known: {', '.join(PROJECTION_NAMES)}")
        types = PROJECTION_READS[projection]
    elif filters is not None and filters.labels:
        # A relationship to a left-out label still supports the node it touches (Filters.prunes).
        types = frozenset(t for t, rt in RELS.items() if rt.src in filters.labels or rt.dst in filters.labels)
    else:
        return None
    return types | FILTER_READS


def build_export_graph(bundle: GraphBundle, filters: Filters | None = None, projection: str | None = None,
                       layout: str | None = None, dynamic: bool = False) -> ExportGraph:
    """The ExportGraph an export writes: filtered, projected, laid out.

    Args:
        bundle (GraphBundle): the graph (from any store).
        filters (Filters | None): what to keep (None keeps everything).
        projection (str | None): none, city-city, city-city-jaccard, tactic-tactic or official-city.
        layout (str | None): none, spring or geo (precomputed positions).
        dynamic (bool): give nodes and edges start dates for Gephi's timeline.
    """
    sub = apply_filters(bundle, filters)
    if projection in (None, "", "none"):
        graph = from_subgraph(sub, dynamic)
    elif projection in PROJECTIONS:
        graph = PROJECTIONS[projection](sub, dynamic=dynamic)
    else:
        raise ValueError(f"unknown projection {projection!r}; known: {', '.join(PROJECTION_NAMES)}")
    if layout not in (None, *LAYOUTS):
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS)}")
    return apply_layout(graph, layout or "none")


def export_graph(bundle: GraphBundle, fmt: str, out: str | Path, filters: Filters | None = None,
                 projection: str | None = None, layout: str | None = None, dynamic: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> ExportResult:
    """Write `bundle` to `out` in format `fmt`.

    Args:
        bundle (GraphBundle): the graph (from any store).
        fmt (str): gexf, graphml, json or csv (csv: `out` is a directory that gets nodes.csv and edges.csv).
        out (str | Path): the file (or, for csv, directory) to write.
        filters, projection, layout, dynamic: see build_export_graph.
        progress (Callable[[int, int], None] | None): called now and then with (items written, items in all).
    RETURNS (ExportResult): the paths written, counts and the time span.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    out = Path(out)
    graph = build_export_graph(bundle, filters, projection, layout, dynamic)
    description = describe(graph, filters, projection)
    tick = _ticker(progress, len(graph.nodes) + len(graph.edges))
    if fmt == "csv":
        paths = tuple(write_csv(graph, out, tick, description))
    else:
        writer: Callable = {"gexf": write_gexf, "graphml": write_graphml, "json": write_json}[fmt]
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="\n") as f:
            writer(graph, f, tick, description)
        tmp.replace(out)  # a failed export never leaves a truncated file under the real name
        paths = (out,)
    if progress is not None:
        progress(len(graph.nodes) + len(graph.edges), len(graph.nodes) + len(graph.edges))
    return ExportResult(paths, len(graph.nodes), len(graph.edges), graph.time_span)


def _ticker(progress: Callable[[int, int], None] | None, total: int, every: int = 1000) -> Progress | None:
    if progress is None:
        return None
    done = 0
    progress(0, total)

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if done % every == 0:
            progress(done, total)
    return tick


def describe(graph: ExportGraph, filters: Filters | None, projection: str | None) -> str:
    parts = [graph.name if projection in (None, "", "none") else f"cckg projection {projection}"]
    if filters is not None and not filters.is_empty:
        for name in ("labels", "provinces", "cities", "campaigns", "categories"):
            values = getattr(filters, name)
            if values:
                parts.append(f"{name}: {', '.join(sorted(values))}")
        if filters.date_from or filters.date_to:
            parts.append(f"dates: {filters.date_from or '…'} to {filters.date_to or '…'}")
        if filters.min_evidence:
            parts.append(f"min evidence: {filters.min_evidence}")
    if graph.dynamic:
        parts.append("dynamic (start dates)")
    return "; ".join(parts)
