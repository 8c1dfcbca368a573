"""Cities: gazetteer names, aliases, abbreviations, self-references, and what must not count."""

from __future__ import annotations

from graph.bundle import GraphBundle
from loaders.extract import places
from tests.loaders.extract.textdoc import text_document


def cities(text: str, **meta) -> list[str]:
    return places.gold(text_document(text, **meta))["cities"]


def test_full_and_short_names_and_districts_with_their_city():
    found = cities("聊城市召开推进会。东昌府区、茌平区主要负责同志参加。聊城将冲刺国家园林城市。")
    assert set(found) == {"聊城市", "聊城市东昌府区", "聊城市茌平区"}


def test_a_district_alone_is_not_resolved_without_its_city():
    assert "聊城市东昌府区" not in cities("东昌府区召开会议，部署创建工作。")


def test_placeholders_are_never_cities():
    assert cities("XX市召开创建工作会议，x市、某市和XX县的经验不能照搬。") == []


def test_a_name_inside_a_longer_word_is_not_a_city():
    found = cities("衢州市要把文明创建当作朝阳产业，把重大理论学习成果转化为实效，他穿着中山装。")
    assert found == ["衢州市"]


def test_ordinary_word_short_name_needs_its_full_name():
    assert cities("要像朝阳一样充满活力。") == []
    assert "朝阳市" in cities("朝阳市召开会议。朝阳的创建工作走在前列。")


def test_a_publisher_name_is_not_a_topic():
    assert cities("河南手机报 我要分享") == []


def test_literary_name_and_province_abbreviation_from_the_alias_table():
    doc = text_document("焦作市召开总结大会。一朝梦圆怀川！援鄂医疗队员载誉归来。")
    result = places.gold(doc)
    assert {"焦作市", "湖北省"} <= set(result["cities"])
    pairs = {(a["alias"], a["city"]) for a in result["city_aliases"]}
    assert ("怀川", "焦作市") in pairs
    assert ("鄂", "湖北省") in pairs
    for alias in result["city_aliases"]:
        assert alias["evidence"] in doc.text


def test_stationed_units_abbreviate_the_documents_city():
    result = places.gold(text_document("蓬安县召开动员大会。驻蓬单位要主动认领任务。"))
    assert {"alias": "蓬", "city": "蓬安县"} == {k: v for k, v in result["city_aliases"][0].items()
                                                if k in ("alias", "city")}


def test_self_references_resolve_to_the_documents_city():
    doc = text_document("常德市召开誓师大会。全市上下要行动起来，我市将全面落实路长制。")
    analysis = places.analyse(doc)
    assert analysis.city.name == "常德市"
    selves = [m for m in analysis.mentions if m.how == "self"]
    assert {doc.text[m.start:m.end] for m in selves} == {"全市", "我市"}
    assert all(m.unit.name == "常德市" for m in selves)


def test_meta_primary_city_wins_over_the_guess():
    doc = text_document("临清市市长出席会议。", primary_city="371500")
    assert places.document_city(doc).name == "聊城市"


def test_extractor_adds_mentions_about_and_part_of_with_evidence():
    doc = text_document("衢州市召开调度会。衢江区、柯城区主要负责同志参加会议。")
    bundle = GraphBundle()
    places.PlaceExtractor()(doc, bundle)
    names = {n.props["name"] for n in bundle.nodes_of("City")}
    assert names == {"衢州市", "衢州市衢江区", "衢州市柯城区"}
    about = bundle.edges_of("ABOUT")
    assert [e.dst for e in about] == [("City", "330800")]
    part_of = {(e.src[1], e.dst[1]) for e in bundle.edges_of("PART_OF")}
    assert ("330803", "330800") in part_of
    for edge in bundle.edges_of("MENTIONS"):
        assert all(ev.sentence and ev.sentence in doc.clean.original for ev in edge.evidence)


def test_ingestion_adcode_key_is_read():
    doc = text_document("全市上下要行动起来。", primary_city_adcode="430700", primary_city="常德市")
    assert places.document_city(doc).name == "常德市"
    assert places.gold(doc)["cities"] == ["常德市"]  # 全市 resolved to the document's city
