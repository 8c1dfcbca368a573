"""Overview: what the store holds, where and when, and a map of the cities."""

import altair as alt
import streamlit as st

from dashboard.services import HONOUR_STATUSES, NO_HONOUR, map_view
from dashboard.widgets import HONOUR_COLOURS, L, data, page_store, table

st.header(L("Overview"))
store = page_store()
if store is None:
    st.stop()

counts = data("label_counts")
by_label = dict(zip(counts["label"], counts["count"]))
for column, label in zip(st.columns(5), ("Document", "City", "Tactic", "Official", "Honour")):
    column.metric(L(label + "s" if label != "City" else "Cities"), int(by_label.get(label, 0)))

cities = data("documents_per_city")
left, right = st.columns([3, 2])
with left:
    st.subheader(L("Documents per city"))
    table(cities[["city", "province", "documents"]])
with right:
    st.subheader(L("Nodes per label"))
    table(counts)

st.subheader(L("Map of the cities"))
points = data("city_map", per_city=cities)
if points.empty:
    st.caption(L("No city has coordinates."))
else:
    domain = [*HONOUR_STATUSES, NO_HONOUR]
    base = alt.Chart(points).encode(longitude="lon:Q", latitude="lat:Q")
    circles = base.mark_circle(opacity=0.75, stroke="white", strokeWidth=0.5).encode(
        size=alt.Size("documents:Q", scale=alt.Scale(range=[30, 900]), title=L("Documents"),
                      legend=alt.Legend(format="d", tickMinStep=1)),
        color=alt.Color("honour:N", scale=alt.Scale(domain=domain, range=[HONOUR_COLOURS[d] for d in domain]),
                        title=L("Honours")),
        tooltip=["city:N", "province:N", "documents:Q", "honour:N", "honours:N"])
    # districts and counties crowd their city: name only cities above county level
    labels = (base.transform_filter((alt.datum.documents > 0) & (alt.datum.level != "county"))
              .mark_text(dy=-12, fontSize=11).encode(text="city:N"))
    center, scale = map_view(points["lon"], points["lat"], width=720, height=440)
    chart = (circles + labels).project(type="mercator", center=center, scale=scale).properties(height=460)
    st.altair_chart(chart, width="stretch")
    st.caption(L("Map: circle size = documents, colour = strongest honour status."))

left, right = st.columns(2)
with left:
    st.subheader(L("Documents per year"))
    years = data("documents_per_year")
    if years.empty:
        st.caption(L("Nothing recorded."))
    else:
        st.bar_chart(years, x="year", y="documents", height=240)
with right:
    st.subheader(L("Top tactics"))
    table(data("top_tactics"), empty="No tactics extracted yet.")
    st.subheader(L("Top campaigns"))
    table(data("top_campaigns"), empty="No campaigns extracted yet.")
