import signal
import subprocess
import sys
import time

import pytest

from graph.bundle import EVIDENCE_CAP, Evidence, GraphBundle, canonical, edge_row, stored_form
from graph.embedded import EmbeddedStore, StoreError
from graph.model import NODES, RELS


def small_bundle(doc="d1", sentence="焦作市创文。") -> GraphBundle:
    bundle = GraphBundle()
    ev = Evidence(doc, 0, len(sentence), sentence)
    d = bundle.add_node("Document", doc, {"title": "标题", "year_masked": False}, [ev])
    c = bundle.add_node("City", "410800", {"name": "焦作市", "lon": 113.2}, [ev])
    t = bundle.add_node("Tactic", "网格化管理", {"variants": ["网格化"]})
    bundle.add_edge("MENTIONS", d, c, evidence=[ev])
    bundle.add_edge("CITES", d, t, evidence=[ev])
    return bundle


def test_reopening_gives_the_same_graph(tmp_path):
    with EmbeddedStore(tmp_path / "s") as store:
        store.write(small_bundle())
    with EmbeddedStore(tmp_path / "s", read_only=True) as store:
        assert store.read_bundle() == small_bundle()


def test_writing_twice_changes_nothing_and_new_evidence_is_merged(tmp_path):
    with EmbeddedStore(tmp_path / "s") as store:
        store.write(small_bundle())
        store.write(small_bundle())
        assert store.counts()["MENTIONS"] == 1
        store.write(small_bundle("d2", "商丘也学焦作市。"))
        assert store.read_bundle() == small_bundle().merge(small_bundle("d2", "商丘也学焦作市。"))
        columns, rows = store.query("MATCH (t:Tactic)<-[e:CITES]-(d:Document) UNWIND e.sentence_ids AS sid "
                                    "MATCH (s:Sentence {sentence_id: sid}) RETURN d.doc_id, s.text ORDER BY d.doc_id")
        assert rows == [["d1", "焦作市创文。"], ["d2", "商丘也学焦作市。"]]


def test_the_known_merge_pipeline_case_keeps_every_relationship(tmp_path):
    """The UNWIND/MERGE case that loses a relationship in LadybugDB 0.22 (ARCHITECTURE.md)."""
    bundle = GraphBundle()
    for doc, city, tactics in (("d1", "410800", ["网格化管理", "一票否决"]), ("d2", "411400", ["网格化管理", "微创建"])):
        d = bundle.add_node("Document", doc)
        c = bundle.add_node("City", city)
        bundle.add_edge("ABOUT", d, c)
        for name in tactics:
            bundle.add_edge("CITES", d, bundle.add_node("Tactic", name))
    with EmbeddedStore(tmp_path / "s") as store:
        store.write(bundle)
        assert store.counts()["CITES"] == 4 and store.counts()["ABOUT"] == 2
        assert store.read_bundle() == bundle


def test_read_only_store_refuses_writes(tmp_path):
    with EmbeddedStore(tmp_path / "s") as store:
        store.write(small_bundle())
    with EmbeddedStore(tmp_path / "s", read_only=True) as store:
        with pytest.raises(RuntimeError):
            store.query("CREATE (:City {adcode: '110000'})")
        assert store.counts()["City"] == 1


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="cckg load"):
        EmbeddedStore(tmp_path / "nothing", read_only=True)


def _alter(path, statement):
    import ladybug

    db = ladybug.Database(str(path))
    ladybug.Connection(db).execute(statement)
    db.close()


def test_a_store_of_another_version_is_a_clear_error_and_is_left_as_it_was(tmp_path):
    with EmbeddedStore(tmp_path / "s") as store:
        store.write(small_bundle())
    _alter(tmp_path / "s", "ALTER TABLE Document ADD text STRING")  # as stores built before Sentence nodes
    for read_only in (False, True):
        with pytest.raises(StoreError, match=r"another version of cckg \(Document differs in text\).*cckg load"):
            EmbeddedStore(tmp_path / "s", read_only=read_only)
    _alter(tmp_path / "s", "ALTER TABLE Document DROP text")
    with EmbeddedStore(tmp_path / "s", read_only=True) as store:
        assert store.counts()["City"] == 1


def test_a_table_the_store_lacks_is_created_for_writing_and_an_error_when_reading(tmp_path):
    with EmbeddedStore(tmp_path / "s") as store:
        store.write(small_bundle())
    _alter(tmp_path / "s", "DROP TABLE REUSES")
    with pytest.raises(StoreError, match="no REUSES table"):
        EmbeddedStore(tmp_path / "s", read_only=True)
    with EmbeddedStore(tmp_path / "s") as store:
        assert store.counts()["City"] == 1
    with EmbeddedStore(tmp_path / "s", read_only=True) as store:
        assert store.query("MATCH ()-[r:REUSES]->() RETURN count(r)")[1] == [[0]]


def test_parity_store_equals_bundle_label_by_label(corpus_store, corpus_bundle):
    with EmbeddedStore(corpus_store, read_only=True) as store:
        stored = store.read_bundle()
        counts = store.counts()
    assert counts == corpus_bundle.counts()
    for label in NODES:
        assert [(n.key, n.props, n.evidence) for n in stored.nodes_of(label)] == \
               [(n.key, n.props, n.evidence) for n in corpus_bundle.nodes_of(label)], label
    expected = stored_form(corpus_bundle)
    for type_ in RELS:
        assert [(e.key, e.props, e.evidence, e.weight) for e in stored.edges_of(type_)] == \
               [(e.key, e.props, e.evidence, e.weight) for e in expected.edges_of(type_)], type_
    assert counts["Document"] >= 10 and counts["City"] >= 6 and counts["MENTIONS"] > 20


def _copies(src_dir, dst_dir, n):
    """n distinct small documents made from the seeds (a numbered line keeps each one distinct)."""
    seeds = sorted(p for p in src_dir.iterdir() if p.suffix == ".txt")
    dst_dir.mkdir()
    for i in range(n):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")[:3000]
        (dst_dir / f"doc{i:04d}.txt").write_text(f"第{i}号\n{text}", encoding="utf-8")


def _load(corpus, store, *options, **kw):
    cmd = [sys.executable, "-m", "cckg.cli", "load", str(corpus), "--store", str(store), "--batch", "1", *options]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def _killed_after(corpus, store, seconds, *options):
    proc = _load(corpus, store, *options)
    time.sleep(seconds)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # Opened for writing: the engine replays its log after the kill, which a read-only open refuses.
    with EmbeddedStore(store) as opened:
        return opened.counts()["Document"]


@pytest.mark.slow
def test_load_killed_halfway_then_rerun_equals_uninterrupted(tmp_path, seeds):
    """Into a store that holds documents already, batches written one by one (--reextract: no rebuild)
    survive a kill, and the same load run again (skipping the files stored, rebuilding the store with
    the rest) finishes the graph."""
    corpus, first = tmp_path / "corpus", tmp_path / "first"
    _copies(seeds, corpus, 120)
    first.mkdir()
    seed = sorted(p for p in seeds.iterdir() if p.suffix == ".txt")[0]
    (first / "first.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    assert _load(first, tmp_path / "full").wait() == 0
    started = time.monotonic()
    assert _load(corpus, tmp_path / "full").wait() == 0
    full_time = time.monotonic() - started
    with EmbeddedStore(tmp_path / "full", read_only=True) as store:
        expected = store.read_bundle()
    before = expected.counts()["Document"] - 120
    for fraction in (0.6, 0.4, 0.75, 0.3):
        target = tmp_path / f"killed{fraction}"
        assert _load(first, target).wait() == 0
        if before < _killed_after(corpus, target, full_time * fraction, "--reextract") < before + 120:
            break
    else:
        pytest.fail("could not kill the load halfway")
    assert _load(corpus, target).wait() == 0
    with EmbeddedStore(target, read_only=True) as store:
        assert store.read_bundle() == expected


@pytest.mark.slow
def test_first_load_killed_leaves_an_empty_store_and_rerun_completes(tmp_path, seeds):
    """The first load into an empty store is a bulk load: killed at any point, it leaves the store
    empty (not half written), and run again it gives the full graph."""
    corpus = tmp_path / "corpus"
    _copies(seeds, corpus, 60)
    started = time.monotonic()
    assert _load(corpus, tmp_path / "full").wait() == 0
    full_time = time.monotonic() - started
    with EmbeddedStore(tmp_path / "full", read_only=True) as store:
        expected = store.read_bundle()
    for fraction in (0.5, 0.9):
        target = tmp_path / f"killed{fraction}"
        assert _killed_after(corpus, target, full_time * fraction) in (0, expected.counts()["Document"])
        assert _load(corpus, target).wait() == 0
        with EmbeddedStore(target, read_only=True) as store:
            assert store.read_bundle() == expected


def test_derived_uses_counts_documents_across_separate_loads(tmp_path):
    """USES.docs is the number of distinct citing documents and first_seen the earliest, however loads are split."""
    def citing(doc: str, date: str) -> GraphBundle:
        bundle = GraphBundle()
        ev = Evidence(doc, 0, 6, "推行网格化管理。")
        bundle.add_node("Document", doc, {"date_iso": date})
        city = bundle.add_node("City", "410800")
        tactic = bundle.add_node("Tactic", "网格化管理")
        bundle.add_edge("USES", city, tactic, {"docs": 1, "first_seen": date}, [ev])
        return bundle

    with EmbeddedStore(tmp_path / "s") as store:
        store.write(citing("d2", "2020-05-12"))
        store.write(citing("d1", "2019-03-01"))
        store.write(citing("d2", "2020-05-12"))
        _, rows = store.query("MATCH (:City)-[u:USES]->(:Tactic) RETURN u.docs, u.first_seen, u.weight")
    assert rows == [[2, "2019-03-01", 2]]


def test_edges_between_stored_nodes_merge_per_edge_and_keep_the_pairs_other_edges(tmp_path):
    """A later batch adds evidence to one of two posts an official holds in a city and names a third post:
    the changed post is merged, the untouched one and the new one are both kept (three HOLDS_POST)."""
    def posts(doc: str, titles: list[str]) -> GraphBundle:
        bundle = GraphBundle()
        ev = Evidence(doc, 0, 8, f"{doc}：张三任{titles[0]}。")
        bundle.add_node("Document", doc)
        official = bundle.add_node("Official", "张三@410800", {"name": "张三"}, [ev])
        city = bundle.add_node("City", "410800", {"name": "焦作市"}, [ev])
        for title in titles:
            bundle.add_edge("HOLDS_POST", official, city, {"title": title}, [ev])
        return bundle

    first, second, third = posts("d1", ["市委书记", "市长"]), posts("d2", ["市长", "市人大常委会主任"]), posts("d3", ["市长"])
    with EmbeddedStore(tmp_path / "s") as store:
        store.write(first)
        store.write(second)
        assert store.counts()["HOLDS_POST"] == 3
        store.write(third)
        store.write(second)  # again: nothing changes
        _, rows = store.query("MATCH (:Official)-[e:HOLDS_POST]->(:City) RETURN e.title, e.doc_ids")
        assert sorted(rows) == sorted([["市人大常委会主任", ["d2"]], ["市长", ["d1", "d2", "d3"]], ["市委书记", ["d1"]]])
        assert store.read_bundle() == first.merge(second).merge(third)


def test_evidence_appended_to_stored_edges_keeps_the_merge_rules(tmp_path):
    """USES between a stored city and tactic gains a document per batch: docs counts distinct
    documents, first_seen keeps the earliest date, weight every sentence though only the first
    EVIDENCE_CAP are kept; a batch loaded twice adds nothing."""
    def cites(doc: str, date: str, sentences: int) -> GraphBundle:
        bundle = GraphBundle()
        evidence = [Evidence(doc, 10 * i, 10 * i + 5, f"{doc}第{i}句推行网格化管理。") for i in range(sentences)]
        bundle.add_node("Document", doc, {"date_iso": date})
        city = bundle.add_node("City", "410800", {"name": "焦作市"})
        tactic = bundle.add_node("Tactic", "网格化管理", {"status": "curated"})
        bundle.add_edge("USES", city, tactic, {"docs": 1, "first_seen": date}, evidence)
        return bundle

    batches = [cites("d1", "2020-05-01", 2), cites("d2", "2019-03-01", 1), cites("d3", "2021-01-01", 3)]
    with EmbeddedStore(tmp_path / "s") as store:
        for bundle in batches + batches[1:2]:
            store.write(bundle)
        _, rows = store.query("MATCH (:City)-[e:USES]->(:Tactic) RETURN e.docs, e.first_seen, e.weight, size(e.sentence_ids)")
        assert rows == [[3, "2019-03-01", 6, EVIDENCE_CAP]]
        assert store.read_bundle() == GraphBundle.union(batches)


def test_aggregate_facts_are_one_row_each_write_after_write(tmp_path):
    """A city's USES gains a document per write: still one row, with the counts of all; a store
    opened again knows its facts (no second row), and a document loaded again adds nothing."""
    def cites(doc: str) -> GraphBundle:
        bundle = GraphBundle()
        ev = Evidence(doc, 0, 9, f"{doc}推行网格化管理。")
        d = bundle.add_node("Document", doc)
        city = bundle.add_node("City", "410800", {"name": "焦作市"})
        tactic = bundle.add_node("Tactic", "网格化管理")
        bundle.add_edge("CITES", d, tactic, evidence=[ev])
        bundle.add_edge("USES", city, tactic, {"docs": 1}, [ev])
        return bundle

    rows = "MATCH (:City)-[u:USES]->(:Tactic) RETURN u.docs, u.weight, size(u.sentence_ids)"
    with EmbeddedStore(tmp_path / "s") as store:
        for doc in ("d1", "d2", "d3"):
            store.write(cites(doc))
        assert store.query(rows)[1] == [[3, 3, 3]]
    with EmbeddedStore(tmp_path / "s") as store:
        for doc in ("d4", "d5", "d6", "d4"):
            store.write(cites(doc))
        assert store.query(rows)[1] == [[6, 6, EVIDENCE_CAP]]
        assert store.counts()["CITES"] == 6


def test_a_partial_read_leaves_out_properties_and_relationships_and_shares_evidence(tmp_path):
    with EmbeddedStore(tmp_path / "s") as store:
        store.write(small_bundle())
        part = store.read_bundle(types={"MENTIONS"}, skip_props={"title", "adcode", "weight"})
    whole = small_bundle()
    assert part.nodes.keys() == whole.nodes.keys()
    assert part.nodes[("Document", "d1")].props == {"year_masked": False}  # no title
    assert part.nodes[("City", "410800")].key == "410800"  # a key is always read
    assert [e.type for e in part.edges.values()] == ["MENTIONS"]
    (edge,) = part.edges.values()
    assert edge == next(e for e in whole.edges.values() if e.type == "MENTIONS")
    (node_ev,), (edge_ev,) = part.nodes[("City", "410800")].evidence, edge.evidence
    assert node_ev is edge_ev  # one object per sentence read


def test_a_read_without_sentences_keeps_where_the_evidence_is(tmp_path):
    with EmbeddedStore(tmp_path / "s") as store:
        store.write(small_bundle())
        part = store.read_bundle(skip_props={"sentences"})
    whole = small_bundle()
    assert part.edges.keys() == whole.edges.keys()
    for key, edge in part.edges.items():
        assert {(e.doc_id, e.start, e.end, e.sentence) for e in edge.evidence} == {
            (e.doc_id, e.start, e.end, "") for e in whole.edges[key].evidence} != set()


def test_a_document_relationship_read_back_takes_its_documents_from_its_source(tmp_path):
    bundle = GraphBundle()
    doc = bundle.add_node("Document", "d1")
    city = bundle.add_node("City", "410800", {"name": "焦作市"})
    bundle.add_edge("MENTIONS", doc, city, evidence=[Evidence("d1", 0, 4, "焦作市。"), Evidence("d1", 9, 14, "再到焦作。")])
    assert "doc_ids" not in edge_row(next(iter(bundle.edges.values())))
    with EmbeddedStore(tmp_path / "s") as store:
        store.write(bundle)
        assert canonical(store.read_bundle()) == canonical(bundle)
