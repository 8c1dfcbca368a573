"""Path explorer: how two entities connect, and what surrounds one."""

import streamlit as st

from dashboard.services import edges_table, paths_table
from dashboard.widgets import L, data, entity_picker, graph_view, page_store, table

st.header(L("Paths"))
store = page_store()
if store is None:
    st.stop()

between, around = st.tabs([L("Shortest paths") + " / " + L("All paths up to k hops"), L("Neighbourhood")])

with between:
    c1, c2, c3 = st.columns([2, 2, 1])
    with c1:
        a = entity_picker(L("From"), "path_a")
    with c2:
        b = entity_picker(L("To"), "path_b")
    hops = c3.slider(L("Max hops"), 1, 6, 3, key="path_hops")
    if a and b:
        shortest = data("shortest_paths", a, b, 12)
        everything = data("all_paths", a, b, hops)
        st.subheader(L("Shortest paths"))
        if not shortest:
            st.info(L("No path found within this many hops."))
        else:
            graph_view(shortest, key="graph_shortest", height=380)
            table(paths_table(shortest))
        st.subheader(f"{L('All paths up to k hops')} (k = {hops})")
        if not everything:
            st.info(L("No path found within this many hops."))
        else:
            graph_view(everything, key="graph_all", height=420)
            table(paths_table(everything))
            st.caption(L("Relationships and their evidence"))
            table(edges_table(everything))

with around:
    c1, c2 = st.columns([3, 1])
    with c1:
        center = entity_picker(L("Entity"), "hood")
    k = c2.slider(L("Hops"), 1, 3, 1, key="hood_hops")
    if center:
        hood = data("neighbourhood", center, k)
        graph_view(hood, key="graph_hood", height=480)
        st.caption(L("Relationships and their evidence"))
        table(edges_table(hood))
