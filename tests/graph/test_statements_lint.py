"""Every statement the Neo4j writer and reader send, and every catalogue query, passes Neo4j's
own Cypher front end (npm @neo4j-cypher/language-support) given the schema from graph.model:
a syntax error, an undefined variable or parameter, an unknown label, type or property, or a
pattern the model does not have fails the build. Runs offline; needs `make setup` (node + npm ci)."""

from __future__ import annotations

import pytest

import cypher as catalogue
from graph import statements
from graph.cypher_lint import CypherSchema, LintQuery, lint_cypher
from graph.model import RELS, cypher_schema

SCHEMA = cypher_schema()
PATTERNS = [(r.src, r.type, r.dst) for r in RELS.values()]
GRAPH = CypherSchema(SCHEMA["labels"], SCHEMA["relationshipTypes"], SCHEMA["propertyKeys"], patterns=PATTERNS)
# The writer's $rows maps carry the endpoints' keys as row.from / row.to besides the model's properties.
WRITER = CypherSchema(SCHEMA["labels"], SCHEMA["relationshipTypes"], [*SCHEMA["propertyKeys"], "from", "to"],
                      patterns=PATTERNS)


def catalogue_lint_queries() -> list[LintQuery]:
    return [LintQuery(f"cypher/{q.name}.cypher", *q.prepare()) for q in catalogue.queries().values()]


@pytest.fixture(scope="module")
def writer_results():
    return lint_cypher([LintQuery(n, t, p) for n, t, p in statements.neo4j_statements()], WRITER)


def test_every_writer_statement_passes_neo4js_linter(writer_results):
    failing = [r.report() for r in writer_results if not r.ok]
    assert not failing, "\n".join(failing)
    names = {r.name.split()[0] for r in writer_results}
    assert {"constraint", "fetch_nodes", "merge_nodes", "fetch_edges", "merge_edges",
            "upsert_edges_null_keys", "all_nodes", "all_edges", "count_nodes", "count_edges"} <= names


def test_every_catalogue_query_passes_neo4js_linter():
    results = lint_cypher(catalogue_lint_queries(), GRAPH)
    failing = [r.report() for r in results if not r.ok]
    assert not failing, "\n".join(failing)
    assert len(results) == len(catalogue.queries()) >= 12


def test_the_lint_would_catch_a_broken_catalogue_query():
    q = catalogue.get("city_tactics")
    broken = {
        "misspelt property": q.text.replace("t.category", "t.categroy"),
        "misspelt label": q.text.replace("(t:Tactic)", "(t:Tactics)"),
        "wrong direction": q.text.replace("(c:City)<-[:ABOUT]-(d:Document)", "(c:City)-[:ABOUT]->(d:Document)"),
        "undefined variable": q.text.replace("RETURN city,", "RETURN town,"),
        "syntax error": q.text.replace("WHERE", "WHER", 1),
    }
    results = lint_cypher([LintQuery(k, v, q.bind({})) for k, v in broken.items()], GRAPH)
    assert [r.name for r in results if r.ok] == []
