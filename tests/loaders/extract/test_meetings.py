"""Meetings: the recorded meeting's name, type and date, and other meetings a text mentions."""

from __future__ import annotations

from graph.bundle import GraphBundle
from loaders.extract import meetings
from tests.loaders.extract.textdoc import text_document


def test_name_before_its_verb_wins_and_keeps_the_city():
    doc = text_document("常德市召开誓师大会\n5月20日下午，常德市创建国家卫生城市迎检誓师大会在市民之家召开。")
    result = meetings.gold(doc)
    assert result["meeting"] == {"name": "常德市创建国家卫生城市迎检誓师大会", "type": "迎检誓师大会"}
    assert meetings.analyse_meetings(doc).date == {"text": "5月20日下午", "iso": None}


def test_speech_heading_gives_the_meeting_and_a_written_year_gives_iso():
    doc = text_document("在全县创建全国县级文明城市动员大会上的讲话\n（2024年4月2日）\n同志们：")
    assert meetings.gold(doc)["meeting"] == {"name": "全县创建全国县级文明城市动员大会", "type": "动员大会"}
    assert meetings.analyse_meetings(doc).date["iso"] == "2024-04-02"


def test_joint_meeting_type_keeps_both_heads():
    assert meetings.meeting_type("创建卫生城市总结表彰暨创建文明城市动员大会") == "表彰暨动员大会"


def test_another_meetings_date_is_not_the_documents():
    doc = text_document("今天我们召开全市总结大会。11月3日，省委在郑州召开全省精神文明建设表彰大会，我市受到表彰。")
    analysis = meetings.analyse_meetings(doc)
    assert analysis.main.name == "全市总结大会"
    assert analysis.date["text"] is None
    assert analysis.others[0]["name"] == "全省精神文明建设表彰大会"
    assert analysis.others[0]["date_text"] == "11月3日"


def test_extractor_records_the_meeting_in_the_city():
    doc = text_document("衢州市召开创建全国文明城市“迎检冲刺”调度会。")
    bundle = GraphBundle()
    meetings.MeetingExtractor()(doc, bundle)
    [meeting] = bundle.nodes_of("Meeting")
    assert meeting.props["type"] == "调度会"
    assert [e.dst for e in bundle.edges_of("HELD_IN")] == [("City", "330800")]
    assert len(bundle.edges_of("RECORDS")) == 1


def test_ingestion_metadata_is_the_fallback_and_its_date_is_read():
    named = text_document("今天我们召开全市创建全国文明城市推进会。", meeting_name="创建全国文明城市推进会",
                          meeting_type="推进会")
    assert meetings.gold(named)["meeting"] == {"name": "全市创建全国文明城市推进会", "type": "推进会"}
    unnamed = text_document("同志们，下面我讲几点意见。", meeting_name="全市创建工作推进会", meeting_type="推进会",
                            date_text="3月1日", date_iso=None)
    assert meetings.gold(unnamed)["meeting"] == {"name": "全市创建工作推进会", "type": "推进会"}
    assert meetings.analyse_meetings(unnamed).date == {"text": "3月1日", "iso": None}
