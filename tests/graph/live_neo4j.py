"""A live Neo4j database for the tests that need one (only when NEO4J_URI is set)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


def empty_live_store(**options) -> Iterator:
    """Yield a Neo4jStore on an empty database, and wipe what the test wrote afterwards."""
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("NEO4J_URI is not set: no live Neo4j server to test against")
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore.from_env(**options)
    if sum(store.counts().values()):
        store.close()
        pytest.skip("the Neo4j database is not empty; point NEO4J_DATABASE at an empty database")
    try:
        yield store
    finally:
        def wipe(tx):
            tx.run("MATCH (n) DETACH DELETE n").consume()

        with store._session() as session:
            session.execute_write(wipe)
        store.close()
