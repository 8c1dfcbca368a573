"""Users' Cypher is read-only on both stores: every kind of write is refused with a message
naming the clause, and the graph is unchanged afterwards."""

from __future__ import annotations

import os
import time

import pytest
from neo4j import READ_ACCESS

from graph.bundle import canonical
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.readonly import ReadOnlyViolation, check_read_only
from graph.store import StoreError
from tests.graph.catalogue_facts import catalogue_bundle
from tests.graph.fake_neo4j import FakeDriver

# statement -> the words the refusal must contain
WRITES = {
    "CREATE (c:City {adcode: '999999', name: '新城'})": "CREATE",
    "MERGE (c:City {adcode: '410800'}) ON MATCH SET c.name = 'x'": "MERGE",
    "MATCH (c:City {adcode: '410800'}) SET c.name = '改名'": "SET",
    "MATCH (c:City {adcode: '410800'}) REMOVE c.name": "REMOVE",
    "MATCH (d:Document)-[r:CITES]->() DELETE r": "DELETE",
    "MATCH (c:City) DETACH DELETE c": "DETACH DELETE",
    "DROP CONSTRAINT city_key": "DROP",
    "DROP TABLE City": "DROP",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line": "LOAD CSV",
    "LOAD FROM '/etc/hostname' (file_format='csv') RETURN *": "LOAD FROM",
    "CALL apoc.create.node(['City'], {adcode: '1'}) YIELD node RETURN node": "CALL apoc.create.node",
    "CALL db.createLabel('Hacked')": "CALL db.createLabel",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})": "CALL apoc.periodic.iterate",
    "CALL threads=1": "setting",
    "MATCH (c:City) CALL (c) { DETACH DELETE c } IN TRANSACTIONS RETURN 1": "DETACH DELETE",
    "MATCH (c:City) FOREACH (x IN [1] | SET c.name = 'x')": "FOREACH",
    "COPY City FROM '/tmp/cities.csv'": "COPY",
    "EXPORT DATABASE '/tmp/cckg-dump'": "EXPORT",
    "INSTALL fts": "INSTALL",
    "ALTER TABLE City ADD population INT64": "ALTER",
    "BEGIN TRANSACTION": "BEGIN",
    "MATCH (c:City) RETURN c; MATCH (c:City) DETACH DELETE c": "one statement at a time",
    "CREATE DATABASE other": "CREATE",
    "ATTACH '/tmp/other' AS other (dbtype lbug)": "ATTACH",
}

READS = [
    "MATCH (c:City) WHERE c.name CONTAINS 'CREATE' OR c.name = \"DELETE\" RETURN c.name AS set",
    "MATCH (start:City)<-[:MENTIONS]-(d:Document) RETURN start.name, count(d) AS documents",
    "// SET in a comment\nMATCH (c:City) RETURN c.adcode",
    "CALL db.labels() YIELD label RETURN label",
    "CALL show_tables() RETURN *",
    "MATCH (c:City) RETURN c.name ORDER BY c.name LIMIT 3",
]


@pytest.mark.parametrize("statement, words", WRITES.items(), ids=list(WRITES.values()))
def test_the_check_refuses_every_kind_of_write(statement, words):
    with pytest.raises(ReadOnlyViolation) as info:
        check_read_only(statement)
    assert words in str(info.value) and str(info.value).startswith("refused: ")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("statement", READS)
def test_the_check_lets_reads_through(statement):
    check_read_only(statement)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("readonly") / "store"
    with EmbeddedStore(path) as store:
        store.write(catalogue_bundle())
    return path


def test_embedded_store_refuses_every_write_and_is_unchanged(store_path):
    with EmbeddedStore(store_path, read_only=True) as store:
        before = canonical(store.read_bundle())
        for statement, words in WRITES.items():
            with pytest.raises(ReadOnlyViolation, match=words.replace("(", r"\(")):
                store.run_read_only(statement)
        assert canonical(store.read_bundle()) == before == canonical(catalogue_bundle())
    with EmbeddedStore(store_path, read_only=True) as store:  # and on disk
        assert canonical(store.read_bundle()) == before


def test_the_engine_itself_refuses_writes_on_a_read_only_store(store_path):
    # Defence in depth: even past the check, a read-only LadybugDB database does not write.
    with EmbeddedStore(store_path, read_only=True) as store:
        for statement in ("CREATE (c:City {adcode: '999999'})", "MATCH (c:City) DETACH DELETE c",
                          "MATCH (c:City) SET c.name = 'x'", "DROP TABLE City"):
            with pytest.raises(RuntimeError, match="read-only"):
                store.query(statement)
        assert store.counts()["City"] == 4


def test_embedded_reads_have_a_row_limit_and_translate_the_dialect(store_path):
    with EmbeddedStore(store_path, read_only=True) as store:
        result = store.run_read_only("MATCH (c:City) RETURN c.name AS name ORDER BY name", row_limit=3)
        assert len(result.rows) == 3 and result.truncated
        full = store.run_read_only("MATCH (c:City) RETURN c.name AS name ORDER BY name", row_limit=4)
        assert len(full.rows) == 4 and not full.truncated
        typed = store.run_read_only("MATCH (:Document)-[r]->(:Tactic) RETURN DISTINCT type(r) AS t")
        assert typed.rows == [["CITES"]]


def test_embedded_read_only_needs_a_read_only_store(store_path):
    with EmbeddedStore(store_path) as store:
        with pytest.raises(ReadOnlyViolation, match="read-only"):
            store.run_read_only("MATCH (c:City) RETURN c.name")


def test_embedded_timeout_stops_a_long_query(store_path):
    with EmbeddedStore(store_path, read_only=True) as store:
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"^query failed: the query ran longer than 0.05s and was stopped$"):
            store.run_read_only("MATCH (a)-[*1..12]-(b) RETURN count(*) AS paths", timeout=0.05)
        assert time.monotonic() - started < 5
        # and the connection is usable again, without the timeout
        assert store.run_read_only("MATCH (c:City) RETURN count(c) AS n").rows == [[4]]


def test_neo4j_refuses_writes_before_anything_is_sent():
    driver = FakeDriver()
    store = Neo4jStore(driver=driver)
    for statement, words in WRITES.items():
        with pytest.raises(ReadOnlyViolation):
            store.run_read_only(statement)
    assert driver.sessions == [] and driver.calls == []


def test_neo4j_reads_use_a_read_session_execute_read_a_timeout_and_a_row_limit():
    driver = FakeDriver()
    query = "MATCH (c:City) RETURN c.name AS name ORDER BY name"
    driver.canned = {query: [{"name": n} for n in ("商丘市", "武威市", "滨州市", "焦作市")]}
    store = Neo4jStore(driver=driver)
    result = store.run_read_only(query, {"x": 1}, row_limit=2, timeout=5)
    assert result.columns == ["name"] and result.rows == [["商丘市"], ["武威市"]] and result.truncated
    (session,) = driver.sessions
    (call,) = driver.calls
    assert session.mode == READ_ACCESS and call.mode == "r" and call.timeout == 5
    assert call.runs == [(query, {"x": 1})]


@pytest.mark.neo4j
@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="NEO4J_URI is not set: no live Neo4j server")
def test_live_neo4j_refuses_every_write_and_is_unchanged():
    with Neo4jStore.from_env() as store:
        before = store.counts()
        for statement in WRITES:
            with pytest.raises(ReadOnlyViolation):
                store.run_read_only(statement)
        assert store.counts() == before
