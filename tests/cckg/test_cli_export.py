"""`cckg export` on a real embedded store holding the small hand-built graph."""

import json

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from cckg.cli import app
from graph.embedded import EmbeddedStore
from tests.graph.gexf_rules import check_gexf
from tests.graph.small_graph import small_bundle

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("export-store") / "s"
    with EmbeddedStore(path) as db:
        db.write(small_bundle())
    return path


def cckg(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_gexf_from_the_store_equals_gexf_from_the_bundle(store, tmp_path):
    from graph.export import export_graph

    result = cckg("export", tmp_path / "s.gexf", "--store", store, "--dynamic")
    assert result.exit_code == 0, result.output
    assert "wrote 21 nodes and 32 edges" in result.output and "2019-03-05 to 2021-01-10" in result.output
    export_graph(small_bundle(), "gexf", tmp_path / "b.gexf", dynamic=True)
    from_store, from_bundle = nx.read_gexf(tmp_path / "s.gexf"), nx.read_gexf(tmp_path / "b.gexf")
    assert dict(from_store.nodes(data=True)) == dict(from_bundle.nodes(data=True))
    assert sorted(map(repr, from_store.edges(data=True))) == sorted(map(repr, from_bundle.edges(data=True)))
    assert check_gexf(tmp_path / "s.gexf") == []


def test_projection_with_filters_from_the_command_line(store, tmp_path):
    result = cckg("export", tmp_path / "cc.graphml", "-f", "graphml", "--store", store,
                  "--projection", "city-city", "--province", "河南", "--from", "2019")
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(tmp_path / "cc.graphml")
    assert {tuple(sorted(e)) for e in g.edges} == {("City:410800", "City:411400")}  # d4 (undated) is out


def test_csv_and_json(store, tmp_path):
    assert cckg("export", tmp_path / "csv", "-f", "csv", "--store", store, "--label", "City,Tactic").exit_code == 0
    nodes = pd.read_csv(tmp_path / "csv" / "nodes.csv")
    assert set(nodes.node_label) == {"City", "Tactic"} and len(nodes) == 8
    assert cckg("export", tmp_path / "g.json", "-f", "json", "--store", store, "--layout", "spring").exit_code == 0
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == 21 and all("x" in n and "y" in n for n in data["nodes"])


@pytest.mark.parametrize("args, message", [
    (["--label", "Town"], "unknown node label"),
    (["--from", "yesterday"], "is not a date"),
])
def test_errors_are_one_line(store, tmp_path, args, message):
    result = cckg("export", tmp_path / "x.gexf", "--store", store, *args)
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.gexf").exists()


def test_missing_store(tmp_path):
    result = cckg("export", tmp_path / "x.gexf", "--store", tmp_path / "nothing")
    assert result.exit_code == 1 and "no store" in result.output


def test_unknown_city_is_a_clear_error(store, tmp_path):
    result = cckg("export", tmp_path / "x.gexf", "--store", store, "--city", "郑州市")
    assert result.exit_code == 1 and "no city or province 郑州市 in the graph" in result.output
