"""Projections of the small hand-built graph (tests/graph/small_graph.py), weights worked out by hand.

Tactics each city uses (from the documents about it):
  焦作市 410800: 网格化管理, 门前四包, 一票否决   (2019-03-05)
  商丘市 411400: 网格化管理, 志愿服务             (2020-06-01)
  武威市 620600: 网格化管理, 门前四包, 志愿服务   (2021-01-10)
  解放区 410802: 志愿服务                         (undated)
"""

import networkx as nx
import pytest

from graph.export import build_export_graph, export_graph
from graph.filters import Filters
from tests.graph.gexf_rules import check_gexf
from tests.graph.small_graph import small_bundle

CITY_PAIRS = {  # (shared, jaccard, shared tactics, start)
    ("410800", "411400"): (1, 1 / 4, {"网格化管理"}, "2020-06-01"),
    ("410800", "620600"): (2, 2 / 4, {"网格化管理", "门前四包"}, "2021-01-10"),
    ("410802", "411400"): (1, 1 / 2, {"志愿服务"}, None),
    ("410802", "620600"): (1, 1 / 3, {"志愿服务"}, None),
    ("411400", "620600"): (2, 2 / 3, {"网格化管理", "志愿服务"}, "2021-01-10"),
}
TACTIC_PAIRS = {  # documents citing both, cities using both
    ("一票否决", "网格化管理"): (1, 1), ("一票否决", "门前四包"): (1, 1), ("网格化管理", "门前四包"): (2, 2),
    ("志愿服务", "网格化管理"): (2, 2), ("志愿服务", "门前四包"): (1, 1),
}


@pytest.fixture(scope="module")
def bundle():
    return small_bundle()


def pair(edge, prefix):
    a, b = sorted((edge.source.removeprefix(prefix), edge.target.removeprefix(prefix)))
    return a, b


def test_city_city_by_shared_tactics(bundle):
    g = build_export_graph(bundle, projection="city-city", dynamic=True)
    assert {n.id for n in g.nodes} == {"City:410800", "City:410802", "City:411400", "City:620600"}
    got = {pair(e, "City:"): (e.weight, e.attrs["jaccard"], set(e.attrs["tactics"]), e.start) for e in g.edges}
    assert got.keys() == CITY_PAIRS.keys()
    for key, (shared, jaccard, tactics, start) in CITY_PAIRS.items():
        weight, got_jaccard, got_tactics, got_start = got[key]
        assert (weight, got_tactics, got_start) == (shared, tactics, start), key
        assert got_jaccard == pytest.approx(jaccard), key
    assert not g.directed
    nodes = {n.id: n for n in g.nodes}
    assert nodes["City:410800"].start == "2019-03-05" and nodes["City:410802"].start is None
    assert nodes["City:410800"].attrs["tactics"] == 3


def test_city_city_jaccard_weights(bundle):
    g = build_export_graph(bundle, projection="city-city-jaccard")
    got = {pair(e, "City:"): e.weight for e in g.edges}
    assert got == pytest.approx({k: v[1] for k, v in CITY_PAIRS.items()})
    assert g.weight_type == "double"


def test_city_city_dynamic_gexf_animates_sharing(bundle, tmp_path):
    out = tmp_path / "cc.gexf"
    export_graph(bundle, "gexf", out, projection="city-city", dynamic=True, layout="geo")
    assert check_gexf(out) == []
    g = nx.read_gexf(out)
    assert isinstance(g, nx.Graph) and not g.is_directed()
    e = g.edges["City:411400", "City:620600"]
    assert e["weight"] == 2.0 and e["shared"] == 2 and e["start"] == "2021-01-10"
    assert [(v, s) for v, s, _ in e["shared_to_date"]] == [(2, "2021-01-10")]
    assert e["jaccard"] == pytest.approx(2 / 3)
    # 武威 lies west of 焦作 and 商丘, and north of both: the geo layout keeps that
    pos = {n: d["viz"]["position"] for n, d in g.nodes(data=True)}
    assert pos["City:620600"]["x"] < pos["City:410800"]["x"] < pos["City:411400"]["x"]
    assert pos["City:620600"]["y"] > pos["City:410800"]["y"] > pos["City:411400"]["y"]


def test_tactic_tactic_by_co_citation(bundle):
    g = build_export_graph(bundle, projection="tactic-tactic", dynamic=True)
    got = {pair(e, "Tactic:"): (e.weight, e.attrs["cities"]) for e in g.edges}
    assert got == TACTIC_PAIRS
    nodes = {n.id: n for n in g.nodes}
    assert {k: n.attrs["docs"] for k, n in nodes.items()} == {
        "Tactic:网格化管理": 3, "Tactic:门前四包": 2, "Tactic:一票否决": 1, "Tactic:志愿服务": 3}
    assert nodes["Tactic:一票否决"].attrs["category"] == "考核问责"
    starts = {pair(e, "Tactic:"): e.start for e in g.edges}
    assert starts[("网格化管理", "门前四包")] == "2019-03-05" and starts[("志愿服务", "门前四包")] == "2021-01-10"


def test_official_city_bipartite(bundle, tmp_path):
    g = build_export_graph(bundle, projection="official-city")
    got = {(e.source, e.target): (e.weight, e.attrs["posts"], e.attrs["meetings"]) for e in g.edges}
    assert got == {
        ("Official:王小平@410800", "City:410800"): (2, 1, 1),  # 市委书记 + spoke at m1
        ("Official:李明@411400", "City:411400"): (2, 1, 1),  # 市长 + presided over m2
        ("Official:李明@411400", "City:410800"): (1, 0, 1),  # attended m1 in 焦作
    }
    out = tmp_path / "oc.graphml"
    export_graph(bundle, "graphml", out, projection="official-city")
    h = nx.read_graphml(out)
    assert nx.is_bipartite(h)
    assert {n for n, d in h.nodes(data=True) if d["bipartite"] == 0} == {"Official:王小平@410800", "Official:李明@411400"}
    assert h.nodes["City:410800"]["color"] != h.nodes["Official:李明@411400"]["color"]


def test_projection_after_a_filter(bundle):
    g = build_export_graph(bundle, Filters(provinces={"河南省"}), projection="city-city")
    got = {pair(e, "City:"): e.weight for e in g.edges}
    assert got == {("410800", "411400"): 1, ("410802", "411400"): 1}


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "json", "csv"])
@pytest.mark.parametrize("projection", ["city-city", "tactic-tactic", "official-city"])
def test_every_projection_in_every_format(bundle, tmp_path, fmt, projection):
    result = export_graph(bundle, fmt, tmp_path / f"p.{fmt}", projection=projection, dynamic=True)
    assert result.nodes > 0 and result.edges > 0 and all(p.stat().st_size > 0 for p in result.paths)
    if fmt == "gexf":
        assert check_gexf(result.paths[0]) == []
