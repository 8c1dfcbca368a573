"""The dashboard's questions on a real embedded store holding the hand-written campaign graph (tests/dashboard/facts.py)."""

from __future__ import annotations

import pytest

from dashboard import services as S
from dashboard.stores import connect
from graph.embedded import StoreError
from graph.model import sentence_id
from tests.dashboard.facts import DOCS

JIAOZUO = S.Entity("City", "410800", "焦作市")
SHANGQIU = S.Entity("City", "411400", "商丘市")
# every sentence of the fixture's documents, as written (each line of a text is one)
SENTENCES = {line for *_, text in DOCS.values() for line in text.split("\n")}


@pytest.fixture(scope="module")
def store(campaign_store):
    opened = connect(str(campaign_store))
    yield opened
    opened.close()


def test_overview_counts_come_from_the_facts(store):
    counts = dict(zip(*S.label_counts(store).T.values))
    assert counts["Document"] == 4 and counts["City"] == 3 and counts["Tactic"] == 3 and counts["Official"] == 1
    per_city = dict(zip(S.documents_per_city(store)["city"], S.documents_per_city(store)["documents"]))
    assert per_city == {"焦作市": 2, "商丘市": 1, "武威市": 1}
    years = dict(zip(*S.documents_per_year(store).T.values))
    assert years == {"2019": 1, "2020": 1, "2021": 1, "undated": 1}
    tactics = S.top_tactics(store)
    assert tactics.iloc[0]["tactic"] == "网格化管理" and tactics.iloc[0]["documents"] == 3 and tactics.iloc[0]["cities"] == 2
    assert S.top_campaigns(store).iloc[0].to_dict() == {"campaign": "全国文明城市", "documents": 3, "cities": 1}


def test_map_colours_a_city_by_its_strongest_honour(store):
    points = S.city_map(store).set_index("city")
    assert points.loc["焦作市", "honour"] == "awarded"
    assert points.loc["商丘市", "honour"] == "pursuing"
    assert points.loc["武威市", "honour"] == S.NO_HONOUR
    assert points.loc["焦作市", "documents"] == 2
    center, scale = S.map_view(points["lon"], points["lat"], 720, 440)
    assert 102 < center[0] < 116 and 34 < center[1] < 38 and scale > 0


def cells_of(heatmap: S.Heatmap) -> dict[tuple[str, str], int]:
    return {(r.city, r.tactic): r.documents for r in heatmap.cells.itertuples()}


ALL_CELLS = {("焦作市", "网格化管理"): 2, ("焦作市", "门前三包"): 1, ("焦作市", "志愿服务积分"): 1,
             ("商丘市", "网格化管理"): 1, ("武威市", "门前三包"): 1}


@pytest.mark.parametrize("via", ["uses", "citations"])
def test_heatmap_cells_and_filters(store, via):
    # the derived USES edges and the citations themselves give the same cells
    matrix = S.city_tactic_matrix(store, via=via)
    assert cells_of(matrix) == ALL_CELLS
    # cities busiest first: 焦作市 has 4 documents summed over its tactics
    assert matrix.cities["city"].tolist()[0] == "焦作市" and matrix.cities["documents"].tolist()[0] == 4
    assert set(matrix.cities["city"]) == {"焦作市", "商丘市", "武威市"}
    only_gansu = S.city_tactic_matrix(store, S.TacticFilters(provinces=("甘肃省",)), via=via)
    assert list(only_gansu.cells["city"]) == ["武威市"]
    busy = S.city_tactic_matrix(store, S.TacticFilters(min_documents=2), via=via)
    assert list(cells_of(busy)) == [("焦作市", "网格化管理")]
    assert busy.cities["city"].tolist() == ["焦作市"]
    categories = S.city_tactic_matrix(store, S.TacticFilters(categories=("志愿服务",)), via=via)
    assert categories.cells["tactic"].tolist() == ["志愿服务积分"]
    assert categories.cells["category"].tolist() == ["志愿服务"]
    first_seen = {(r.city, r.tactic): r.first_seen for r in matrix.cells.itertuples()}
    assert first_seen[("焦作市", "网格化管理")] == "2019-03-05"


def test_heatmap_filters_on_documents_count_the_citations(store):
    # a date range drops undated documents and those outside it
    dated = S.city_tactic_matrix(store, S.TacticFilters(date_from="2020-01-01", date_to="2021-12-31"))
    assert set(cells_of(dated)) == {("焦作市", "网格化管理"), ("焦作市", "志愿服务积分"), ("商丘市", "网格化管理")}
    assert cells_of(dated)[("焦作市", "网格化管理")] == 1  # jz2019 is before the range
    # all three dated documents concern 全国文明城市; 武威市's undated one concerns none
    campaign = S.city_tactic_matrix(store, S.TacticFilters(campaigns=("全国文明城市",)))
    assert cells_of(campaign) == {k: v for k, v in ALL_CELLS.items() if k[0] != "武威市"}
    assert S.city_tactic_matrix(store, S.TacticFilters(campaigns=("国家卫生城市",))).cells.empty
    assert S.city_tactic_matrix(store, S.TacticFilters(categories=("没有这一类",))).cells.empty
    with pytest.raises(ValueError):
        S.city_tactic_matrix(store, S.TacticFilters(date_from="2020-01-01"), via="uses")


def test_a_store_without_uses_edges_counts_the_citations(store_without_uses):
    opened = connect(str(store_without_uses))
    try:
        assert not S.uses_edges_present(opened)
        assert cells_of(S.city_tactic_matrix(opened)) == ALL_CELLS
        tactics = S.top_tactics(opened)
        assert tactics.iloc[0][["tactic", "documents", "cities"]].tolist() == ["网格化管理", 3, 2]
    finally:
        opened.close()


def test_heatmap_shows_the_top_cities_only(store):
    top = S.city_tactic_matrix(store, top=1)
    assert top.shown == ["焦作市"]
    assert set(top.cells["city"]) == {"焦作市"} and len(top.cities) == 3  # the others are counted, not drawn
    two = S.city_tactic_matrix(store, top=2)
    assert two.shown[0] == "焦作市" and len(two.shown) == 2


def test_cities_sharing_a_name_are_told_apart():
    import pandas as pd

    cities = pd.DataFrame({"city": ["城关区", "城关区", "焦作市"], "province": ["甘肃省", "西藏自治区", "河南省"],
                           "adcode": ["620102", "540102", "410800"]})
    assert S._unique_labels(cities) == ["城关区（甘肃省）", "城关区（西藏自治区）", "焦作市"]


def test_a_cell_is_proved_by_its_sentences(store):
    cell = S.cell_evidence(store, "410800", "网格化管理")
    assert list(cell["doc_id"]) == ["jz2019", "jz2020"]
    assert all("网格化管理" in s for s in cell["sentence"])
    assert cell["sentence"].tolist() == ["全市推行网格化管理，每个网格配齐网格员。", "焦作坚持网格化管理，问题随报随办。"]
    wuwei = S.cell_evidence(store, "620600", "门前三包")
    assert wuwei.iloc[0]["sentence"] == "武威街道推行門前三包，商戶簽訂責任書。"  # as written, traditional script
    # the filters hold for the evidence too
    later = S.cell_evidence(store, "410800", "网格化管理", S.TacticFilters(date_from="2020-01-01"))
    assert list(later["doc_id"]) == ["jz2020"]
    assert S.cell_evidence(store, "410800", "网格化管理", S.TacticFilters(campaigns=("国家卫生城市",))).empty


def test_filter_options_come_from_the_facts(store):
    options = S.filter_options(store)
    assert options["dates"] == ["2019-03-05", "2021-04-02"]
    assert options["provinces"] == ["河南省", "甘肃省"] or set(options["provinces"]) == {"河南省", "甘肃省"}
    assert set(options["categories"]) == {"城市管理", "市容环境", "志愿服务"}
    assert options["campaigns"] == ["全国文明城市"]


def test_search_finds_names_by_substring_in_either_script(store):
    assert S.Entity("Tactic", "门前三包", "门前三包") in S.search_entities(store, "門前")
    assert S.search_entities(store, "焦作")[0] == JIAOZUO
    assert S.search_entities(store, "韩立")[0].label == "Official"
    assert S.search_entities(store, "   ") == []
    assert S.search_entities(store, "不存在的名字") == []


def test_paths_between_two_cities(store):
    shortest = S.shortest_paths(store, JIAOZUO, SHANGQIU)
    # both cities hold the honour (awarded / pursuing) and both use 网格化管理: two paths of two hops
    shortest_table = S.paths_table(shortest)
    assert shortest_table["hops"].tolist() == [2, 2]
    assert sorted("AWARDED" in p for p in shortest_table["path"]) == [False, True]
    assert sorted("USES" in p for p in shortest_table["path"]) == [False, True]
    every = S.all_paths(store, JIAOZUO, SHANGQIU, max_hops=4)
    table = S.paths_table(every)
    assert table["hops"].is_monotonic_increasing and table["hops"].max() <= 4
    # the tactic they share connects them through their documents
    assert any("网格化管理〔Tactic〕" in p for p in table["path"])
    for steps in every.paths:  # no path visits a node twice
        names = steps[::2]
        assert len(names) == len(set(names))
    edges = S.edges_table(every)
    assert (edges["sentence"] != "").any()
    assert set(edges["sentence"]) - {""} <= SENTENCES  # the texts of the Sentences the edges name
    honour = S.edges_table(shortest).query("type == 'AWARDED' and source == '焦作市'")
    assert honour["sentence"].tolist() == ["焦作荣获第六届全国文明城市称号。"]
    assert not S.all_paths(store, JIAOZUO, SHANGQIU, max_hops=1)


def test_neighbourhood_of_a_city(store):
    hood = S.neighbourhood(store, JIAOZUO, hops=1)
    names = {d["name"] for d in hood.nodes.values()}
    assert {"焦作市", "焦作市创文推进会", "焦作市创文总结大会", "韩立新", "全国文明城市", "城中村改造"} <= names
    assert "商丘市" not in names
    edges = S.edges_table(hood)
    assert edges.query("type == 'HOLDS_POST'")["sentence"].tolist() == ["焦作市创文总结大会召开，市委书记韩立新讲话。"]
    assert set(edges["sentence"]) <= SENTENCES and "" not in set(edges["sentence"])


def test_city_profile(store):
    p = S.city_profile(store, "410800")
    assert p["officials"][["official", "post"]].values.tolist() == [["韩立新", "市委书记"]]
    assert p["officials"]["sentence"].tolist() == ["焦作市创文总结大会召开，市委书记韩立新讲话。"]
    assert p["meetings"]["date_iso"].tolist() == ["2020-06-18"]
    assert p["honours"][["honour", "status"]].values.tolist() == [["全国文明城市", "awarded"]]
    assert p["honours"]["sentence"].tolist() == ["焦作荣获第六届全国文明城市称号。"]
    assert p["metrics"][["metric", "value", "unit"]].values.tolist() == [["城中村改造", "12", "个"]]
    assert p["metrics"]["sentence"].tolist() == ["全市完成城中村改造12个。"]
    by_category = dict(zip(p["tactics"]["tactic"], p["tactics"]["category"]))
    assert by_category == {"网格化管理": "城市管理", "门前三包": "市容环境", "志愿服务积分": "志愿服务"}
    assert p["documents"]["doc_id"].tolist() == ["jz2019", "jz2020"]


def test_official_and_tactic_profiles(store):
    o = S.official_profile(store, "韩立新|410800")
    assert o["posts"][["city", "post"]].values.tolist() == [["焦作市", "市委书记"]]
    assert o["posts"]["sentence"].tolist() == ["焦作市创文总结大会召开，市委书记韩立新讲话。"]
    assert o["meetings"][["meeting", "role"]].values.tolist() == [["焦作市创文总结大会", "spoke"]]
    t = S.tactic_profile(store, "网格化管理")
    assert t["facts"].iloc[0]["category"] == "城市管理"
    adoption = t["adoption"]
    assert adoption[["city", "first_cited", "role"]].values.tolist() == [
        ["焦作市", "2019-03-05", "first"], ["商丘市", "2021-04-02", "followed"]]
    assert adoption.iloc[0]["documents"] == 2
    assert adoption["sentence"].tolist() == ["全市推行网格化管理，每个网格配齐网格员。", "商丘学习外地经验，全面推开网格化管理。"]
    assert S.tactic_profile(store, "门前三包")["adoption"]["role"].tolist() == ["first", "undated"]


def test_document_profile_shows_entities_texts_and_removals(store):
    d = S.document_profile(store, "ww")
    # the original is spelt by the document's Sentences; the clean text is made from it (simplified script)
    assert d["original"] == DOCS["ww"][4]
    assert d["clean"] == "武威市文明创建简报。\n武威街道推行门前三包，商户签订责任书。"
    assert set(zip(d["entities"]["relation"], d["entities"]["name"])) == {("ABOUT", "武威市"), ("CITES", "门前三包")}
    cites = d["entities"].query("relation == 'CITES'")
    assert cites["sentence"].tolist() == ["武威街道推行門前三包，商戶簽訂責任書。"]  # as written
    assert S.document_profile(store, "jz2020")["original"] == DOCS["jz2020"][4]
    runs = S.highlight_spans(d["clean"], [f for forms in d["entities"]["forms"] for f in forms])
    assert "".join(s for s, _ in runs) == d["clean"]
    assert {s for s, hit in runs if hit} == {"武威市", "武威", "门前三包"}
    assert S.document_profile(store, "no-such-doc") == {}
    # a city is also named by its short name; a district by its own name
    assert S.mention_forms("City", "焦作市", "焦作") == ("焦作市", "焦作")
    assert S.mention_forms("City", "南阳市宛城区", "宛城") == ("南阳市宛城区", "宛城", "宛城区")
    assert S.mention_forms("Tactic", "门前三包") == ("门前三包",)


def test_removals_are_what_cleaning_deleted():
    removed = S.removals("全國(guó)文明城市")
    assert removed["text"].tolist() == ["(guó)"]


def test_console_reads_bounds_rows_and_refuses_writes(store):
    result = S.run_read_only(store, "MATCH (c:City) RETURN c.name AS city ORDER BY city", row_limit=2)
    assert result.columns == ["city"] and len(result.rows) == 2 and result.truncated
    with pytest.raises(S.ConsoleError):
        S.run_read_only(store, "CREATE (c:City {adcode: '1'})")
    # nothing was written
    assert S.run_read_only(store, "MATCH (c:City) RETURN count(c)").rows == [[3]]
    with pytest.raises(S.ConsoleError, match="(?i)time|longer|stopped"):
        S.run_read_only(store, "MATCH (a)-[*1..12]-(b) RETURN count(*)", timeout_s=0.2)
    graph = S.run_read_only(store, "MATCH p = (c:City {adcode: '410800'})-[]-(n) RETURN p").subgraph()
    assert "City:410800" in graph.nodes and len(graph.edges) >= 6
    # a `sentence_ids` column comes back as the sentences' texts
    honour = S.run_read_only(store, "MATCH (:City {adcode: '410800'})-[a:AWARDED]->(:Honour) "
                                    "RETURN a.sentence_ids AS sentence_ids")
    assert honour.columns == ["sentences"] and honour.rows == [[["焦作荣获第六届全国文明城市称号。"]]]
    # the documents' text can be read too, and shown as a table and as nodes
    text = S.run_read_only(store, "MATCH (s:Sentence) WHERE s.span_start = 0 RETURN s ORDER BY s.sentence_id")
    assert len(text.rows) == len(DOCS) and len(text.table()) == len(DOCS)
    assert {d["label"] for d in text.subgraph().nodes.values()} == {"Sentence"}


def test_catalogue_entries_have_queries():
    entries = S.catalogue()
    assert entries and all(e.name and e.text.strip() for e in entries)


def test_connect_reports_a_missing_store(tmp_path):
    with pytest.raises(StoreError, match="cckg load"):
        connect(str(tmp_path / "nothing"))


class RecordingNeo4jStore:
    """A fake of the Neo4j store (no server can run here): records the Cypher, answers with Neo4j-shaped rows."""

    kind = "neo4j"

    def __init__(self, rows):
        self.rows = rows
        self.sent = []
        self.texts = {sentence_id("jz2019", 0, 11): "焦作市召开创文推进会。"}  # Sentence key -> text

    def query(self, cypher, params=None):
        self.sent.append((cypher, dict(params or {})))
        if "(s:Sentence" in cypher:  # graph.sentences.sentence_texts
            return ["sid", "text"], [[i, self.texts[i]] for i in params["ids"] if i in self.texts]
        if "AS hops" in cypher:
            return ["p", "hops"], [[*row, len(row[0]["_rels"])] for row in self.rows]
        return ["p"], self.rows


def test_paths_on_neo4j_use_its_dialect_and_its_path_values():
    # graph.neo4j_store turns a driver Path into {_nodes, _rels}, relationships without endpoints
    jiaozuo = {"_label": "City", "adcode": "410800", "name": "焦作市"}
    doc = {"_label": "Document", "doc_id": "jz2019", "title": "焦作市创文推进会"}
    tactic = {"_label": "Tactic", "name": "网格化管理"}
    path = {"_nodes": [jiaozuo, doc, tactic],
            "_rels": [{"_label": "ABOUT", "sentence_ids": [sentence_id("jz2019", 0, 11)]}, {"_label": "CITES"}]}
    fake = RecordingNeo4jStore([[path]])
    graph = S.shortest_paths(fake, JIAOZUO, S.Entity("Tactic", "网格化管理"))
    cypher, params = fake.sent[0]
    assert "allShortestPaths" in cypher and "SHORTEST" not in cypher.replace("allShortestPaths", "")
    assert params == {"a": "410800", "b": "网格化管理"}
    # directions come from the model: Document-ABOUT->City, Document-CITES->Tactic
    assert set(graph.edges) == {("Document:jz2019", "ABOUT", "City:410800"), ("Document:jz2019", "CITES", "Tactic:网格化管理")}
    assert graph.paths[0] == ["焦作市〔City〕", "<-[ABOUT]-", "焦作市创文推进会〔Document〕", "-[CITES]->", "网格化管理〔Tactic〕"]
    # a relationship's sentence ids are looked up in the Sentences
    assert graph.edges[("Document:jz2019", "ABOUT", "City:410800")]["sentences"] == ["焦作市召开创文推进会。"]
    assert S.edges_table(graph)["sentence"].tolist() == ["焦作市召开创文推进会。", ""]
    S.all_paths(fake, JIAOZUO, SHANGQIU, max_hops=3)
    walk = [c for c, _ in fake.sent if "AS hops" in c][-1]
    assert "ACYCLIC" not in walk and "*1..3" in walk


def test_export_of_the_whole_graph_and_of_the_filtered_view(store):
    import zipfile
    from io import BytesIO
    from xml.etree import ElementTree

    for fmt in S.EXPORT_FORMATS:
        name, payload, _mime = S.export_bytes(store, fmt)
        assert name.endswith({"gexf": ".gexf", "graphml": ".graphml", "csv": ".zip"}[fmt]) and payload
    whole = S.export_bytes(store, "gexf")[1].decode()
    ElementTree.fromstring(whole)  # well-formed XML
    assert "焦作市" in whole and "武威市" in whole
    # the documents' text (Sentence nodes) is not exported, and the page's count leaves it out too
    assert S.graph_counts(store)["nodes"] == 18
    ns = {"g": "http://gexf.net/1.3"}
    nodes = ElementTree.fromstring(whole).findall(".//g:nodes/g:node", ns)
    assert len(nodes) == 18 and not [n for n in nodes if n.get("id").startswith("Sentence:")]
    assert "沿街商户落实门前三包责任。" in whole  # edges still carry their sentences' texts
    gansu = S.export_bytes(store, "gexf", S.TacticFilters(provinces=("甘肃省",)))[1].decode()
    assert "武威市" in gansu and "焦作市" not in gansu
    with zipfile.ZipFile(BytesIO(S.export_bytes(store, "csv")[1])) as zf:
        assert sorted(zf.namelist()) == ["edges.csv", "nodes.csv"]
        assert "网格化管理" in zf.read("nodes.csv").decode()


class RecordingStore:
    """The real campaign store, keeping every statement the services send (to lint them for Neo4j)."""

    def __init__(self, inner):
        self.inner = inner
        self.sent: list[tuple[str, dict]] = []

    def query(self, cypher, params=None):
        self.sent.append((cypher, dict(params or {})))
        return self.inner.query(cypher, params)


def test_heatmap_and_overview_queries_pass_neo4j_lint(store):
    from graph.cypher_lint import CypherSchema, LintQuery, lint_cypher
    from graph.model import cypher_schema

    recorder = RecordingStore(store)
    for filters in (S.TacticFilters(), S.TacticFilters(categories=("城市管理",), provinces=("河南省",), min_documents=2),
                    S.TacticFilters(campaigns=("全国文明城市",), date_from="2019-01-01", date_to="2021-12-31")):
        S.city_tactic_matrix(recorder, filters, top=2)
        S.city_tactic_matrix(recorder, filters, via="citations")
        S.cell_evidence(recorder, "410800", "网格化管理", filters)
    S.top_tactics(recorder)
    S.documents_per_year(recorder)
    S.filter_options(recorder)
    S.graph_counts(recorder)
    S.tactic_profile(recorder, "网格化管理")
    unique = list(dict.fromkeys((c, tuple(sorted(p))) for c, p in recorder.sent))
    params = {c: p for c, p in recorder.sent}
    schema = cypher_schema()
    results = lint_cypher([LintQuery(f"q{i}", c, params[c]) for i, (c, _) in enumerate(unique)],
                          CypherSchema(labels=schema["labels"], relationship_types=schema["relationshipTypes"],
                                       property_keys=schema["propertyKeys"]))
    assert len(results) > 10
    for result in results:
        assert result.ok, result.report()
