"""Export: GEXF, GraphML or CSV of the whole graph or of what the current filters show."""

import streamlit as st

from dashboard.services import EXPORT_FORMATS, TacticFilters
from dashboard.widgets import L, data, page_store

st.header(L("Export"))
store = page_store()
if store is None:
    st.stop()

fmt = st.radio(L("Format"), EXPORT_FORMATS, format_func=str.upper, horizontal=True, key="export_format")
filters: TacticFilters = st.session_state.get("current_filters") or TacticFilters()
scopes = ["Whole graph", "What the current filters show"]
names = {s: L(s) for s in scopes}
scope = st.radio(L("Scope"), scopes, format_func=names.get, horizontal=True, key="export_scope")
if scope == scopes[1]:
    st.caption(L("The filters are those of the Cities × tactics page.") + f" {filters}")

try:
    name, payload, mime = data("export_bytes", fmt, filters if scope == scopes[1] else None)
except ValueError as exc:  # filters the exporter refuses (an empty date range …)
    st.error(str(exc))
    st.stop()
st.download_button(f"{L('Download')} {name}", payload, file_name=name, mime=mime, key="export_download")
st.caption(f"{len(payload):,} bytes")
