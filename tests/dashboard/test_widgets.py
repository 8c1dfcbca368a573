"""Reusable widgets, each run on its own with AppTest.from_function."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _picker_app():
    import streamlit as st

    from dashboard.widgets import entity_picker

    st.session_state["lang"] = "en"
    chosen = entity_picker("Entity", "w")
    st.write(f"chosen={chosen.label}:{chosen.key}" if chosen else "chosen=none")


def test_entity_picker_returns_the_chosen_entity(campaign_store, monkeypatch):
    monkeypatch.setenv("CCKG_STORE", str(campaign_store))
    at = AppTest.from_function(_picker_app, default_timeout=60).run()
    assert any("chosen=none" in m.value for m in at.markdown)
    at.text_input(key="w_q").input("志愿").run()
    assert set(at.selectbox(key="w_pick").options) == {"志愿服务 (TacticCategory)", "志愿服务积分 (Tactic)"}
    at.text_input(key="w_q").input("志願服務積分").run()  # traditional script, exact name first
    assert any("chosen=Tactic:志愿服务积分" in m.value for m in at.markdown)


def _evidence_app():
    import pandas as pd

    from dashboard.widgets import evidence_list

    evidence_list(pd.DataFrame([["d1", "标题[一]", "2020-01-02", "一句证据。"], ["d2", None, None, ""]],
                               columns=["doc_id", "title", "date_iso", "sentence"]))


def test_evidence_list_links_every_sentence_to_its_document():
    at = AppTest.from_function(_evidence_app, default_timeout=30).run()
    text = "\n".join(m.value for m in at.markdown)
    assert "一句证据。" in text and "(profiles?doc=d1)" in text and "(profiles?doc=d2)" in text
    assert "[标题(一)]" in text  # brackets in a title cannot break the link
    assert "2020-01-02" in text
