"""The Neo4j writer and reader against a recording fake of the driver (no server can run here),
and the same checks against a live server whenever NEO4J_URI is set."""

from __future__ import annotations

import os

import pytest
from neo4j import READ_ACCESS, WRITE_ACCESS
from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable

from graph import statements
from graph.bundle import Evidence, GraphBundle, canonical
from graph.model import NODES, RELS
from graph.neo4j_store import Neo4jStore, is_neo4j_uri
from graph.store import Store, StoreError, open_store
from tests.graph.catalogue_facts import JIAOZUO, catalogue_bundle
from tests.graph.fake_neo4j import FakeDriver
from tests.graph.live_neo4j import empty_live_store


def fake_store(batch_size: int = 1000, **fake) -> tuple[Neo4jStore, FakeDriver]:
    driver = FakeDriver(**fake)
    return Neo4jStore(driver=driver, batch_size=batch_size), driver


def test_it_is_a_store_and_open_store_picks_it_by_uri():
    store, _ = fake_store()
    assert isinstance(store, Store)
    assert store.kind == "neo4j"
    assert is_neo4j_uri("neo4j+s://abc.databases.neo4j.io") and is_neo4j_uri("bolt://localhost:7687")
    assert not is_neo4j_uri("cckg-data") and not is_neo4j_uri("/tmp/neo4j")
    fake = FakeDriver()
    assert open_store("neo4j://example.org:7687", driver=fake).driver is fake


def test_constraints_are_created_before_any_data_in_write_transactions():
    store, driver = fake_store()
    store.write(catalogue_bundle())
    sent = [text for call in driver.calls for text, _ in call.runs]
    constraints = statements.neo4j_constraints()
    assert sent[:len(constraints)] == constraints
    assert len(constraints) >= len(NODES)  # one uniqueness constraint per label, plus name indexes
    assert all(call.mode == "w" for call in driver.calls)
    assert all(s.mode == WRITE_ACCESS for s in driver.sessions)


def test_batches_are_one_managed_transaction_each_with_unwind_rows():
    bundle = GraphBundle()
    for i in range(5):
        bundle.add_node("City", f"41080{i}", {"name": f"区{i}"})
    store, driver = fake_store(batch_size=2)
    store.write(bundle)
    merges = [(call, params) for call in driver.calls for text, params in call.runs
              if text == statements.neo4j_merge_nodes("City")]
    assert [len(p["rows"]) for _, p in merges] == [2, 2, 1]
    assert len({id(call) for call, _ in merges}) == 3  # three transactions
    assert all(call.function == "_write_nodes_tx" and call.committed for call, _ in merges)
    assert statements.neo4j_merge_nodes("City").startswith("UNWIND $rows AS row MERGE (n:City {adcode: row.adcode})")
    first = merges[0][1]["rows"][0]
    assert set(first) == {p.name for p in NODES["City"].all_props}  # every model property, nothing else
    assert first["adcode"] == "410800" and first["name"] == "区0" and first["weight"] == 0


def test_a_partial_read_leaves_out_properties_and_relationships():
    bundle = catalogue_bundle()
    bundle.add_node("Slogan", "精致城市")  # a key named text
    store, _ = fake_store()
    store.write(bundle)
    part = store.read_bundle(types={"ABOUT", "CITES"}, skip_props={"text", "name"})
    assert part.nodes.keys() == bundle.nodes.keys()
    assert all(not ({"text", "name"} & n.props.keys()) for n in part.nodes.values())
    assert {e.type for e in part.edges.values()} == {"ABOUT", "CITES"}
    assert {k: e for k, e in bundle.edges.items() if e.type in ("ABOUT", "CITES")} == part.edges
    assert part.nodes[("Slogan", "精致城市")].key == "精致城市"


def test_the_stored_graph_equals_the_bundle_and_a_second_load_changes_nothing():
    bundle = catalogue_bundle()
    store, driver = fake_store(batch_size=3)
    store.write(bundle)
    assert store.read_bundle() == bundle
    assert store.counts() == bundle.counts()
    before = (dict(driver.graph.nodes), dict(driver.graph.edges))
    store.write(bundle)
    assert (driver.graph.nodes, driver.graph.edges) == before
    assert store.read_bundle() == bundle


def test_a_later_load_unions_evidence_with_what_is_stored():
    first, second = GraphBundle(), GraphBundle()
    e1 = Evidence("doc-a", 0, 6, "焦作市推进创文。")
    e2 = Evidence("doc-b", 5, 11, "焦作创文再出发。")
    for b, ev in ((first, e1), (second, e2)):
        doc = b.add_node("Document", ev.doc_id, {"title": ev.doc_id}, [ev])
        city = b.add_node("City", JIAOZUO, {"name": "焦作市"})
        b.add_edge("MENTIONS", doc, city, evidence=[ev])
    store, _ = fake_store()
    store.write(first)
    store.write(second)
    stored = store.read_bundle()
    assert stored == first.merge(second)
    (edge,) = [e for e in stored.edges_of("MENTIONS") if e.src == ("Document", "doc-b")]
    assert edge.evidence == {e2}
    assert stored.counts()["MENTIONS"] == 2 and stored.counts()["City"] == 1


def test_keyed_relationships_with_a_null_key_property_are_written_once():
    # REPORTED is keyed by (value, unit); 群众满意率 has no unit, which MERGE cannot match on.
    store, driver = fake_store()
    bundle = catalogue_bundle()
    store.write(bundle)
    store.write(bundle)
    sent = [t for call in driver.calls for t, _ in call.runs]
    assert statements.neo4j_upsert_edges_null_keys("REPORTED") in sent
    reported = [k for k in driver.graph.edges if k[0] == "REPORTED"]
    assert sorted(k[3] for k in reported) == [("12", "个"), ("95%", None)]


def test_a_transient_error_retries_the_whole_batch_and_leaves_no_duplicate():
    bundle = catalogue_bundle()
    clean, _ = fake_store()
    clean.write(bundle)
    constraints = len(statements.neo4j_constraints())
    # fail at the second statement of the first data batch: after its read, before its write
    store, driver = fake_store(fail_on_statement=constraints + 2)
    store.write(bundle)
    failed = [c for c in driver.calls if not c.committed]
    assert len(failed) == 1 and failed[0].function == "_write_nodes_tx"
    retried = driver.calls[driver.calls.index(failed[0]) + 1]
    assert retried.function == failed[0].function and retried.committed
    assert retried.runs == failed[0].runs + retried.runs[len(failed[0].runs):]
    assert store.read_bundle() == clean.read_bundle() == bundle


def test_a_batch_that_fails_is_rolled_back_and_reported_in_one_line():
    bundle = catalogue_bundle()
    store, driver = fake_store(drop_edges=True)  # every relationship row finds no endpoint
    with pytest.raises(StoreError, match=r"^wrote 0 of \d+ \w+ relationships .*rolled back$"):
        store.write(bundle)
    assert driver.graph.edges == {}
    assert len(driver.graph.nodes) == len(bundle.nodes)  # the node batches before it are kept


def test_a_client_error_is_one_clear_line():
    store, driver = fake_store()

    def refuse(*_args, **_kwargs):
        raise ClientError("Neo.ClientError.Schema.ConstraintValidationFailed: Node already exists")

    driver.execute = refuse
    with pytest.raises(StoreError) as info:
        store.write(catalogue_bundle())
    assert "\n" not in str(info.value) and "Node already exists" in str(info.value)


@pytest.mark.parametrize("error, words", [
    (ServiceUnavailable("Couldn't connect to localhost:7687"), "cannot reach Neo4j at neo4j://localhost:7687"),
    (AuthError("The client is unauthorized due to authentication failure."), "refused the credentials"),
])
def test_unreachable_server_or_wrong_password_is_one_line(error, words):
    with pytest.raises(StoreError) as info:
        Neo4jStore("neo4j://localhost:7687", driver=FakeDriver(connect_error=error))
    assert words in str(info.value)
    assert "\n" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_the_real_driver_against_a_closed_port_is_one_line():
    with pytest.raises(StoreError, match=r"^cannot reach Neo4j at bolt://127\.0\.0\.1:9: .*is the server running\?\)$"):
        Neo4jStore("bolt://127.0.0.1:9", password="x")


def test_configuration_comes_from_the_neo4j_environment_variables(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "neo4j://graph.example:7687")
    monkeypatch.setenv("NEO4J_DATABASE", "cckg")
    store = Neo4jStore(driver=FakeDriver())
    assert store.uri == "neo4j://graph.example:7687" and store.database == "cckg"
    store.write(catalogue_bundle())
    store.counts()
    assert {s.database for s in store.driver.sessions} == {"cckg"}
    monkeypatch.delenv("NEO4J_URI")
    with pytest.raises(StoreError, match="NEO4J_URI"):
        Neo4jStore()


def test_reads_go_through_execute_read_in_read_sessions():
    store, driver = fake_store()
    store.write(catalogue_bundle())
    n = len(driver.calls)
    store.counts()
    store.read_bundle()
    reads = driver.calls[n:]
    assert reads and all(c.mode == "r" and c.function == "_read_tx" for c in reads)
    assert all(s.mode == READ_ACCESS for s in driver.sessions[-len(reads):])


# live ---------------------------------------------------------------------------------------------
live = pytest.mark.skipif(not os.environ.get("NEO4J_URI"),
                          reason="NEO4J_URI is not set: no live Neo4j server to test against")


@pytest.fixture
def live_store():
    yield from empty_live_store(batch_size=7)


@pytest.mark.neo4j
@live
def test_live_parity_and_idempotence(live_store):
    bundle = catalogue_bundle()
    live_store.write(bundle)
    assert canonical(live_store.read_bundle()) == canonical(bundle)
    live_store.write(bundle)
    assert live_store.counts() == bundle.counts()
    assert all(live_store.counts()[t] == bundle.counts()[t] for t in RELS)
