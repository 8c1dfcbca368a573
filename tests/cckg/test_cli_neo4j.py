"""`cckg query NAME --param`, `cckg query --list`, read-only refusals, `--neo4j` errors and
`cckg export --neo4j-admin` from the command line."""

from __future__ import annotations

import json
import shlex

import pytest
from typer.testing import CliRunner

import cypher as catalogue
from cckg.cli import app
from graph.embedded import EmbeddedStore
from tests.graph.catalogue_facts import catalogue_bundle

runner = CliRunner()


def cckg(*args):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-neo4j") / "s"
    with EmbeddedStore(path) as db:
        db.write(catalogue_bundle())
    return str(path)


def test_list_shows_every_query_with_its_comments():
    result = cckg("query", "--list")
    assert result.exit_code == 0
    for q in catalogue.queries().values():
        assert q.name in result.output and q.purpose[:30] in result.output.replace("\n", " ")


def test_a_catalogue_query_with_parameters(store):
    result = cckg("query", "city_tactics", "--param", "city=焦作", "-p", "tactic=网格化管理", "--store", store, "--json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert (row["city"], row["tactic"], row["documents"]) == ("焦作市", "网格化管理", 2)


def test_a_typed_parameter_and_the_row_limit(store):
    result = cckg("query", "neighbourhood", "-p", "entity=网格化管理", "-p", "hops=2", "--limit", "3", "--store", store)
    assert result.exit_code == 0, result.output
    assert "3 rows (stopped at the limit of 3" in result.output


@pytest.mark.parametrize("args, words", [
    (["city_tactics", "-p", "town=焦作"], "has no parameter town"),
    (["neighbourhood", "-p", "hops=two"], "hops must be INT"),
    (["city_tactics", "-p", "city"], "--param wants key=value"),
    (["MATCH (c:City) DETACH DELETE c"], "refused: DETACH DELETE"),
    (["LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l"], "refused: LOAD CSV"),
])
def test_errors_are_one_line(store, args, words):
    result = cckg("query", *args, "--store", store)
    assert result.exit_code == 1 and words in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) <= 2


def test_unreachable_neo4j_is_one_line(tmp_path):
    result = cckg("load", str(tmp_path), "--neo4j", "bolt://127.0.0.1:9")
    # tmp_path is empty: the load stops before connecting
    assert result.exit_code == 1 and "no readable files" in result.output
    (tmp_path / "a.txt").write_text("焦作市召开创文推进会。", encoding="utf-8")
    result = cckg("load", str(tmp_path), "--neo4j", "bolt://127.0.0.1:9")
    assert result.exit_code == 1 and "cannot reach Neo4j at bolt://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output
    result = cckg("stats", "--neo4j", "http://127.0.0.1:9")
    assert result.exit_code == 1 and "unknown store address" in result.output


def test_export_neo4j_admin_prints_the_import_command(store, tmp_path):
    out = tmp_path / "import"
    result = cckg("export", "--neo4j-admin", str(out), "--store", store)
    assert result.exit_code == 0, result.output
    command = next(line for line in result.stdout.splitlines() if line.startswith("neo4j-admin"))
    args = shlex.split(command)
    files = [a.split("=", 1)[1] for a in args if a.startswith(("--nodes=", "--relationships="))]
    assert sorted(files) == sorted(str(p) for p in out.resolve().glob("*.csv"))
    assert (out / "nodes_City.csv").read_text(encoding="utf-8").startswith("adcode:ID(City),name,")
    assert "cypher-shell" in result.stdout


def test_export_needs_a_target(store):
    result = cckg("export", "--store", store)
    assert result.exit_code == 1 and "--neo4j-admin" in result.output


def test_load_stats_and_query_on_neo4j_through_the_fake_driver(monkeypatch, seeds):
    # No server can run here: the recording fake stands in for one (see tests/graph/fake_neo4j.py).
    import neo4j

    from tests.graph.fake_neo4j import FakeDriver

    fake = FakeDriver()
    seen = {}

    def driver(uri, auth):
        seen["uri"], seen["auth"] = uri, auth
        return fake

    monkeypatch.setattr(neo4j.GraphDatabase, "driver", driver)
    monkeypatch.setenv("NEO4J_USERNAME", "reader")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret")
    result = cckg("load", str(seeds), "--neo4j", "neo4j://graph.example:7687", "--neo4j-batch", "50")
    assert result.exit_code == 0, result.output
    assert seen == {"uri": "neo4j://graph.example:7687", "auth": ("reader", "s3cret")}
    merges = [p["rows"] for c in fake.calls for t, p in c.runs if t.startswith("UNWIND $rows AS row MERGE")]
    assert merges and max(len(rows) for rows in merges) <= 50
    stats = json.loads(cckg("stats", "--neo4j", "neo4j://graph.example:7687", "--json").stdout)
    assert stats["Document"] >= 5 and stats["City"] > 0
    # loading again changes nothing
    assert cckg("load", str(seeds), "--neo4j", "neo4j://graph.example:7687").exit_code == 0
    assert json.loads(cckg("stats", "--neo4j", "neo4j://graph.example:7687", "--json").stdout) == stats
    refused = cckg("query", "MATCH (n) DETACH DELETE n", "--neo4j", "neo4j://graph.example:7687")
    assert refused.exit_code == 1 and "refused: DETACH DELETE" in refused.output
