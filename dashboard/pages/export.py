"""Export: GEXF, GraphML or CSV of the whole graph or of what the current filters show.

The file is built when the user clicks (a deferred download): a render only counts what the store holds.
"""

import streamlit as st

from dashboard.services import (
    EXPORT_FORMATS,
    TacticFilters,
    export_bytes,
    export_file,
    export_filters,
)
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
chosen = filters if scope == scopes[1] else None
try:
    export_filters(chosen)  # refuse now what the exporter would refuse on click
except ValueError as exc:  # an empty date range …
    st.error(str(exc))
    st.stop()

counts = data("graph_counts")
c1, c2 = st.columns(2)
c1.metric(f"{L('Whole graph')} · {L('Nodes')}", f"{counts['nodes']:,}")
c2.metric(f"{L('Whole graph')} · {L('Relationships')}", f"{counts['relationships']:,}")
if chosen is not None:
    st.caption(L("The filters are those of the Cities × tactics page.") + f" {filters}")

name, mime = export_file(fmt)


def payload() -> bytes:
    return export_bytes(store, fmt, chosen)[1]


st.download_button(f"{L('Download')} {name}", payload, file_name=name, mime=mime, key="export_download")
st.caption(L("Prepared when you click: the export is built from the store at that moment."))
