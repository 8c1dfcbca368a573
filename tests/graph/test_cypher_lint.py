"""graph.cypher_lint runs Neo4j's own Cypher front end for real (node + npm package).

Nothing here is skipped: without node or `npm ci --prefix tools/cypher-lint` these tests fail
with CypherLintUnavailable, whose message names the fix.
"""

from __future__ import annotations

import subprocess

import pytest

from graph import cypher_lint
from graph.cypher_lint import (
    ERROR,
    WARNING,
    CypherLintUnavailable,
    CypherSchema,
    LintQuery,
    lint_cypher,
)

SCHEMA = CypherSchema(
    labels=["City", "Document", "Tactic"],
    relationship_types=["ABOUT", "CITES"],
    property_keys=["adcode", "name", "doc_id", "sentence"],
)

ROWS = [{"adcode": "410800", "name": "焦作"}]

# name -> (query, parameters); every one of these is valid for SCHEMA.
VALID = {
    "city_tactics": (
        "MATCH (c:City)<-[:ABOUT]-(d:Document)-[r:CITES]->(t:Tactic)\n"
        "WHERE c.adcode = $adcode\n"
        "RETURN c.name, t.name, count(d) AS docs, collect(r.sentence)[..3] AS evidence",
        {"adcode": "410800"},
    ),
    "shortest_path": ("MATCH p = shortestPath((a)-[*..6]-(b)) RETURN p", {}),
    "unwind_merge": (
        "UNWIND $rows AS row MERGE (n:City {adcode: row.adcode}) SET n.name = row.name",
        {"rows": ROWS},
    ),
    "constraint": (
        "CREATE CONSTRAINT city_key IF NOT EXISTS FOR (n:City) REQUIRE n.adcode IS UNIQUE",
        {},
    ),
    "db_labels": ("CALL db.labels()", {}),
    "db_labels_yield": ("CALL db.labels() YIELD label RETURN label ORDER BY label", {}),
    "builtins": (
        "MATCH (a:City {adcode: $a})\n"
        "MATCH (b:City {adcode: $b})\n"
        "MATCH p = shortestPath((a)-[*..6]-(b))\n"
        "RETURN [n IN nodes(p) | labels(n)] AS node_labels,\n"
        "       [r IN relationships(p) | type(r)] AS rel_types,\n"
        "       size(nodes(p)) AS hops, toLower(coalesce(a.name, '')) AS name,\n"
        "       count(*) AS n, collect(DISTINCT b.adcode) AS targets, elementId(a) AS id",
        {"a": "410800", "b": "411400"},
    ),
    "new_property_written": ("MATCH (n:City) SET n.population = $p", {"p": 1}),
}

# name -> (query, parameters, severity, words in the message)
INVALID = {
    "syntax_error": ("MATCH (n:City RETURN n", {}, ERROR, "Invalid input"),
    "undefined_parameter": ("MATCH (n:City {adcode: $missing}) RETURN n", {}, ERROR, "$missing"),
    "unknown_label": ("MATCH (n:Cty) RETURN n", {}, WARNING, "Label Cty"),
    "unknown_relationship_type": (
        "MATCH (d:Document)-[:CITESS]->(t:Tactic) RETURN t",
        {},
        WARNING,
        "Relationship type CITESS",
    ),
    "unknown_property": ("MATCH (n:City) RETURN n.nmae", {}, WARNING, "nmae"),
    "unknown_function": ("MATCH (n:City) RETURN toLowr(n.name)", {}, ERROR, "Function toLowr"),
    "unknown_procedure": ("CALL db.lables()", {}, ERROR, "Procedure db.lables"),
    "apoc_not_installed": ("RETURN apoc.text.join(['a', 'b'], ',') AS s", {}, ERROR, "apoc.text.join"),
    "undefined_variable": ("MATCH (n:City) RETURN m", {}, ERROR, "Variable `m` not defined"),
    "empty": ("   ", {}, ERROR, "Empty query"),
}


@pytest.fixture(scope="module")
def linted() -> dict[str, cypher_lint.LintResult]:
    queries = [LintQuery(name, text, params) for name, (text, params) in VALID.items()]
    queries += [LintQuery(name, text, params) for name, (text, params, *_) in INVALID.items()]
    results = lint_cypher(queries, SCHEMA)
    assert [r.name for r in results] == [q.name for q in queries]
    return {r.name: r for r in results}


@pytest.mark.parametrize("name", VALID)
def test_valid_query_passes(linted, name):
    result = linted[name]
    assert result.ok, result.report()
    assert result.diagnostics == ()


@pytest.mark.parametrize("name", INVALID)
def test_invalid_query_fails(linted, name):
    _, _, severity, words = INVALID[name]
    result = linted[name]
    assert not result.ok
    assert any(d.severity == severity and words in d.message for d in result.errors), result.report()


def test_positions_point_at_the_culprit(linted):
    (diagnostic,) = linted["unknown_label"].errors
    assert (diagnostic.line, diagnostic.character) == (0, 9)
    assert str(diagnostic).startswith("1:10: warning: Label Cty")


def test_plugins_and_graph_patterns():
    schema = CypherSchema(
        labels=SCHEMA.labels,
        relationship_types=SCHEMA.relationship_types,
        property_keys=SCHEMA.property_keys,
        patterns=[("Document", "ABOUT", "City"), ("Document", "CITES", "Tactic")],
        plugins=["apoc"],
    )
    apoc, right_way, wrong_way = lint_cypher(
        [
            LintQuery("apoc", "RETURN apoc.text.join(['a', 'b'], ',') AS s"),
            LintQuery("right_way", "MATCH (c:City)<-[:ABOUT]-(d:Document) RETURN c.name"),
            LintQuery("wrong_way", "MATCH (c:City)-[:ABOUT]->(d:Document) RETURN c.name"),
        ],
        schema,
    )
    assert apoc.ok, apoc.report()
    assert right_way.ok, right_way.report()
    assert not wrong_way.ok
    assert "[:ABOUT] has no incoming (:City)" in wrong_way.report()


def test_batch_of_50_queries_runs_one_node_process(monkeypatch):
    calls = []
    real_run = subprocess.run

    def counting_run(args, *rest, **kwargs):
        calls.append(args)
        return real_run(args, *rest, **kwargs)

    monkeypatch.setattr(cypher_lint.subprocess, "run", counting_run)
    queries = [
        LintQuery(f"q{i}", "MATCH (n:City {adcode: $adcode}) RETURN n.name", {"adcode": str(i)})
        for i in range(49)
    ] + [LintQuery("q49", "MATCH (n:Cty) RETURN n")]
    results = lint_cypher(queries, SCHEMA)
    assert len(calls) == 1
    assert calls[0][1].endswith("lint.mjs")
    assert [r.name for r in results] == [q.name for q in queries]
    assert all(r.ok for r in results[:49])
    assert not results[49].ok


def test_empty_batch_starts_nothing(monkeypatch):
    monkeypatch.setattr(cypher_lint.subprocess, "run", lambda *a, **k: pytest.fail("ran node"))
    assert lint_cypher([], SCHEMA) == []


def test_missing_package_names_the_fix(monkeypatch, tmp_path):
    monkeypatch.setattr(cypher_lint, "LINT_PACKAGE", tmp_path / "missing" / "package.json")
    with pytest.raises(CypherLintUnavailable, match=r"npm ci --prefix tools/cypher-lint"):
        lint_cypher([LintQuery("q", "RETURN 1")], SCHEMA)


def test_missing_node_names_the_fix():
    with pytest.raises(CypherLintUnavailable, match=r"npm ci --prefix tools/cypher-lint"):
        lint_cypher([LintQuery("q", "RETURN 1")], SCHEMA, node="no-such-node-binary")


def test_schema_rejects_unknown_plugin():
    with pytest.raises(ValueError, match="unknown plugins"):
        CypherSchema(labels=[], relationship_types=[], property_keys=[], plugins=["apok"])
