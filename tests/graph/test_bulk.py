import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.bulk import BulkLoad, StagedFile, merge_aggregate, merge_nodes
from graph.bundle import (Evidence, GraphBundle, canonical, edge_from_row, edge_row, node_from_row, node_row,
                          stored_form)
from graph.embedded import EmbeddedStore, StoreError, arrow_rows
from graph.model import NODES, RELS
from loaders.pipeline import process_file
from tests.graph.test_bundle import citing_document


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["d1", "d2", "d3", "d5", "d6", "d7"]), min_size=1, max_size=3),
                min_size=1, max_size=6))
def test_merged_aggregate_rows_equal_the_bundle_merge(split):
    """Stored forms of disjoint batches merged in Arrow give what GraphBundle gives them: the counts
    add up, the first evidences in Evidence order are kept, key properties (a null unit too) hold apart."""
    batches, docs = [], set()
    for names in split:
        bundle = GraphBundle.union(map(citing_document, names))
        batch_docs = {n.key for n in bundle.nodes.values() if n.label == "Document"}
        batches.append(stored_form(bundle, docs & batch_docs))
        docs |= batch_docs
    # A second REPORTED fact between the same pair, told apart by a null key property.
    extra = GraphBundle()
    extra.add_edge("REPORTED", extra.add_node("City", "410800"), extra.add_node("Metric", "人均公园绿地面积"),
                   {"value": "12"}, [Evidence("d9", 0, 5, "d9第0句")])
    batches.append(stored_form(extra))
    whole = GraphBundle.union(batches)
    texts = sentence_texts(whole)
    for type_ in ("USES", "REPORTED"):
        rt = RELS[type_]
        rows = arrow_rows(rt.all_props, [edge_row(e) for b in batches for e in b.edges.values() if e.type == type_], ends=True)
        got, expected = GraphBundle(), GraphBundle()
        for row in merge_aggregate(rt, rows).to_pylist():
            edge = edge_from_row(type_, row["src"], row["dst"], {name[2:]: value for name, value in row.items()},
                                 texts=texts)
            assert edge.key not in got.edges, "one row per fact"
            got.edges[edge.key] = edge
        expected.edges = {key: e for key, e in whole.edges.items() if e.type == type_}
        assert canonical(got) == canonical(expected)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["网格化管理", "门前三包", "街长制"]),
                          st.one_of(st.none(), st.sampled_from(["curated", "candidate"])),
                          st.one_of(st.none(), st.lists(st.sampled_from(["甲", "乙", "丙"]), max_size=2)),
                          st.lists(st.sampled_from([f"d{i}" for i in range(8)]), max_size=4)),
                min_size=1, max_size=8))
def test_merged_node_rows_equal_the_bundle_merge(nodes):
    """Node rows merged in Arrow give what GraphBundle gives: scalars by their rule, lists kept or
    unioned, the first distinct evidences (one sentence in several rows counts once), their number."""
    bundles = []
    for name, status, variants, docs in nodes:
        bundle = GraphBundle()
        bundle.add_node("Tactic", name, {"status": status, "variants": variants},
                        [Evidence(d, 0, 3, f"{d}第0句") for d in docs])
        bundles.append(bundle)
    whole = GraphBundle.union(bundles)
    rows = arrow_rows(NODES["Tactic"].all_props, [node_row(n) for b in bundles for n in b.nodes_of("Tactic")])
    merged = merge_nodes("Tactic", rows).to_pylist()
    got = GraphBundle()
    for row in merged:
        node = node_from_row("Tactic", {name[2:]: value for name, value in row.items()}, texts=sentence_texts(whole))
        assert node.ref not in got.nodes, "one row per node"
        assert row["v_weight"] == len(node.evidence)
        got.nodes[node.ref] = node
    tactics = GraphBundle()
    tactics.nodes = {ref: n for ref, n in whole.nodes.items() if n.label == "Tactic"}
    assert canonical(got) == canonical(tactics)


def sentence_texts(bundle: GraphBundle) -> dict[str, str]:
    """The bundle's Sentences as a store's reader looks them up: key -> text."""
    return {n.key: n.props["text"] for n in bundle.nodes_of("Sentence")}


def _batches(corpus_paths, size):
    """The corpus as `cckg load` merges it, `size` files a batch."""
    out, pending = [], GraphBundle()
    for i, path in enumerate(corpus_paths, 1):
        pending.update(process_file(path)[0])
        if i % size == 0 or i == len(corpus_paths):
            out.append(pending)
            pending = GraphBundle()
    return out


@pytest.fixture(scope="module")
def batches(corpus_paths):
    # The first file again at the end: its documents are repeats, set aside and merged after the copy.
    return _batches([*corpus_paths, corpus_paths[0]], 4)


@pytest.fixture(scope="module")
def expected(batches, tmp_path_factory):
    """The graph the batches give written batch by batch, the ordinary way."""
    with EmbeddedStore(tmp_path_factory.mktemp("written") / "store") as store:
        for bundle in batches:
            store.write(bundle)
        return store.read_bundle()


def test_bulk_load_of_staged_files_equals_batch_by_batch_writes(tmp_path, corpus_paths, expected):
    statuses = []
    with EmbeddedStore(tmp_path / "bulk") as store:
        bulk = BulkLoad(store, files_per_part=3)
        # As `cckg load` stages them: a StagedFile per file, made (and pickled) in a worker process.
        for path in [*corpus_paths, corpus_paths[0]]:
            bulk.add(pickle.loads(pickle.dumps(StagedFile(process_file(path)[0]))))
        assert bulk.parts == len(corpus_paths) // 3 and len(list((bulk.stage / "Document").iterdir())) == bulk.parts
        bulk.finish(status=statuses.append)
        assert not bulk.stage.exists()
        assert bulk.late.nodes, "the repeated file's documents were not set aside"
        got = store.read_bundle()
    assert canonical(got) == canonical(expected)
    assert got.counts()["Document"] >= 10 and got.counts()["USES"] > 0
    assert statuses and all(isinstance(s, str) for s in statuses)


def test_a_staged_file_keeps_its_rows_and_bundle_across_processes(corpus_paths):
    bundle = process_file(corpus_paths[0])[0]
    staged = StagedFile(bundle)
    back = pickle.loads(pickle.dumps(staged))
    assert {name: t.to_pylist() for name, t in back.tables.items()} == {n: t.to_pylist() for n, t in staged.tables.items()}
    assert canonical(back.bundle) == canonical(bundle)
    assert back.keys["Document"] == [n.key for n in bundle.nodes.values() if n.label == "Document"]
    assert sum(t.num_rows for name, t in back.tables.items() if name in NODES) == len(bundle.nodes)
    assert sum(t.num_rows for name, t in back.tables.items() if name in RELS) == len(bundle.edges)


def test_bulk_load_of_merged_bundles_equals_batch_by_batch_writes(tmp_path, batches, expected):
    with EmbeddedStore(tmp_path / "bulk") as store:
        bulk = BulkLoad(store)
        for bundle in batches:
            bulk.add(bundle)
        bulk.finish()
        assert bulk.late.nodes, "the batch that repeats a file was not set aside"
        got = store.read_bundle()
    assert canonical(got) == canonical(expected)


def test_a_failed_copy_leaves_the_store_empty_and_no_stage(tmp_path, batches):
    with EmbeddedStore(tmp_path / "s") as store:
        bulk = BulkLoad(store)
        for bundle in batches[:2]:
            bulk.add(bundle)
        # A staged file the engine cannot read, in the last table copied: everything before it rolls back.
        (bulk.stage / "REUSES").mkdir(exist_ok=True)
        (bulk.stage / "REUSES" / "broken.parquet").write_bytes(b"not parquet")
        with pytest.raises(StoreError, match="nothing was written.*run the same load again"):
            bulk.finish()
        assert not any(store.counts().values())
        assert not bulk.stage.exists()


def test_a_bulk_load_into_a_store_that_holds_documents_rebuilds_it_as_batch_writes_would(tmp_path, batches, expected):
    with EmbeddedStore(tmp_path / "rebuilt") as store:
        store.write(batches[0])
        bulk = BulkLoad(store)
        assert bulk.rebuild
        for bundle in batches[1:]:  # the last batch repeats the first file, which the store holds
            bulk.add(bundle)
        assert bulk.late.nodes, "the stored file's documents were not set aside"
        bulk.finish()
        got = store.read_bundle()
    assert canonical(got) == canonical(expected)
    assert not (tmp_path / "rebuilt.staging").exists() and not (tmp_path / "rebuilt.building").exists()


def test_a_failed_rebuild_leaves_the_store_as_it_was(tmp_path, batches):
    with EmbeddedStore(tmp_path / "s") as store:
        store.write(batches[0])
        before = store.read_bundle()
        bulk = BulkLoad(store)
        bulk.add(batches[1])
        (bulk.stage / "REUSES").mkdir(exist_ok=True)
        (bulk.stage / "REUSES" / "broken.parquet").write_bytes(b"not parquet")
        with pytest.raises(StoreError, match="the store is as it was.*run the same load again"):
            bulk.finish()
        assert canonical(store.read_bundle()) == canonical(before)


def test_a_copy_larger_than_the_memory_allowed_says_what_to_do(tmp_path, batches):
    # 16 MiB of buffer pool opens a store but holds no table copy (the engine's own floor is above it).
    with EmbeddedStore(tmp_path / "s", buffer_pool_mb=16) as store:
        bulk = BulkLoad(store)
        for bundle in batches[:2]:
            bulk.add(bundle)
        with pytest.raises(StoreError, match=r"the store is still empty\. Its \w+ table needs more memory") as err:
            bulk.finish()
        assert "--neo4j" in str(err.value) and "run the same load again" not in str(err.value)
        assert store.is_empty()
        assert not bulk.stage.exists()


def test_sentences_whose_keys_collide_keep_the_first(tmp_path):
    """Two spans whose hashed keys coincide (made here by hand) do not fail the copy: the first staged
    is kept, and the load says so."""
    first, second = GraphBundle(), GraphBundle()
    first.add_node("Document", "d1")
    first.add_node("Sentence", 7, {"document": "d1", "span_start": 0, "span_end": 3, "text": "甲乙丙"})
    second.add_node("Document", "d2")
    second.add_node("Sentence", 7, {"document": "d2", "span_start": 5, "span_end": 8, "text": "丁戊己"})
    statuses = []
    with EmbeddedStore(tmp_path / "s") as store:
        bulk = BulkLoad(store, files_per_part=1)
        bulk.add(first)
        bulk.add(second)
        bulk.finish(status=statuses.append)
        assert store.query("MATCH (s:Sentence) RETURN s.sentence_id, s.document, s.text")[1] == [[7, "d1", "甲乙丙"]]
        assert store.counts()["Document"] == 2
    assert any("1 Sentence rows share a key" in s for s in statuses)
