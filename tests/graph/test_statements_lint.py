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


def broken_catalogue_queries() -> list[LintQuery]:
    """Controls: one catalogue query spoilt in each way the lint must catch."""
    q = catalogue.get("tactic_timeline")
    broken = {
        "misspelt property": q.text.replace("d.date_iso", "d.date_isoo"),
        "misspelt label": q.text.replace("(t:Tactic)", "(t:Tactics)"),
        "wrong direction": q.text.replace("(t:Tactic)<-[:CITES]-(d:Document)", "(t:Tactic)-[:CITES]->(d:Document)"),
        "undefined variable": q.text.replace("RETURN city,", "RETURN town,"),
        "syntax error": q.text.replace("WHERE", "WHER", 1),
    }
    assert all(text != q.text for text in broken.values())
    return [LintQuery(f"broken: {k}", v, q.bind({})) for k, v in broken.items()]


@pytest.fixture(scope="module")
def graph_results():
    # one node process for the catalogue and the controls
    results = lint_cypher(catalogue_lint_queries() + broken_catalogue_queries(), GRAPH)
    return ([r for r in results if not r.name.startswith("broken: ")],
            [r for r in results if r.name.startswith("broken: ")])


def test_every_catalogue_query_passes_neo4js_linter(graph_results):
    results, _ = graph_results
    failing = [r.report() for r in results if not r.ok]
    assert not failing, "\n".join(failing)
    assert len(results) == len(catalogue.queries()) >= 12


def test_the_lint_would_catch_a_broken_catalogue_query(graph_results):
    _, controls = graph_results
    assert len(controls) == 5 and [r.name for r in controls if r.ok] == []
