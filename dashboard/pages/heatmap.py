"""Cities × tactics: which cities cite which tactics, with the sentences that prove each cell."""

import datetime as dt

import altair as alt
import streamlit as st

from dashboard.services import HEATMAP_TOP_CITIES, TacticFilters
from dashboard.widgets import L, data, evidence_list, page_store

st.header(L("Cities × tactics"))
store = page_store()
if store is None:
    st.stop()

options = data("filter_options")
with st.expander(L("Filters"), expanded=True):
    c1, c2, c3 = st.columns(3)
    categories = c1.multiselect(L("Tactic category"), options["categories"], key="hm_categories")
    provinces = c2.multiselect(L("Province"), options["provinces"], key="hm_provinces")
    campaigns = c3.multiselect(L("Campaign"), options["campaigns"], key="hm_campaigns")
    c4, c5, c6 = st.columns([2, 1, 1])
    date_range = ()
    if options["dates"]:
        first, last = (dt.date.fromisoformat(d[:10]) for d in options["dates"])
        date_range = c4.date_input(L("Date range"), value=(), min_value=first, max_value=last, key="hm_dates")
    min_docs = c5.number_input(L("Minimum documents"), min_value=1, value=1, step=1, key="hm_min_docs")
    top = c6.number_input(L("Cities shown"), min_value=1, max_value=500, value=HEATMAP_TOP_CITIES, step=10,
                          key="hm_top")

date_from = date_range[0].isoformat() if len(date_range) >= 1 else None
date_to = date_range[1].isoformat() if len(date_range) == 2 else None
filters = TacticFilters(tuple(categories), tuple(provinces), tuple(campaigns), date_from, date_to, int(min_docs))
st.session_state["current_filters"] = filters
heatmap = data("city_tactic_matrix", filters, int(top))
cells = heatmap.cells
if cells.empty:
    if filters == TacticFilters():
        st.info(L("No document about a city cites a tactic yet: load documents and run the tactic extractor."))
    else:
        st.info(L("No cell matches these filters."))
    st.stop()
cities = heatmap.shown  # busiest first, so the default cell is the best-attested one
st.caption(L("Cities shown: the busiest by documents citing the tactics") + f" · {len(cities)} / {len(heatmap.cities)}")

pick = alt.selection_point(fields=["city", "tactic"], name="cell")
chart = (alt.Chart(cells).mark_rect(stroke="white").encode(
    x=alt.X("tactic:N", title=L("Tactic"), axis=alt.Axis(labelAngle=-40)),
    y=alt.Y("city:N", title=L("City"), sort=cities),
    color=alt.Color("documents:Q", scale=alt.Scale(scheme="oranges"), title=L("Documents")),
    opacity=alt.condition(pick, alt.value(1.0), alt.value(0.55)),
    tooltip=["city:N", "province:N", "tactic:N", "category:N", "documents:Q", "first_seen:N"],
).add_params(pick))
height = 120 + 28 * len(cities)
event = st.altair_chart(chart, width="stretch", height=height, on_select="rerun", key="hm_chart")

chosen = (event.selection.get("cell") or [{}])[0] if event and event.selection else {}
# a click on the chart chooses the cell once; the boxes below stay free to choose another
if chosen == st.session_state.get("hm_last_click"):
    chosen = {}
else:
    st.session_state["hm_last_click"] = chosen
c1, c2 = st.columns(2)
if chosen.get("city") in cities:
    st.session_state["hm_city"] = chosen["city"]
elif st.session_state.get("hm_city") not in cities:
    st.session_state.pop("hm_city", None)
city = c1.selectbox(L("City"), cities, key="hm_city")
tactics = list(cells.loc[cells["city"] == city].sort_values("documents", ascending=False, kind="stable")["tactic"])
if chosen.get("tactic") in tactics:
    st.session_state["hm_tactic"] = chosen["tactic"]
elif st.session_state.get("hm_tactic") not in tactics:
    st.session_state.pop("hm_tactic", None)
tactic = c2.selectbox(L("Tactic"), tactics, key="hm_tactic")
st.caption(L("Choose a cell (or click one in the heatmap) to see its evidence."))

st.subheader(f"{L('Evidence sentences')}: {city} × {tactic}")
adcode = cells.loc[cells["city"] == city, "adcode"].iloc[0]
evidence_list(data("cell_evidence", adcode, tactic, filters))
