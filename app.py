"""cckg dashboard (Streamlit). Start with `cckg app --store DIR` or `CCKG_STORE=DIR streamlit run app.py`."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from graph.embedded import EmbeddedStore, StoreError

STORE = os.environ.get("CCKG_STORE", "cckg-data")


@st.cache_resource
def open_store(path: str) -> EmbeddedStore:
    return EmbeddedStore(path, read_only=True)


@st.cache_data
def frame(path: str, cypher: str) -> pd.DataFrame:
    columns, rows = open_store(path).query(cypher)
    return pd.DataFrame(rows, columns=columns)


st.set_page_config(page_title="cckg", layout="wide")
st.title("cckg · 文明城市创建知识图谱")
st.sidebar.write(f"Store: `{STORE}`")
try:
    open_store(STORE)
except StoreError as exc:
    st.info(str(exc))
    st.stop()

cities = frame(STORE, "MATCH (c:City)<-[m:MENTIONS]-(d:Document) "
                      "RETURN c.name AS city, c.province AS province, count(DISTINCT d) AS documents "
                      "ORDER BY documents DESC, city")
documents = frame(STORE, "MATCH (d:Document) RETURN d.title AS title, d.kind AS kind, d.script AS script, "
                         "d.chars AS chars, d.source AS source ORDER BY title")
left, right = st.columns(2)
left.metric("Cities", len(cities))
right.metric("Documents", len(documents))
st.subheader("Cities")
if cities.empty:
    st.info("No cities yet: load documents with `cckg load FILES`.")
else:
    st.dataframe(cities, hide_index=True, use_container_width=True)
st.subheader("Documents")
st.dataframe(documents, hide_index=True, use_container_width=True)
