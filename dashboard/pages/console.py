"""Cypher console: read-only, with a row limit and a time limit; results as a table and as a graph."""

import json

import streamlit as st

from dashboard.services import (
    ConsoleError,
    catalogue,
    run_read_only,
    with_edge_sentences,
)
from dashboard.widgets import L, current_store, graph_view

st.header(L("Cypher console"))
store = current_store()
if store is None:
    st.stop()
st.caption(L("Read-only: queries that write are refused."))

entries = catalogue()
names = [e.name for e in entries]
picked = st.selectbox(L("Catalogue query"), ["—", *names], key="console_pick",
                      format_func=lambda n: n if n == "—" else f"{n} · {entries[names.index(n)].purpose}")
if picked != "—" and st.session_state.get("console_loaded") != picked:
    entry = entries[names.index(picked)]
    st.session_state["console_query"] = entry.text
    st.session_state["console_params"] = json.dumps(entry.params, ensure_ascii=False)
    st.session_state["console_loaded"] = picked

st.session_state.setdefault("console_query", "MATCH (c:City) RETURN c.name AS city, c.province AS province LIMIT 25")
st.session_state.setdefault("console_params", "{}")
query = st.text_area(L("Query"), key="console_query", height=160)
c1, c2, c3 = st.columns([3, 1, 1])
params_text = c1.text_input(L("Parameters (JSON)"), key="console_params")
row_limit = c2.number_input(L("Row limit"), min_value=1, max_value=100_000, value=1000, step=100, key="console_rows")
timeout = c3.number_input(L("Time limit (s)"), min_value=1, max_value=300, value=10, key="console_timeout")

if st.button(L("Run"), type="primary", key="console_run"):
    try:
        params = json.loads(params_text or "{}")
        if not isinstance(params, dict):
            raise ValueError
    except ValueError:
        st.error(L("Parameters must be a JSON object."))
        st.stop()
    try:
        result = run_read_only(store, query, params, row_limit=int(row_limit), timeout_s=float(timeout))
    except ConsoleError as exc:
        st.error(str(exc))
        st.stop()
    st.session_state["console_result"] = result

result = st.session_state.get("console_result")
if result is not None:
    note = f"{len(result.rows)} {L('rows')} · {result.seconds:.2f} s"
    if result.truncated:
        note += f" · {L('more rows were cut at the row limit')}"
    st.caption(note)
    if not result.rows:
        st.info(L("The query returned no rows."))
        st.stop()
    as_table, as_graph = st.tabs([L("Table"), L("Graph")])
    with as_table:
        st.dataframe(result.table(), hide_index=True, width="stretch")
    with as_graph:
        graph = with_edge_sentences(store, result.subgraph())
        if graph:
            graph_view(graph, key="graph_console", height=460)
        else:
            st.caption(L("The result holds no nodes or paths to draw."))
