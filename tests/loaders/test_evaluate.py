"""Scoring: part alignment, set and fuzzy fields, precision/recall/F1 arithmetic."""

from __future__ import annotations

import pytest

from loaders.evaluate import FieldScore, align, score_file


def part(name, span, **fields):
    return {"part": name, "char_span": span, **fields}


def test_f1_arithmetic():
    s = FieldScore(gold=4, predicted=5, found=3, correct=3)
    assert s.precision == pytest.approx(0.6)
    assert s.recall == pytest.approx(0.75)
    assert s.f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    assert FieldScore().f1 == 1.0  # nothing to find, nothing claimed


def test_one_whole_prediction_is_scored_against_the_union_of_gold_parts():
    gold = [part("篇1", [0, 100], cities=["焦作市"]), part("篇2", [100, 200], cities=["彬州市"])]
    pred = [part("whole", [0, 200], cities=["焦作市", "彬州市", "武汉市"])]
    groups = align(gold, pred)
    assert len(groups) == 1 and len(groups[0][0]) == 2
    report = score_file({"doc": "a.txt", "parts": gold}, {"doc": "a.txt", "parts": pred}, ["cities"])
    s = report.fields["cities"]
    assert (s.gold, s.predicted, s.found, s.correct) == (2, 3, 2, 2)
    assert [e.item for e in report.errors] == ["武汉市"]


def test_parts_are_scored_separately_when_the_split_matches():
    gold = [part("篇1", [0, 100], cities=["焦作市"]), part("篇2", [100, 200], cities=["彬州市"])]
    pred = [part("p1", [0, 98], cities=["彬州市"]), part("p2", [101, 200], cities=["彬州市"])]
    s = score_file({"doc": "a", "parts": gold}, {"doc": "a", "parts": pred}, ["cities"]).fields["cities"]
    assert (s.gold, s.found, s.predicted, s.correct) == (2, 1, 2, 1)


def test_officials_by_name_roles_as_pairs_and_scripts_normalised():
    gold = [part("whole", [0, 50], officials=[{"name": "徐衣显", "roles": ["主持", "颁奖"]}])]
    pred = [part("whole", [0, 50], officials=[{"name": "徐衣顯", "roles": ["主持"]}])]
    report = score_file({"doc": "a", "parts": gold}, {"doc": "a", "parts": pred}, ["officials", "roles"])
    assert report.fields["officials"].f1 == 1.0
    assert report.fields["roles"].recall == 0.5 and report.fields["roles"].precision == 1.0


def test_cited_documents_ignore_title_marks_and_spaces():
    gold = [part("whole", [0, 9], cited_documents=["杭锦旗2020年工作方案"])]
    pred = [part("whole", [0, 9], cited_documents=["《杭锦旗 2020 年工作方案》"])]
    assert score_file({"doc": "a", "parts": gold}, {"doc": "a", "parts": pred},
                      ["cited_documents"]).fields["cited_documents"].f1 == 1.0


def test_tactics_match_by_phrase_or_overlapping_evidence():
    gold = [part("whole", [0, 9], tactics=[{"tactic": "门前五包", "evidence": "深入开展“门前五包”"},
                                           {"tactic": "网格化管理", "evidence": "全面落实网格化管理"},
                                           {"tactic": "路长制", "evidence": "全面落实路长制"}])]
    pred = [part("whole", [0, 9], tactics=[{"tactic": "门前责任区", "evidence": "开展“门前五包”活动"},
                                           {"tactic": "网格化管理", "evidence": "别处"},
                                           {"tactic": "垃圾分类", "evidence": "推行垃圾分类"}])]
    s = score_file({"doc": "a", "parts": gold}, {"doc": "a", "parts": pred}, ["tactics"]).fields["tactics"]
    assert (s.gold, s.found, s.predicted, s.correct) == (3, 2, 3, 2)


def test_a_missing_prediction_misses_everything():
    report = score_file({"doc": "a", "parts": [part("whole", [0, 9], cities=["焦作市"])]}, None, ["cities"])
    assert report.unmatched == ["a"] and report.fields["cities"].recall == 0.0


def test_gold_without_spans_and_bare_strings_is_scored_as_a_whole_file():
    """A hand annotation that gives no char_span and lists tactics and metrics as plain strings."""
    gold = [{"part": "whole", "cities": ["许昌市"], "tactics": ["网格化管理", "红黑榜"], "metrics": ["54个"]}]
    pred = [part("篇1", [0, 50], cities=["许昌市"], tactics=[{"tactic": "网格化管理", "evidence": "推行网格化管理"}],
                 metrics=[{"indicator": "城中村", "value": "54个", "evidence": "改造城中村54个"}]),
            part("篇2", [50, 90], cities=["许昌市"])]
    report = score_file({"doc": "a", "parts": gold}, {"doc": "a", "parts": pred}, ["cities", "tactics", "metrics"])
    cities, tactics, metrics = (report.fields[f] for f in ("cities", "tactics", "metrics"))
    assert (cities.gold, cities.found) == (1, 1)
    assert (tactics.gold, tactics.found, tactics.predicted) == (2, 1, 1)
    assert (metrics.gold, metrics.found) == (1, 1)
    assert [e.item for e in report.errors if e.kind == "miss"] == ["红黑榜 ()"]
