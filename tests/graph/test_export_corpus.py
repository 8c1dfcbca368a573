"""Export of the real corpus (seeds + sample corpus) from the embedded store: nothing lost, files valid."""

import networkx as nx
import pandas as pd

from graph.embedded import EmbeddedStore
from graph.export import export_graph
from graph.model import NODES, RELS
from tests.graph.gexf_rules import check_gexf


def test_corpus_exports_whole_and_valid(corpus_store, tmp_path):
    with EmbeddedStore(corpus_store, read_only=True) as store:
        bundle = store.read_bundle()
        counts = store.counts()
    nodes = sum(counts[label] for label in NODES)
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
