"""Every catalogue query runs on the embedded store (and on Neo4j when NEO4J_URI is set) and gives
the answers that follow from the facts in catalogue_facts.py; on the corpus store it gives the
answers the documents support."""

from __future__ import annotations

import re

import pytest

import cypher as catalogue
from graph.dialect import to_ladybug
from graph.embedded import EmbeddedStore
from graph.model import NODES
from graph.store import run_catalogue
from tests.graph.catalogue_facts import (
    BINZHOU,
    HONOUR,
    JIAOZUO,
    MEETING,
    PUBLICATION,
    SHANGQIU,
    WUWEI,
    catalogue_bundle,
    tactic_sentence,
)
from tests.graph.live_neo4j import empty_live_store

QUERIES = catalogue.queries()


def test_the_catalogue_has_at_least_twelve_documented_queries():
    assert len(QUERIES) >= 12
    for name, q in QUERIES.items():
        assert q.purpose and q.example.startswith(f"cckg query {name}"), name
        used = set(re.findall(r"\$(\w+)", q.text))
        assert used == {p.name for p in q.params}, f"{name}: parameters used {used} vs declared"
        for p in q.params:
            assert p.doc, f"{name}: parameter {p.name} has no description"
        for key, _ in re.findall(r"--param (\w+)=(\S+)", q.example):
            assert key in used, f"{name}: the example sets an unknown parameter {key}"


def test_bind_converts_declared_types_and_rejects_unknown_parameters():
    q = catalogue.get("neighbourhood")
    assert q.bind({"hops": "2"}) == {"entity": "焦作市", "hops": 2, "limit": 200}
    with pytest.raises(catalogue.CatalogueError, match="hops must be INT"):
        q.bind({"hops": "two"})
    with pytest.raises(catalogue.CatalogueError, match="no parameter depth"):
        q.bind({"depth": "2"})
    with pytest.raises(catalogue.CatalogueError, match="no catalogue query 'nope'"):
        catalogue.get("nope")


def test_pattern_bounds_are_written_in_as_checked_numbers():
    q = catalogue.get("neighbourhood")
    text, params = q.prepare({"hops": "2"})
    assert "[*1..2]" in text and "$hops" not in text and "hops" not in params
    assert params == {"entity": "焦作市", "limit": 200}
    for bad in ("0", "7", "-1"):
        with pytest.raises(catalogue.CatalogueError, match="from 1 to 6"):
            q.prepare({"hops": bad})


# the expected answers, shared by the embedded and the live Neo4j runs ------------------------------
def rows(store, name, **params):
    return run_catalogue(store, name, params).records()


def check_city_tactics(store):
    result = rows(store, "city_tactics")
    pairs = {(r["city"], r["tactic"]): r for r in result}
    assert set(pairs) == {("焦作市", "网格化管理"), ("焦作市", "门前四包"), ("焦作市", "一票否决"),
                          ("商丘市", "网格化管理"), ("商丘市", "门前四包"), ("武威市", "网格化管理"),
                          ("滨州市", "志愿服务")}
    grid = pairs[("焦作市", "网格化管理")]
    assert grid["documents"] == 2 and grid["adcode"] == JIAOZUO and grid["category"] == "城市治理"
    assert set(grid["sentences"]) == {tactic_sentence("doc-jz-1", "网格化管理"), tactic_sentence("doc-jz-2", "网格化管理")}
    assert result[0]["documents"] == 2  # most-cited first
    only = rows(store, "city_tactics", city="焦作", tactic="门前四包")
    assert [(r["city"], r["tactic"], r["doc_ids"]) for r in only] == [("焦作市", "门前四包", ["doc-jz-1"])]
    assert rows(store, "city_tactics", city=SHANGQIU, tactic="一票否决") == []
    one = {(r["city"], r["tactic"]): r for r in rows(store, "city_tactics", sentences="1", limit="2")}
    assert len(one) == 2 and all(len(r["sentences"]) == 1 for r in one.values())
    assert one[("焦作市", "网格化管理")]["documents"] == 2  # the most-cited rows are kept


def check_tactics_by_category(store):
    result = {r["category"]: r for r in rows(store, "tactics_by_category", city="焦作市")}
    assert set(result) == {"城市治理", "市容环境", "考核督导"}
    assert result["城市治理"]["tactics"] == ["网格化管理"] and result["城市治理"]["citations"] == 2
    assert rows(store, "tactics_by_category", city="滨州")[0]["tactics"] == ["志愿服务"]


def check_similar_cities(store):
    result = rows(store, "similar_cities", city="焦作市")
    assert [r["city"] for r in result] == ["商丘市", "武威市"]  # 滨州 shares nothing
    assert sorted(result[0]["shared"]) == ["网格化管理", "门前四包"]
    assert result[0]["jaccard"] == pytest.approx(2 / 3) and result[1]["jaccard"] == pytest.approx(1 / 3)


def check_tactic_timeline(store):
    result = rows(store, "tactic_timeline", tactic="网格化管理")
    assert [(r["city"], r["first_date"]) for r in result] == [
        ("武威市", "2018-06-01"), ("焦作市", "2019-03-01"), ("商丘市", "2021-04-02")]
    assert result[1]["documents"] == 2
    undated = rows(store, "tactic_timeline", tactic="志愿服务")
    assert [(r["city"], r["first_date"]) for r in undated] == [("滨州市", None)]


def check_city_officials(store):
    result = {r["official"]: r for r in rows(store, "city_officials", city="焦作市")}
    assert set(result) == {"张明远", "李华"}
    assert result["张明远"]["posts"] == ["市委书记"] and result["李华"]["posts"] == ["市长"]
    assert result["张明远"]["meetings"] == ["创建全国文明城市推进大会"]
    assert result["张明远"]["roles"] == ["SPOKE_AT"] and result["李华"]["roles"] == ["PRESIDED_OVER"]
    assert [r["official"] for r in rows(store, "city_officials", city="商丘")] == ["赵宁"]


def check_city_meetings(store):
    (meeting,) = rows(store, "city_meetings", city=JIAOZUO)
    assert meeting["date"] == "2019-03-01" and meeting["meeting"] == "创建全国文明城市推进大会"
    assert meeting["speakers"] == ["张明远"] and meeting["presiders"] == ["李华"]
    assert meeting["documents"] == ["doc-jz-1"]
    assert rows(store, "city_meetings", city="商丘市") == []


def check_city_honours(store):
    result = {(r["city"], r["status"]) for r in rows(store, "city_honours")}
    assert result == {("焦作市", "awarded"), ("商丘市", "pursuing")}
    (jz,) = rows(store, "city_honours", city="焦作")
    assert (jz["honour"], jz["edition"]) == ("全国文明城市", "第六届") and "第六届" in jz["sentences"][0]
    assert HONOUR.endswith(jz["edition"])


def check_city_metrics(store):
    result = {r["metric"]: r for r in rows(store, "city_metrics", city="焦作市")}
    assert (result["改造提升城中村"]["value"], result["改造提升城中村"]["unit"]) == ("12", "个")
    assert (result["群众满意率"]["value"], result["群众满意率"]["unit"]) == ("95%", None)
    assert rows(store, "city_metrics", city=WUWEI) == []


def check_shortest_path(store):
    (path,) = rows(store, "shortest_path", source="焦作市", target="商丘市")
    # three 2-hop paths exist and either store may pick any: 焦作's speech names 商丘; both cities
    # use 网格化管理 and 门前四包; both have a status for the same honour
    assert path["hops"] == 2 and path["path"][0] == "焦作市" and path["path"][-1] == "商丘市"
    assert (path["labels"][1], tuple(path["relationships"])) in {
        ("Document", ("ABOUT", "MENTIONS")), ("Tactic", ("USES", "USES")), ("Honour", ("AWARDED", "AWARDED"))}
    assert path["path"][1] in {"焦作创文推进会讲话", "网格化管理", "门前四包", "全国文明城市"}
    (via,) = rows(store, "shortest_path", source="张明远", target="门前四包")
    # the official holds a post in 焦作, which uses 门前四包
    assert via["path"] == ["张明远", "焦作市", "门前四包"] and via["relationships"] == ["HOLDS_POST", "USES"]
    assert via["labels"] == ["Official", "City", "Tactic"] and via["hops"] == 2


def check_neighbourhood(store):
    one = {(r["label"], r["name"]): r["distance"] for r in rows(store, "neighbourhood", entity="网格化管理")}
    assert one[("City", "武威市")] == 1 and one[("TacticCategory", "城市治理")] == 1
    assert one[("Document", "焦作创文推进会讲话")] == 1 and ("Tactic", "门前四包") not in one
    assert set(one.values()) == {1}
    two = {(r["label"], r["name"]): r["distance"] for r in rows(store, "neighbourhood", entity="网格化管理", hops="2")}
    assert two[("Tactic", "门前四包")] == 2 and two[("City", "武威市")] == 1
    assert ("Tactic", "网格化管理") not in two


def check_publication_citations(store):
    result = rows(store, "publication_citations", title="测评体系")
    assert [(r["publication"], r["doc_id"], r["city"]) for r in result] == [
        (PUBLICATION, "doc-jz-1", "焦作市"), (PUBLICATION, "doc-sq-1", "商丘市")]
    assert all(f"《{PUBLICATION}》" in r["sentences"][0] for r in result)


def check_provenance(store):
    facts = rows(store, "provenance", entity="焦作市", other="网格化管理")
    assert [(f["fact"], f["subject"], f["object"]) for f in facts] == [("USES", "焦作市", "网格化管理")]
    assert sorted(facts[0]["doc_ids"]) == ["doc-jz-1", "doc-jz-2"] and facts[0]["weight"] == 2
    assert tactic_sentence("doc-jz-2", "网格化管理") in facts[0]["sentences"]
    everything = rows(store, "provenance", entity=MEETING)
    kinds = {(f["fact"], f["subject"], f["object"]) for f in everything}
    assert ("Meeting", "创建全国文明城市推进大会", "") in kinds
    assert ("SPOKE_AT", "张明远", "创建全国文明城市推进大会") in kinds
    assert ("HELD_IN", "创建全国文明城市推进大会", "焦作市") in kinds
    assert ("RECORDS", "焦作创文推进会讲话", "创建全国文明城市推进大会") in kinds
    capped = rows(store, "provenance", entity=MEETING, limit="1")
    assert len(capped) == 3 and capped[0]["fact"] == "Meeting"  # the node, one fact out, one fact in


def check_cities_mentioned(store):
    result = rows(store, "cities_mentioned")
    assert {r["city"]: r["documents"] for r in result} == {"焦作市": 2, "商丘市": 2, "武威市": 1, "滨州市": 1}
    assert [r["adcode"] for r in rows(store, "cities_mentioned", limit="1")] in ([JIAOZUO], [SHANGQIU])
    assert BINZHOU in {r["adcode"] for r in result}


CHECKS = {name[len("check_"):]: f for name, f in globals().items() if name.startswith("check_")}


def test_every_catalogue_query_has_an_answer_check():
    assert set(CHECKS) == set(QUERIES)


@pytest.fixture(scope="module")
def facts_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("catalogue") / "store"
    with EmbeddedStore(path) as store:
        store.write(catalogue_bundle())
    with EmbeddedStore(path, read_only=True) as store:
        yield store


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_catalogue_query_on_the_embedded_store(facts_store, name):
    CHECKS[name](facts_store)


@pytest.fixture(scope="module")
def neo4j_facts():
    for store in empty_live_store():
        store.write(catalogue_bundle())
        yield store


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_catalogue_query_on_neo4j(neo4j_facts, name):
    CHECKS[name](neo4j_facts)


# the corpus store: seeds and examples --------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus(corpus_store):
    with EmbeddedStore(corpus_store, read_only=True) as store:
        yield store


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_catalogue_query_runs_on_the_corpus_store(corpus, name):
    result = run_catalogue(corpus, name)
    assert result.columns and all(len(r) == len(result.columns) for r in result.rows)


def test_corpus_cities_mentioned_include_the_seed_cities(corpus):
    result = {r["city"]: r["documents"] for r in rows(corpus, "cities_mentioned", limit="500")}
    # 焦作 is the subject of the seed speeches; 商丘 and 武威 of the sample corpus
    assert result["焦作市"] >= 2 and "商丘市" in result and "武威市" in result
    # seed 001 (a compilation) names both 焦作市 and 武威市: at most City-Document-SourceFile-Document-City
    (path,) = rows(corpus, "shortest_path", source="焦作市", target="武威市")
    assert 2 <= path["hops"] <= 4 and path["path"][0] == "焦作市" and path["path"][-1] == "武威市"
    assert path["labels"][0] == path["labels"][-1] == "City" and len(path["labels"]) == path["hops"] + 1


def _needs(corpus, label: str) -> None:
    if not corpus.query(f"MATCH (n:{label}) RETURN count(n) AS n")[1][0][0]:
        pytest.skip(f"the corpus store has no {label} nodes yet: needs the extraction branch")


def test_corpus_jiaozuo_cites_grid_management(corpus):
    _needs(corpus, "Tactic")
    result = rows(corpus, "city_tactics", city="焦作市", tactic="网格化管理")
    # the evidence is the original text, in either script
    assert result and result[0]["sentences"] and all("网格" in s or "網格" in s for s in result[0]["sentences"])
    timeline = {r["city"] for r in rows(corpus, "tactic_timeline", tactic="网格化管理")}
    assert "焦作市" in timeline


def test_corpus_jiaozuo_honour_and_officials(corpus):
    _needs(corpus, "Honour")
    honours = rows(corpus, "city_honours", city="焦作市")
    assert any("全国文明城市" in (r["honour"] or "") for r in honours)
    _needs(corpus, "Official")
    assert rows(corpus, "city_officials", city="焦作市")


# the embedded store's own forms (cypher/ladybug/) ----------------------------------------------------
NAME = "coalesce({v}.name, {v}.title, {v}.indicator, {v}.doc_id, {v}.text)"


def test_every_embedded_form_belongs_to_a_catalogue_query():
    forms = sorted(p.stem for p in (catalogue.CATALOGUE_DIR / "ladybug").glob("*.cypher"))
    assert forms and set(forms) <= set(QUERIES)
    assert all(QUERIES[name].ladybug_text for name in forms)


def test_an_embedded_form_may_use_only_its_querys_parameters(tmp_path):
    (tmp_path / "ladybug").mkdir()
    (tmp_path / "q.cypher").write_text("// Purpose: p\n// Param: x STRING \"a\" -- x\n// Example: cckg query q\n"
                                       "MATCH (n) WHERE n.name = $x RETURN n.name", encoding="utf-8")
    (tmp_path / "ladybug" / "q.cypher").write_text("// why\nMATCH (n) WHERE n.name = $y RETURN n.name",
                                                   encoding="utf-8")
    with pytest.raises(catalogue.CatalogueError, match=r"ladybug/q.cypher: .*\(not y\)"):
        catalogue.parse(tmp_path / "q.cypher")
    (tmp_path / "ladybug" / "q.cypher").write_text("// why\nMATCH (n:City) WHERE n.name = $x RETURN n.name",
                                                   encoding="utf-8")
    q = catalogue.parse(tmp_path / "q.cypher")
    assert q.prepare({}, embedded=True)[0] == "MATCH (n:City) WHERE n.name = $x RETURN n.name"
    assert q.prepare({})[0] == q.text


def test_the_embedded_shortest_path_answers_as_the_translated_query(corpus):
    # one entity of each label that an endpoint can be, named by the key or name a user would type
    entities = []
    for label in ("City", "Official", "Tactic", "Document", "Meeting", "Honour", "Metric", "Publication",
                  "Organization", "SourceFile"):
        key = NODES[label].key
        found = corpus.query(f"MATCH (n:{label}) RETURN n.{key} ORDER BY n.{key} LIMIT 1")[1]
        entities += [row[0] for row in found]
    entities.append(JIAOZUO)  # an adcode
    assert len(entities) >= 8
    query = catalogue.get("shortest_path")
    translated = to_ladybug(query.text)
    hops_seen = set()
    for source in entities:
        for target in entities:
            params = {"source": source, "target": target}
            expected = corpus.query(translated, params)[1]
            result = run_catalogue(corpus, "shortest_path", params).rows
            assert len(result) == len(expected), params
            if not result:
                continue
            (hops, path, labels, relationships), (hops_0, path_0, labels_0, _) = result[0], expected[0]
            assert (hops, path[0], path[-1], labels[0], labels[-1]) == (
                hops_0, path_0[0], path_0[-1], labels_0[0], labels_0[-1]), params
            assert len(path) == len(labels) == hops + 1 == len(relationships) + 1
            for i, rel in enumerate(relationships):  # each step is a stored relationship, in path order
                step = corpus.query(
                    f"MATCH (x)-[r]-(y) WHERE label(r) = $rel AND label(x) = $lx AND label(y) = $ly "
                    f"AND {NAME.format(v='x')} = $x AND {NAME.format(v='y')} = $y RETURN count(*)",
                    {"rel": rel, "lx": labels[i], "ly": labels[i + 1], "x": path[i], "y": path[i + 1]})[1]
                assert step[0][0] > 0, (params, i)
            hops_seen.add(hops)
    assert max(hops_seen) >= 3  # inner nodes were named and ordered, not only the endpoints


def test_entity_label_lists_name_every_entity_and_no_sentence():
    """Queries that find an entity by name list the entity labels (a pattern of no label would scan the
    documents' Sentences too); a label added to the model must be added to them."""
    import re

    from graph.model import ENTITY_LABELS

    files = [*catalogue.CATALOGUE_DIR.glob("*.cypher"), *catalogue.CATALOGUE_DIR.glob("ladybug/*.cypher")]
    lists = [m.group(1) for f in files for m in re.finditer(r"\(\w+:(\w+(?:\|\w+)+)\)", f.read_text(encoding="utf-8"))]
    assert len(lists) >= 8
    assert all(set(labels.split("|")) == set(ENTITY_LABELS) for labels in lists)
