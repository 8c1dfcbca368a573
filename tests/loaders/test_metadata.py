"""Per-document metadata against ../shared/gold, field by field, and on texts in the genre's other shapes."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.clean import clean, to_simplified
from loaders.metadata import describe, meeting_type
from loaders.pipeline import split_documents
from loaders.read import SourceText, read_file
from tests.conftest import GOLD, SEEDS

SEED_NAMES = sorted(p.stem for p in SEEDS.glob("*.txt"))


def _gold_and_docs():
    for name in SEED_NAMES:
        gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))["parts"]
        docs = split_documents(read_file(SEEDS / f"{name}.txt"))
        assert len(docs) == len(gold), name
        yield from ((name, g, d) for g, d in zip(gold, docs))


@pytest.fixture(scope="module")
def pairs():
    return list(_gold_and_docs())


@pytest.mark.parametrize("field,gold_of,ours_of", [
    ("primary_city", lambda g: g["primary_city"], lambda m: m["primary_city"]),
    ("kind", lambda g: g["kind"], lambda m: m["kind"]),
    ("date text", lambda g: g["date"]["text"], lambda m: m["date_text"]),
    ("date iso", lambda g: g["date"]["iso"], lambda m: m["date_iso"]),
])
def test_metadata_matches_gold_field_by_field(pairs, field, gold_of, ours_of):
    wrong = [(name, g["part"], gold_of(g), ours_of(d.meta)) for name, g, d in pairs if gold_of(g) != ours_of(d.meta)]
    assert not wrong, f"{field}: (doc, part, gold, ours) {wrong}"


def test_meeting_of_single_reports_matches_gold(pairs):
    # Compilation parts are left out: gold judges their meeting from content beyond the text (see gold README).
    for name, g, d in pairs:
        if g["part"] == "whole":
            assert (d.meta["meeting_name"], d.meta["meeting_type"]) == (g["meeting"]["name"], g["meeting"]["type"]), name


def test_speaker_of_a_speech_comes_from_its_header():
    text = "在全县创建文明城市推进会上的讲话\n县委书记\n张某某\n（二〇一九年三月五日）\n同志们：\n今天我们召开全县创建文明城市推进会，部署下一阶段工作。"
    meta = describe(clean(text))
    assert meta.kind == "speech"
    assert meta.speaker == "张某某"
    assert (meta.date_text, meta.date_iso, meta.year_masked) == ("二〇一九年三月五日", "2019-03-05", False)
    assert (meta.meeting_name, meta.meeting_type) == ("全县创建文明城市推进会", "推进会")


def test_masked_year_is_flagged_and_has_no_iso():
    text = "某地消息　20_年6月3日上午，全市创建文明城市调度会召开。市委书记王某某出席会议并讲话，市长李某某主持会议。"
    meta = describe(clean(text))
    assert meta.kind == "news_report"
    assert meta.date_text == "20_年6月3日上午" and meta.date_iso is None and meta.year_masked
    assert meta.speaker == "王某某"


def test_self_reference_picks_the_unit_of_the_right_kind():
    # 我县 resolves to the county the text names, not to the prefecture named beside it.
    text = ("同志们：\n今年以来，我县认真落实南阳市部署，全县上下齐心协力。西峡县的创建工作取得新进展，"
            "西峡县城乡面貌明显改善，我县群众满意度持续提升。")
    assert describe(clean(text)).primary_city == "西峡县"


def test_dateline_names_the_city_of_a_report():
    text = "会议召开\n洛阳消息（记者 某某）5月6日上午，全市创建全国文明城市推进会召开，市委书记某某某出席会议并讲话。"
    meta = describe(clean(text))
    assert (meta.primary_city, meta.primary_city_source) == ("洛阳市", "dateline")


@pytest.mark.parametrize("name,kind", [
    ("全市创建全国文明城市工作推进会", "推进会"),
    ("全县创卫工作总结表彰暨创森工作动员会", "表彰暨动员大会"),
    ("创建全国县级文明城市迎检动员大会", "迎检动员大会"),
    ("全区创文工作调度会", "调度会"),
])
def test_meeting_type_is_the_most_specific_suffix(name, kind):
    assert meeting_type(name) == kind


# The sample corpus (examples/, fictional) has hand-written expected facts: part count, primary city, date.
def _examples():
    from tests.conftest import EXAMPLES

    facts = json.loads((EXAMPLES.parent / "expected_facts.json").read_text(encoding="utf-8"))["documents"]
    return [(EXAMPLES / name, doc["parts"]) for name, doc in sorted(facts.items())]


@pytest.mark.parametrize("path,expected", _examples(), ids=lambda v: getattr(v, "name", ""))
def test_sample_corpus_parts_cities_and_dates(path, expected):
    docs = split_documents(read_file(path))
    assert len(docs) == len(expected)
    for doc, exp in zip(docs, expected):
        assert doc.meta["primary_city"] == exp["primary_city"], doc.part
        date = exp.get("date") or {}
        if date.get("text"):  # the examples write some dates with their brackets: （2021年3月9日）
            assert doc.meta["date_text"] == date["text"].strip("（）()"), doc.part
            assert doc.meta["date_iso"] == date.get("iso"), doc.part
        if exp.get("duplicate_of"):
            assert doc.meta["duplicate_of"] == exp["duplicate_of"]




_WORDS = st.sampled_from(["同志们：", "我市", "全旗", "焦作市", "杭锦旗", "某某消息（记者 某某）", "5月6日上午", "20_年_月_日",
                          "二〇二〇年十二月三十一日", "推进会", "暨", "动员大会", "召开", "市委书记", "王某某", "出席会议并讲话",
                          "议程", "下面：请", "特此通知", "篇1", "\n", "，", "。", "（", "）", "x"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, max_size=50).map("".join))
def test_metadata_never_raises_and_iso_dates_are_valid(text):
    for doc in split_documents(SourceText("x.txt", "0", len(text), "text", "utf-8", text)):
        iso = doc.meta["date_iso"]
        assert iso is None or (len(iso) == 10 and 1 <= int(iso[5:7]) <= 12 and 1 <= int(iso[8:]) <= 31)
        assert not (iso and doc.meta["year_masked"])


def test_primary_city_points_at_the_mention_that_decided_it(pairs):
    for name, g, doc in pairs:
        span = doc.meta["primary_city_span"]
        if g["primary_city"] is None:
            assert span is None
            continue
        mention = doc.text[span[0]:span[1]]
        assert g["primary_city"].startswith(mention) or mention.startswith(g["primary_city"][:2]), (name, mention)
        evidence = doc.evidence(*span)  # the sentence as written, for provenance
        assert mention[:2] in to_simplified(evidence.sentence), (name, evidence.sentence)
