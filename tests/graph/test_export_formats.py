"""Exports of the small hand-built graph, read back by networkx, pandas and a GEXF 1.3 rule check."""

import json
import math
import xml.etree.ElementTree as ET

import networkx as nx
import pandas as pd
import pytest

from graph.bundle import Evidence, GraphBundle, stored_form
from graph.export import export_graph
from graph.palette import LABEL_COLOURS
from tests.graph.gexf_rules import check_gexf
from tests.graph.small_graph import CATEGORY, CITES, CITIES, DOCS, small_bundle

# Worked out from small_graph's docstring.
NODE_IDS = ({f"City:{c}" for c in CITIES} | {f"Tactic:{t}" for t in CATEGORY}
            | {f"TacticCategory:{c}" for c in set(CATEGORY.values())} | {"Campaign:全国文明城市", "Campaign:国家卫生城市"}
            | {f"Document:{d}" for d in DOCS} | {"Meeting:m1", "Meeting:m2", "Official:王小平@410800", "Official:李明@411400"})
EDGE_COUNT = 1 + 4 + 4 + sum(len(t) for t in CITES.values()) + 1 + 3 + 1 + 2 + 2 + 2 + 1 + 1 + 1  # 32


@pytest.fixture(scope="module")
def bundle():
    return small_bundle()


@pytest.fixture(scope="module")
def files(bundle, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    paths = {}
    for fmt in ("gexf", "graphml", "json"):
        paths[fmt] = out / f"static.{fmt}"
        export_graph(bundle, fmt, paths[fmt])
        paths[f"dynamic-{fmt}"] = out / f"dynamic.{fmt}"
        export_graph(bundle, fmt, paths[f"dynamic-{fmt}"], dynamic=True, layout="geo")
    paths["csv"] = out / "csv"
    export_graph(bundle, "csv", paths["csv"], dynamic=True)
    return paths


def hex_rgb(label):
    h = LABEL_COLOURS[label].lstrip("#")
    return {"r": int(h[:2], 16), "g": int(h[2:4], 16), "b": int(h[4:], 16)}


def test_gexf_round_trip_keeps_nodes_edges_and_typed_attributes(files):
    g = nx.read_gexf(files["gexf"])
    assert g.is_directed()
    assert set(g.nodes) == NODE_IDS and g.number_of_edges() == EDGE_COUNT == 32
    jiaozuo = g.nodes["City:410800"]
    assert jiaozuo["label"] == "焦作市" and jiaozuo["node_label"] == "City" and jiaozuo["province"] == "河南省"
    assert jiaozuo["lon"] == 113.24 and isinstance(jiaozuo["lon"], float)
    d4 = g.nodes["Document:d4"]
    assert d4["year_masked"] is True and g.nodes["Document:d1"]["year_masked"] is False
    assert d4["chars"] == 300 and isinstance(d4["chars"], int)
    assert "date_iso" not in d4  # an absent value is absent
    assert not any(n.startswith("Sentence:") for n in g.nodes)  # the documents' text stays in the store
    assert g.nodes["Tactic:一票否决"]["variants"] == "一票|一票否决"
    assert g.nodes["Tactic:一票否决"]["category"] == "考核问责"
    cites = g.edges["Document:d1", "Tactic:网格化管理"]
    assert cites["rel_type"] == "CITES" and cites["label"] == "CITES" and cites["weight"] == 2.0
    assert cites["sentences"] == "推行网格化管理。|深化网格化管理。" and cites["doc_ids"] == "d1"
    uses = g.edges["City:410800", "Tactic:网格化管理"]
    assert uses["docs"] == 1 and isinstance(uses["docs"], int) and uses["first_seen"] == "2019-03-05"
    assert g.edges["Official:王小平@410800", "City:410800"]["title"] == "市委书记"
    assert g.edges["City:410802", "City:410800"]["weight"] == 1.0  # a fact from the gazetteer: no sentence
    assert g.graph["mode"] == "static" and "start" not in jiaozuo


def test_gexf_viz_colour_by_label_and_size_by_degree(files):
    g = nx.read_gexf(files["gexf"])
    for node, data in g.nodes(data=True):
        colour = data["viz"]["color"]
        assert {k: colour[k] for k in "rgb"} == hex_rgb(node.split(":")[0])
    # degrees by hand: d1 has ABOUT, 3 CITES, MENTIONS, CONCERNS, RECORDS = 7, the most;
    # 网格化管理 has 3 CITES, USES, IN_CATEGORY = 5
    assert g.nodes["Document:d1"]["degree"] == 7 and g.nodes["Document:d1"]["viz"]["size"] == 30.0
    assert g.nodes["Tactic:网格化管理"]["degree"] == 5
    assert g.nodes["Tactic:网格化管理"]["viz"]["size"] == pytest.approx(5 + 25 * math.sqrt(5 / 7), abs=1e-3)
    assert g.nodes["Campaign:国家卫生城市"]["viz"]["size"] < g.nodes["Tactic:网格化管理"]["viz"]["size"]
    assert "position" not in g.nodes["City:410800"]["viz"]


def test_dynamic_gexf_start_dates_and_series_parse(files):
    g = nx.read_gexf(files["dynamic-gexf"])
    assert g.graph["mode"] == "dynamic"
    assert g.nodes["Document:d2"]["start"] == "2020-06-01"
    assert "start" not in g.nodes["Document:d4"]  # its year is masked
    assert "start" not in g.nodes["City:410802"]  # only the undated d4 is about it
    assert g.nodes["Official:李明@411400"]["start"] == "2019-03-05"  # attended m1, recorded by d1
    assert g.edges["Document:d2", "Tactic:志愿服务"]["start"] == "2020-06-01"
    # 网格化管理 is cited by d1, d2, d3: the count of citing documents steps up on each date
    series = g.nodes["Tactic:网格化管理"]["docs_to_date"]
    assert [(v, s) for v, s, _ in series] == [(1, "2019-03-05"), (2, "2020-06-01"), (3, "2021-01-10")]
    assert [e for _, _, e in series][:2] == ["2020-05-31", "2021-01-09"]
    assert g.nodes["Tactic:网格化管理"]["start"] == "2019-03-05"
    assert g.nodes["Tactic:志愿服务"]["start"] == "2020-06-01"
    for u, v, data in g.edges(data=True):  # Gephi shows an edge only while both ends exist
        for end in (u, v):
            if "start" in data and "start" in g.nodes[end]:
                assert g.nodes[end]["start"] <= data["start"]
            if "start" in g.nodes[end]:
                assert "start" in data, (u, v)
    assert all("position" in d["viz"] for _, d in g.nodes(data=True))


@pytest.mark.parametrize("name", ["gexf", "dynamic-gexf"])
def test_gexf_passes_the_gexf_13_rules(files, name):
    assert check_gexf(files[name]) == []


def test_chinese_is_written_as_utf8_text(files):
    for name in ("gexf", "graphml", "json"):
        raw = files[name].read_bytes()
        assert "焦作市".encode() in raw and "网格化管理".encode() in raw and b"&#" not in raw
    assert "焦作市".encode() in (files["csv"] / "nodes.csv").read_bytes()


def test_graphml_round_trip(files):
    g = nx.read_graphml(files["graphml"])
    assert set(g.nodes) == NODE_IDS and g.number_of_edges() == 32 and all(g.nodes)
    node = g.nodes["City:410800"]
    assert node["label"] == "焦作市" and node["lat"] == 35.22 and isinstance(node["lat"], float)
    assert (node["r"], node["g"], node["b"]) == tuple(hex_rgb("City").values())
    assert g.nodes["Document:d4"]["year_masked"] is True and g.nodes["Document:d4"]["chars"] == 300
    cites = g.edges["Document:d1", "Tactic:网格化管理"]
    assert cites["weight"] == 2 and isinstance(cites["weight"], int) and cites["rel_type"] == "CITES"
    dyn = nx.read_graphml(files["dynamic-graphml"])
    assert dyn.nodes["Tactic:志愿服务"]["start"] == "2020-06-01" and "start" not in dyn.nodes["Document:d4"]
    assert isinstance(dyn.nodes["City:410800"]["x"], float)


def test_graphml_keys_are_typed(files):
    root = ET.parse(files["graphml"]).getroot()
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    types = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iter(f"{ns}key")}
    assert types[("node", "lon")] == "double" and types[("node", "chars")] == "long"
    assert types[("node", "year_masked")] == "boolean" and types[("edge", "weight")] == "long"
    assert types[("edge", "rel_type")] == "string"


def test_json_node_link_keeps_lists_and_types(files):
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    g = nx.node_link_graph(data, edges="edges")
    assert set(g.nodes) == NODE_IDS and g.number_of_edges() == 32
    assert g.nodes["Tactic:网格化管理"]["variants"] == ["网格", "网格化管理"]
    cites = g.edges["Document:d1", "Tactic:网格化管理"]
    assert cites["sentences"] == ["推行网格化管理。", "深化网格化管理。"] and cites["weight"] == 2
    assert g.nodes["Document:d4"]["year_masked"] is True
    assert data["graph"]["legend"]["City"] == LABEL_COLOURS["City"]
    dyn = json.loads(files["dynamic-json"].read_text(encoding="utf-8"))
    tactic = next(n for n in dyn["nodes"] if n["id"] == "Tactic:网格化管理")
    assert tactic["start"] == "2019-03-05"
    assert [s["value"] for s in tactic["series"]["docs_to_date"]] == [1, 2, 3]


def test_csv_for_pandas(files):
    nodes = pd.read_csv(files["csv"] / "nodes.csv", dtype={"key": str})
    edges = pd.read_csv(files["csv"] / "edges.csv")
    assert set(nodes["id"]) == NODE_IDS and len(edges) == 32
    assert {"id", "label", "node_label", "color", "size", "start"} <= set(nodes.columns)
    assert {"source", "target", "rel_type", "weight"} <= set(edges.columns) and "type" not in edges.columns
    city = nodes.set_index("id").loc["City:410800"]
    assert city["label"] == "焦作市" and city["key"] == "410800" and city["lon"] == 113.24
    row = edges[(edges.source == "Document:d1") & (edges.target == "Tactic:网格化管理")].iloc[0]
    assert row["weight"] == 2 and row["sentences"].split("|") == ["推行网格化管理。", "深化网格化管理。"]
    assert set(edges.source) | set(edges.target) <= set(nodes.id)


def test_awkward_text_is_cleaned_not_fatal(tmp_path):
    b = GraphBundle()
    d = b.add_node("Document", "dx", {"title": "  标题\n第二行\x0b  "})
    c = b.add_node("City", "410800", {"name": "焦作市"})
    b.add_edge("MENTIONS", d, c, evidence=[Evidence("dx", 0, 5, "含控制符\x00的句子 & <标签>")])
    out = tmp_path / "x.gexf"
    export_graph(b, "gexf", out)
    assert check_gexf(out) == []
    g = nx.read_gexf(out)
    assert g.nodes["Document:dx"]["label"] == "标题 第二行"
    assert g.edges["Document:dx", "City:410800"]["sentences"] == "含控制符的句子 & <标签>"
    export_graph(b, "graphml", tmp_path / "x.graphml")
    assert nx.read_graphml(tmp_path / "x.graphml").nodes["Document:dx"]["title"] == "  标题\n第二行  "


def test_parallel_edges_survive_as_a_multigraph(tmp_path):
    b = GraphBundle()
    o = b.add_node("Official", "王@1", {"name": "王"})
    c = b.add_node("City", "1", {"name": "甲市"})
    b.add_edge("HOLDS_POST", o, c, {"title": "市委书记"}, [Evidence("d", 0, 1, "甲")])
    b.add_edge("HOLDS_POST", o, c, {"title": "市人大常委会主任"}, [Evidence("d", 2, 3, "乙")])
    for fmt in ("gexf", "graphml"):
        export_graph(b, fmt, tmp_path / f"m.{fmt}")
    g = nx.read_gexf(tmp_path / "m.gexf")
    assert g.is_multigraph() and g.number_of_edges("Official:王@1", "City:1") == 2
    assert {d["title"] for *_, d in g.edges(data=True)} == {"市委书记", "市人大常委会主任"}
    assert nx.read_graphml(tmp_path / "m.graphml", force_multigraph=True).number_of_edges() == 2


def test_failed_export_leaves_no_partial_file(tmp_path, bundle):
    with pytest.raises(ValueError, match="unknown projection"):
        export_graph(bundle, "gexf", tmp_path / "x.gexf", projection="nonsense")
    with pytest.raises(ValueError, match="unknown format"):
        export_graph(bundle, "dot", tmp_path / "x.dot")
    assert list(tmp_path.iterdir()) == []


def test_the_rule_check_can_fail(tmp_path, files):
    """The GEXF check is only worth something if it rejects what Gephi rejects."""
    g = nx.DiGraph()
    g.add_edge("a", "b")
    nx.write_gexf(g, tmp_path / "nx.gexf", version="1.3")
    assert any("schemaLocation is in namespace" in e for e in check_gexf(tmp_path / "nx.gexf"))
    text = files["dynamic-gexf"].read_text(encoding="utf-8")
    broken = {
        "dup": (text.replace('id="City:410802"', 'id="City:410800"', 1), "used twice"),
        "dangling": (text.replace('target="Campaign:全国文明城市"', 'target="Campaign:无"', 1), "is not a node"),
        "type": (text.replace('type="long"', 'type="int64"', 1), "has type"),
        "date": (text.replace('start="2019-03-05"', 'start="2019-3-5"', 1), "is not a date"),
        "overlap": (text.replace('end="2020-05-31"', 'end="2020-06-01"', 1), "overlap"),
        "value": (text.replace('value="300"', 'value="三百"', 1), "is not a long"),
    }
    for name, (variant, message) in broken.items():
        assert variant != text, name
        path = tmp_path / f"{name}.gexf"
        path.write_text(variant, encoding="utf-8")
        assert any(message in e for e in check_gexf(path)), name


@pytest.mark.parametrize("projection", [None, "city-city"])
@pytest.mark.parametrize("layout", ["spring", "geo"])
def test_an_empty_graph_exports(tmp_path, projection, layout):
    for fmt in ("gexf", "graphml", "json", "csv"):
        result = export_graph(GraphBundle(), fmt, tmp_path / f"e.{fmt}", projection=projection, layout=layout, dynamic=True)
        assert (result.nodes, result.edges) == (0, 0)
    assert check_gexf(tmp_path / "e.gexf") == [] and nx.read_gexf(tmp_path / "e.gexf").number_of_nodes() == 0


def test_a_stored_aggregate_edge_exports_all_its_sentences_as_weight(tmp_path):
    """A city's USES read back from a store keeps five sentences but counts seven: the export's weight is seven."""
    bundle = GraphBundle()
    city, tactic = bundle.add_node("City", "410800", {"name": "焦作市"}), bundle.add_node("Tactic", "网格化管理")
    sentences = [Evidence(f"d{i}", 0, 8, f"第{i}篇推行网格化管理。") for i in range(7)]
    for ev in sentences:
        bundle.add_node("Document", ev.doc_id, {"date_iso": f"2020-0{int(ev.doc_id[1:]) + 1}-01"})
    bundle.add_edge("USES", city, tactic, {"docs": 1, "first_seen": "2020-01-01"}, sentences)
    stored = stored_form(bundle)
    export_graph(stored, "gexf", tmp_path / "g.gexf")
    uses = nx.read_gexf(tmp_path / "g.gexf").edges["City:410800", "Tactic:网格化管理"]
    assert uses["weight"] == 7.0 and uses["docs"] == 7 and len(uses["sentences"].split("|")) == 5
