"""Every page of the dashboard through streamlit.testing's AppTest, on real embedded stores.

The campaign store (tests/dashboard/facts.py) gives every page real content; the
sample corpus store (as `make demo` loads it) and an empty store check that pages
answer, or say what to do, whatever the graph holds.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.dashboard.facts import DOCS

APP = str(ROOT / "app.py")
PAGES = ["overview", "heatmap", "paths", "profiles", "console", "export"]


def page(name: str) -> str:
    return f"dashboard/pages/{name}.py"


def open_app(store, monkeypatch, name: str = "overview", lang: str = "zh") -> AppTest:
    monkeypatch.setenv("CCKG_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    if name != "overview":
        at.switch_page(page(name)).run()
    assert not at.exception, at.exception
    return at


def visible_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "subheader", "header") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def frames(at: AppTest) -> list:
    return [d.value for d in at.dataframe]


def test_overview_answers_at_a_glance(campaign_store, monkeypatch):
    at = open_app(campaign_store, monkeypatch, lang="en")
    assert at.header[0].value == "Overview"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Documents"] == "4" and metrics["Cities"] == "3" and metrics["Tactics"] == "3"
    per_city = frames(at)[0]
    assert dict(zip(per_city["city"], per_city["documents"])) == {"焦作市": 2, "商丘市": 1, "武威市": 1}
    tactic_tables = [f for f in frames(at) if "tactic" in f.columns]
    assert tactic_tables and tactic_tables[0].iloc[0]["tactic"] == "网格化管理"
    # the sidebar names the open store
    assert str(campaign_store) in "\n".join(c.value for c in at.sidebar.code)


def test_chinese_labels_by_default_and_english_switch(campaign_store, monkeypatch):
    monkeypatch.setenv("CCKG_STORE", str(campaign_store))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert at.header[0].value == "概览"
    at.sidebar.radio(key="lang_choice").set_value("English").run()
    assert at.header[0].value == "Overview"


@pytest.mark.parametrize("name", PAGES)
def test_every_page_runs_on_the_sample_corpus(demo_store, monkeypatch, name):
    at = open_app(demo_store, monkeypatch, name)
    assert at.header and not at.error
    assert not re.search(r"\bnan\b|\bNone\b", visible_text(at)), "a missing value is shown as text"


def test_every_document_profile_of_the_sample_corpus(demo_store, monkeypatch):
    at = open_app(demo_store, monkeypatch, "profiles", lang="en")
    at.radio(key="profile_kind").set_value("Document").run()
    box = at.selectbox(key="profile_Document")
    assert len(box.options) >= 8
    for i in range(len(box.options)):
        at.selectbox(key="profile_Document").select_index(i).run()
        assert not at.exception, box.options[i]
        assert box.options[i].startswith(at.subheader[0].value)
        assert not re.search(r"\bnan\b|\bNone\b", visible_text(at)), box.options[i]


@pytest.mark.parametrize("name", ["overview", "heatmap", "paths", "profiles", "export"])
def test_an_empty_store_says_what_to_do(empty_store, monkeypatch, name):
    at = open_app(empty_store, monkeypatch, name, lang="en")
    assert any("cckg load" in i.value for i in at.info)


def test_heatmap_filters_and_evidence_links(campaign_store, monkeypatch):
    at = open_app(campaign_store, monkeypatch, "heatmap", lang="en")
    assert {w.label for w in at.multiselect} == {"Tactic category", "Province", "Campaign"}
    assert at.number_input(key="hm_min_docs").value == 1
    # the default cell is the best attested: 焦作市 × 网格化管理, cited in two documents
    assert (at.selectbox(key="hm_city").value, at.selectbox(key="hm_tactic").value) == ("焦作市", "网格化管理")
    at.selectbox(key="hm_city").set_value("商丘市").run()
    assert at.selectbox(key="hm_tactic").options == ["网格化管理"]
    assert "商丘学习外地经验，全面推开网格化管理。" in markdown(at)
    at.selectbox(key="hm_city").set_value("焦作市").run()
    at.selectbox(key="hm_tactic").set_value("网格化管理").run()
    text = markdown(at)
    assert "全市推行网格化管理，每个网格配齐网格员。" in text and "焦作坚持网格化管理，问题随报随办。" in text
    assert "profiles?doc=jz2019" in text and "profiles?doc=jz2020" in text
    at.multiselect(key="hm_provinces").set_value(["甘肃省"]).run()
    assert at.selectbox(key="hm_city").options == ["武威市"]
    assert "武威街道推行門前三包" in markdown(at)
    at.multiselect(key="hm_provinces").set_value([]).run()
    at.number_input(key="hm_min_docs").set_value(3).run()
    assert any("No cell matches" in i.value for i in at.info)


def test_heatmap_shows_the_busiest_cities_and_counts_the_rest(campaign_store, monkeypatch):
    at = open_app(campaign_store, monkeypatch, "heatmap", lang="en")
    assert at.number_input(key="hm_top").value == 30
    assert at.selectbox(key="hm_city").options == ["焦作市", "商丘市", "武威市"]  # busiest first
    at.number_input(key="hm_top").set_value(1).run()
    assert at.selectbox(key="hm_city").options == ["焦作市"]
    assert any("1 / 3" in c.value for c in at.caption)
    # a date filter counts the citations themselves: 焦作市's 2019 document drops out
    at.date_input(key="hm_dates").set_value((dt.date(2020, 1, 1), dt.date(2021, 4, 2))).run()
    assert at.date_input(key="hm_dates").value == (dt.date(2020, 1, 1), dt.date(2021, 4, 2))
    assert not at.exception
    assert set(at.selectbox(key="hm_tactic").options) == {"网格化管理", "志愿服务积分"}  # one document each now
    at.selectbox(key="hm_tactic").set_value("网格化管理").run()
    assert "焦作坚持网格化管理，问题随报随办。" in markdown(at) and "全市推行网格化管理" not in markdown(at)


def test_path_explorer_finds_paths_and_neighbourhoods(campaign_store, monkeypatch):
    at = open_app(campaign_store, monkeypatch, "paths", lang="en")
    at.text_input(key="path_a_q").input("焦作").run()
    at.text_input(key="path_b_q").input("商丘").run()
    at.slider(key="path_hops").set_value(4).run()
    assert at.selectbox(key="path_a_pick").value.name == "焦作市"
    assert at.selectbox(key="path_b_pick").value.name == "商丘市"
    paths = [f for f in frames(at) if "path" in f.columns]
    assert paths[0]["hops"].tolist() == [2, 2]  # shortest: through the honour both hold, the tactic both use
    assert any("网格化管理〔Tactic〕" in p for p in paths[1]["path"])
    at.text_input(key="hood_q").input("韩立").run()
    hood = [f for f in frames(at) if "type" in f.columns][-1]
    assert {"HOLDS_POST", "SPOKE_AT", "NAMES"} <= set(hood["type"])
    # each relationship with the sentence it was read from
    assert set(hood["sentence"]) == {"焦作市创文总结大会召开，市委书记韩立新讲话。"}


def test_path_search_in_traditional_script(campaign_store, monkeypatch):
    at = open_app(campaign_store, monkeypatch, "paths", lang="en")
    at.text_input(key="hood_q").input("門前三包").run()
    assert at.selectbox(key="hood_pick").value.name == "门前三包"
    at.text_input(key="path_a_q").input("没有这个").run()
    assert any("Nothing matches" in c.value for c in at.caption)


def test_city_profile_page(campaign_store, monkeypatch):
    at = open_app(campaign_store, monkeypatch, "profiles", lang="en")
    box = at.selectbox(key="profile_City")
    box.select_index(box.options.index("焦作市")).run()
    assert not at.exception
    tables = frames(at)
    assert any("市委书记" in f.to_string() for f in tables)  # officials and posts
    assert any("第六届" in f.to_string() for f in tables)  # honours
    shown = [s for f in tables if "sentence" in f.columns for s in f["sentence"]]
    assert {"焦作市创文总结大会召开，市委书记韩立新讲话。", "焦作荣获第六届全国文明城市称号。",
            "全市完成城中村改造12个。"} <= set(shown)  # each fact with its sentence
    assert "城市管理" in markdown(at) and "网格化管理 (2)" in markdown(at)


def test_official_tactic_and_document_profiles(campaign_store, monkeypatch):
    at = open_app(campaign_store, monkeypatch, "profiles", lang="en")
    at.radio(key="profile_kind").set_value("Official").run()
    assert any("焦作市创文总结大会" in f.to_string() and "spoke" in f.to_string() for f in frames(at))
    at.radio(key="profile_kind").set_value("Tactic").run()
    box = at.selectbox(key="profile_Tactic")
    box.select_index(box.options.index("网格化管理")).run()
    adoption = frames(at)[0]
    assert adoption[["city", "role"]].values.tolist() == [["焦作市", "first"], ["商丘市", "followed"]]
    at.radio(key="profile_kind").set_value("Document").run()
    box = at.selectbox(key="profile_Document")
    box.select_index(box.options.index("武威市文明创建简报")).run()
    assert not at.exception
    html = markdown(at)
    assert "<mark>门前三包</mark>" in html and "<mark>武威市</mark>" in html
    assert any(t.value == DOCS["ww"][4] for t in at.text)  # the whole original, as written


def test_a_link_opens_the_document_profile(campaign_store, monkeypatch):
    monkeypatch.setenv("CCKG_STORE", str(campaign_store))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["doc"] = "jz2020"
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(page("profiles")).run()
    assert at.radio(key="profile_kind").value == "Document"
    assert at.selectbox(key="profile_Document").value.key == "jz2020"


def test_console_runs_catalogue_queries_and_refuses_writes(campaign_store, monkeypatch):
    at = open_app(campaign_store, monkeypatch, "console", lang="en")
    assert at.text_area(key="console_query").value
    picker = at.selectbox(key="console_pick")
    assert len(picker.options) > 1
    picker.select_index(1).run()
    assert at.text_area(key="console_query").value.strip()
    at.text_area(key="console_query").input("MATCH (c:City) RETURN c.name AS city ORDER BY city").run()
    at.text_input(key="console_params").input("{}").run()
    at.number_input(key="console_rows").set_value(2).run()
    at.button(key="console_run").click().run()
    assert not at.exception and not at.error
    result = frames(at)[0]
    assert len(result) == 2 and "more rows were cut" in "\n".join(c.value for c in at.caption)
    at.text_area(key="console_query").input("MATCH (c:City) DETACH DELETE c").run()
    at.button(key="console_run").click().run()
    assert at.error, "a write must be refused"
    at.text_area(key="console_query").input("MATCH (c:City) RETURN count(c) AS n").run()
    at.button(key="console_run").click().run()
    assert frames(at)[0]["n"].tolist() == [3]
    # the documents' text is in the store as Sentence nodes, and the console shows them
    at.text_area(key="console_query").input("MATCH (s:Sentence) WHERE s.span_start = 0 RETURN s "
                                            "ORDER BY s.document").run()
    at.button(key="console_run").click().run()
    assert not at.exception and not at.error
    first_lines = [DOCS[doc][4].split("\n")[0] for doc in ("jz2019", "jz2020")]  # 2 rows at most
    assert frames(at)[0]["s"].tolist() == [f"(Sentence {line})" for line in first_lines]


def test_export_page(campaign_store, monkeypatch):
    at = open_app(campaign_store, monkeypatch, "export", lang="en")
    assert at.radio(key="export_format").options == ["GEXF", "GRAPHML", "CSV"]
    assert not at.info
    buttons = at.get("download_button")
    assert len(buttons) == 1 and "cckg.gexf" in buttons[0].proto.label
    # what will be exported, counted in the store: 4 documents, 3 cities, 3 tactics, 3 categories, 1 campaign,
    # 1 honour, 1 official, 1 meeting, 1 metric = 18 nodes
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Whole graph · Nodes"] == "18"
    at.radio(key="export_format").set_value("csv").run()
    assert "cckg-csv.zip" in at.get("download_button")[0].proto.label


def test_export_is_built_on_click_not_on_render(campaign_store, monkeypatch):
    at = open_app(campaign_store, monkeypatch, "export", lang="en")
    proto = at.get("download_button")[0].proto
    # a deferred download: the page hands Streamlit a callable and no file (test_browser clicks it)
    assert proto.HasField("deferred_file_id") and proto.deferred_file_id and not proto.url
    # filters the exporter refuses are refused on the page, before any click
    from dashboard.services import TacticFilters

    at.session_state["current_filters"] = TacticFilters(date_from="2021-01-01", date_to="2020-01-01")
    at.radio(key="export_scope").set_value("What the current filters show").run()
    assert at.error and "empty" in at.error[0].value
    assert not at.get("download_button")


def test_switching_to_a_neo4j_server_that_cannot_be_reached_says_so(campaign_store, monkeypatch):
    at = open_app(campaign_store, monkeypatch, lang="en")
    at.sidebar.text_input(key="store_uri").input("bolt://127.0.0.1:9")
    form_submit = [b for b in at.sidebar.button if b.label == "Connect"]
    form_submit[0].click().run()
    assert not at.exception
    assert at.info and any("Neo4j" in i.value or "127.0.0.1:9" in i.value for i in at.info)
    assert "bolt://127.0.0.1:9" in "\n".join(c.value for c in at.sidebar.code)


def test_a_neo4j_store_given_at_start_that_cannot_be_reached_says_so(monkeypatch):
    at = open_app("bolt://127.0.0.1:9", monkeypatch, lang="en")
    assert at.info and any("127.0.0.1:9" in i.value or "Neo4j" in i.value for i in at.info)
    assert any("Neo4j server" in m.value for m in at.sidebar.markdown)
