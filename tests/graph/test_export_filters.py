"""Filters on the small hand-built graph (tests/graph/small_graph.py): exact nodes and edges kept."""

import networkx as nx
import pytest

from graph.export import export_graph
from graph.filters import Filters, apply_filters, parse_date
from tests.graph.small_graph import small_bundle


@pytest.fixture(scope="module")
def bundle():
    return small_bundle()


def ids(sub):
    return {f"{label}:{key}" for label, key in sub.nodes}


def keys(sub, label):
    return {key for lab, key in sub.nodes if lab == label}


def test_no_filter_keeps_everything(bundle):
    sub = apply_filters(bundle, Filters())
    assert len(sub.nodes) == 21 and len(sub.edges) == 32


def test_province_keeps_its_cities_documents_and_what_they_support(bundle):
    sub = apply_filters(bundle, Filters(provinces={"河南"}))
    assert keys(sub, "City") == {"410800", "410802", "411400"}
    assert keys(sub, "Document") == {"d1", "d2", "d4"}  # d3 is about 武威市 (甘肃省)
    assert keys(sub, "Tactic") == {"网格化管理", "门前四包", "一票否决", "志愿服务"}  # all cited in 河南 too
    assert keys(sub, "Campaign") == {"全国文明城市"}  # 国家卫生城市 is only d3's
    assert keys(sub, "Official") == {"王小平@410800", "李明@411400"}
    cites = next(e for e in sub.edges if e.type == "CITES" and e.src[1] == "d1" and e.dst[1] == "网格化管理")
    assert len(cites.evidence) == 2
    assert not any(e.src[1] == "d3" for e in sub.edges)


def test_city_brings_its_districts_and_drops_other_cities(bundle):
    sub = apply_filters(bundle, Filters(cities={"焦作市"}))
    assert keys(sub, "City") == {"410800", "410802"}  # d1 mentions 商丘市, which is out of scope
    assert keys(sub, "Document") == {"d1", "d4"}
    assert keys(sub, "Tactic") == {"网格化管理", "门前四包", "一票否决", "志愿服务"}
    assert keys(sub, "Meeting") == {"m1"}
    # 李明 attended m1 (recorded by d1), so he stays, with that edge only
    assert keys(sub, "Official") == {"王小平@410800", "李明@411400"}
    assert {e.type for e in sub.edges if e.src == ("Official", "李明@411400")} == {"ATTENDED"}
    assert keys(sub, "TacticCategory") == {"城市管理", "考核问责", "群众参与"}
    assert apply_filters(bundle, Filters(cities={"410800"})).nodes.keys() == sub.nodes.keys()
    assert apply_filters(bundle, Filters(cities={"焦作"})).nodes.keys() == sub.nodes.keys()


def test_date_range_keeps_dated_documents_inside_it(bundle):
    sub = apply_filters(bundle, Filters(date_from="2020-01-01", date_to="2020-12-31"))
    assert keys(sub, "Document") == {"d2"}
    assert keys(sub, "Tactic") == {"网格化管理", "志愿服务"}
    assert keys(sub, "City") == {"411400"}
    assert keys(sub, "TacticCategory") == {"城市管理", "群众参与"}
    assert keys(sub, "Official") == {"李明@411400"} and keys(sub, "Meeting") == {"m2"}
    assert keys(apply_filters(bundle, Filters(date_from="2020")), "Document") == {"d2", "d3"}
    assert keys(apply_filters(bundle, Filters(date_to="2019-03")), "Document") == {"d1"}


def test_campaign_by_alias(bundle):
    sub = apply_filters(bundle, Filters(campaigns={"创文"}))
    assert keys(sub, "Document") == {"d1", "d2"}
    assert keys(sub, "Campaign") == {"全国文明城市"}
    assert keys(sub, "City") == {"410800", "411400"}
    assert keys(sub, "Tactic") == {"网格化管理", "门前四包", "一票否决", "志愿服务"}


def test_tactic_category(bundle):
    sub = apply_filters(bundle, Filters(categories={"城市管理"}))
    assert keys(sub, "Tactic") == {"网格化管理", "门前四包"}
    assert keys(sub, "TacticCategory") == {"城市管理"}
    assert keys(sub, "Document") == {"d1", "d2", "d3", "d4"}
    assert not any(e.dst[0] == "Tactic" and e.dst[1] in ("志愿服务", "一票否决") for e in sub.edges)


def test_minimum_evidence(bundle):
    # only d1 cites 网格化管理 in two sentences (and the derived USES carries the same two)
    sub = apply_filters(bundle, Filters(min_evidence=2))
    assert ids(sub) == {"Document:d1", "Tactic:网格化管理", "City:410800", "TacticCategory:城市管理"}
    assert sorted(e.type for e in sub.edges) == ["CITES", "IN_CATEGORY", "USES"]


def test_labels_only_hide(bundle):
    sub = apply_filters(bundle, Filters(labels={"City", "Tactic"}))
    assert ids(sub) == {"City:410800", "City:410802", "City:411400", "City:620600",
                        "Tactic:网格化管理", "Tactic:门前四包", "Tactic:一票否决", "Tactic:志愿服务"}
    assert [(e.type, e.src[1], e.dst[1]) for e in sub.edges] in (
        [("PART_OF", "410802", "410800"), ("USES", "410800", "网格化管理")],
        [("USES", "410800", "网格化管理"), ("PART_OF", "410802", "410800")])


def test_filters_combine(bundle):
    sub = apply_filters(bundle, Filters(provinces={"河南省"}, date_from="2019-01-01", labels={"City", "Document"}))
    assert ids(sub) == {"City:410800", "City:411400", "Document:d1", "Document:d2"}
    assert sorted((e.type, e.src[1], e.dst[1]) for e in sub.edges) == [
        ("ABOUT", "d1", "410800"), ("ABOUT", "d2", "411400"), ("MENTIONS", "d1", "411400")]


def test_filtered_export_reweights_by_evidence_in_scope(bundle, tmp_path):
    export_graph(bundle, "gexf", tmp_path / "f.gexf", Filters(cities={"焦作市"}))
    g = nx.read_gexf(tmp_path / "f.gexf")
    assert "City:411400" not in g and g.edges["Document:d1", "Tactic:网格化管理"]["weight"] == 2.0
    assert g.nodes["Tactic:志愿服务"]["degree"] == 2  # cited by d4 only now, plus its category


@pytest.mark.parametrize("kwargs, message", [
    ({"labels": {"Town"}}, "unknown node label"),
    ({"date_from": "2020-13-01"}, "is not a date"),
    ({"date_from": "2021", "date_to": "2020"}, "empty"),
    ({"min_evidence": -1}, "0 or more"),
])
def test_bad_filters_say_what_is_wrong(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Filters(**kwargs)


def test_partial_dates():
    assert parse_date("2019") == "2019-01-01" and parse_date("2019", end=True) == "2019-12-31"
    assert parse_date("2020-02", end=True) == "2020-02-29" and parse_date("2019-12", end=True) == "2019-12-31"
    assert parse_date("2019-03-05T10:00") == "2019-03-05"
    assert parse_date("20_年") is None and parse_date("") is None and parse_date("2019-02-30") is None


@pytest.mark.parametrize("kwargs, message", [
    ({"cities": {"焦作市", "郑州市"}}, "no city or province 郑州市 in the graph"),
    ({"provinces": {"广东"}}, "no city or province 广东 in the graph"),
    ({"campaigns": {"创模"}}, "no campaign 创模 in the graph"),
    ({"categories": {"宣传教育"}}, "no tactic category 宣传教育 in the graph"),
])
def test_a_filter_value_matching_nothing_is_an_error(bundle, kwargs, message):
    with pytest.raises(ValueError, match=message):
        apply_filters(bundle, Filters(**kwargs))
