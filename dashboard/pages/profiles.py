"""Profiles of a city, an official, a tactic or a document (links may pass ?doc=ID, ?city=ADCODE …)."""

import html

import streamlit as st

from dashboard.services import highlight_spans
from dashboard.widgets import L, data, doc_link, page_store, table, text

st.header(L("Profiles"))
store = page_store()
if store is None:
    st.stop()

KINDS = {"City": "city", "Official": "official", "Tactic": "tactic", "Document": "doc"}
asked = next((kind for kind, param in KINDS.items() if param in st.query_params), None)
if asked and "profile_kind" not in st.session_state:
    st.session_state["profile_kind"] = asked
names = {k: L(k) for k in KINDS}
kind = st.radio(L("Kind of profile"), list(KINDS), format_func=names.get, horizontal=True, key="profile_kind")

entities = data("entity_list", kind)
if not entities:
    st.info(L("Nothing of this kind in the store yet."))
    st.stop()
wanted = st.query_params.get(KINDS[kind])
index = next((i for i, e in enumerate(entities) if e.key == wanted), 0)
entity = st.selectbox(L(kind), entities, index=index, format_func=lambda e: e.name, key=f"profile_{kind}")
st.query_params[KINDS[kind]] = entity.key


def city(adcode: str) -> None:
    p = data("city_profile", adcode)
    facts = p["facts"].iloc[0]
    st.subheader(f"{facts['name']} · {text(facts['province'])} · {facts['adcode']}")
    if not p["campaigns"].empty:
        st.write(L("Campaigns") + ": " + "、".join(p["campaigns"]["campaign"]))
    left, right = st.columns(2)
    with left:
        st.markdown(f"#### {L('Officials')} · {L('Posts')}")
        table(p["officials"].drop(columns=["person_id"]))
        st.markdown(f"#### {L('Honours')}")
        table(p["honours"])
    with right:
        st.markdown(f"#### {L('Meeting timeline')}")
        table(p["meetings"].drop(columns=["meeting_id"]))
        st.markdown(f"#### {L('Metrics')}")
        table(p["metrics"])
    st.markdown(f"#### {L('Tactics by category')}")
    tactics = p["tactics"]
    if tactics.empty:
        st.caption(L("Nothing recorded."))
    else:
        for category, group in tactics.groupby("category", sort=True):
            st.markdown(f"**{text(category, '—')}**: " + "、".join(f"{r.tactic} ({r.documents})" for r in group.itertuples()))
    st.markdown(f"#### {L('Documents')}")
    for r in p["documents"].itertuples():
        st.markdown(f"- {doc_link(r.doc_id, r.title)} {text(r.date_iso)}")


def official(person_id: str) -> None:
    p = data("official_profile", person_id)
    facts = p["facts"].iloc[0]
    st.subheader(text(facts["name"]))
    st.markdown(f"#### {L('Posts')}")
    table(p["posts"])
    st.markdown(f"#### {L('Meetings')} · {L('Roles')}")
    table(p["meetings"].drop(columns=["meeting_id"]))
    st.markdown(f"#### {L('Documents')}")
    for r in p["documents"].itertuples():
        roles = text(r.roles)
        st.markdown(f"- {doc_link(r.doc_id, r.document)} {text(r.date_iso)} {roles}")


def tactic(name: str) -> None:
    p = data("tactic_profile", name)
    facts = p["facts"].iloc[0]
    st.subheader(text(facts["name"]))
    st.write(f"{L('Category')}: {text(facts['category'], '—')}")
    if text(facts["description"]):
        st.write(f"{L('Description')}: {text(facts['description'])}")
    st.markdown(f"#### {L('Adoption across cities')}")
    adoption = p["adoption"].copy()
    adoption["role"] = adoption["role"].map(L)
    table(adoption)


def document(doc_id: str) -> None:
    p = data("document_profile", doc_id)
    meta = p["meta"]
    st.subheader(text(meta["title"], doc_id))
    st.caption(" · ".join(text(v) for v in (text(meta["date_text"]) or meta["date_iso"], meta["kind"], meta["part"],
                                            meta["script"], meta["encoding"], meta["source"]) if text(v)))
    st.markdown(f"#### {L('Extracted entities')}")
    table(p["entities"].drop(columns=["key", "forms"]))
    st.markdown(f"#### {L('Cleaned text (entities highlighted)')}")
    runs = highlight_spans(p["clean"], [f for forms in p["entities"]["forms"] for f in forms])
    marked = "".join(f"<mark>{html.escape(s)}</mark>" if hit else html.escape(s) for s, hit in runs)
    st.markdown(f"<div class='cckg-text' style='white-space: pre-wrap; line-height: 1.8'>{marked}</div>",
                unsafe_allow_html=True)
    st.markdown(f"#### {L('Removals made by cleaning')}")
    table(p["removals"])
    with st.expander(L("Original text")):
        st.text(p["original"])


{"City": city, "Official": official, "Tactic": tactic, "Document": document}[kind](entity.key)
