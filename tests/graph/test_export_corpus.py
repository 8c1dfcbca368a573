"""Export of the real corpus (seeds + sample corpus) from the embedded store: nothing lost, files valid."""

import networkx as nx
import pandas as pd
import pytest

from graph.embedded import EmbeddedStore
from graph.export import export_graph, export_types, read_for_export
from graph.filters import Filters
from graph.model import ENTITY_LABELS, RELS
from graph.projections import PROJECTIONS
from tests.graph.gexf_rules import check_gexf


def test_corpus_exports_whole_and_valid(corpus_store, tmp_path):
    with EmbeddedStore(corpus_store, read_only=True) as store:
        bundle = store.read_bundle()
        counts = store.counts()
    nodes = sum(counts[label] for label in ENTITY_LABELS)  # not the documents' text (Sentence)
    edges = sum(counts[type_] for type_ in RELS)
    assert nodes > 0 and edges > 0
    for fmt in ("gexf", "graphml", "csv"):
        result = export_graph(bundle, fmt, tmp_path / f"corpus.{fmt}", dynamic=True, layout="geo")
        assert (result.nodes, result.edges) == (nodes, edges)
    assert check_gexf(tmp_path / "corpus.gexf") == []
    g = nx.read_gexf(tmp_path / "corpus.gexf")
    assert g.number_of_nodes() == nodes and g.number_of_edges() == edges
    labels = {d["label"] for _, d in g.nodes(data=True) if d["node_label"] == "City"}
    assert {"焦作市", "商丘市", "武威市"} <= labels
    by_type = pd.read_csv(tmp_path / "corpus.csv" / "edges.csv")["rel_type"].value_counts().to_dict()
    assert by_type == {t: c for t, c in counts.items() if t in RELS and c}
    h = nx.read_graphml(tmp_path / "corpus.graphml", force_multigraph=True)
    assert h.number_of_nodes() == nodes and h.number_of_edges() == edges and all(h.nodes)


def _filter_cases(bundle) -> list[Filters]:
    category = min(n.key for n in bundle.nodes_of("TacticCategory"))
    campaign = min(n.key for n in bundle.nodes_of("Campaign"))
    return [None, Filters(labels={"City", "Tactic"}), Filters(labels={"Official", "Meeting"}, min_evidence=2),
            Filters(provinces={"河南"}), Filters(date_from="2019"), Filters(categories={category}),
            Filters(campaigns={campaign}, min_evidence=2)]


@pytest.mark.parametrize("projection", ["none", *PROJECTIONS])
def test_export_reads_only_what_it_uses_and_writes_the_same(corpus_store, tmp_path, projection):
    with EmbeddedStore(corpus_store, read_only=True) as store:
        whole = store.read_bundle()
        cases = _filter_cases(whole)
        read = {f: read_for_export(store, f, projection) for f in cases}
    written = []
    for i, f in enumerate(cases):
        part = read[f]
        assert not part.nodes_of("Sentence")  # the documents' text is not read
        assert len(part.nodes) == len(whole.nodes) - len(whole.nodes_of("Sentence"))
        types = export_types(f, projection)
        if types is not None:
            assert {e.type for e in part.edges.values()} <= types < set(RELS)
        from_whole = export_graph(whole, "json", tmp_path / f"whole-{i}.json", f, projection)
        from_part = export_graph(part, "json", tmp_path / f"part-{i}.json", f, projection)
        assert (tmp_path / f"part-{i}.json").read_text() == (tmp_path / f"whole-{i}.json").read_text(), f
        assert (from_part.nodes, from_part.edges) == (from_whole.nodes, from_whole.edges)
        written.append(from_whole.edges)
    assert written[0] > 0 and sum(n > 0 for n in written) > len(cases) // 2  # the cases keep something to compare
