"""cckg dashboard (Streamlit). Start with `cckg app --store DIR` or `CCKG_STORE=DIR streamlit run app.py`.

Layers: dashboard/stores.py (opening stores) -> dashboard/services.py (questions as data
frames, no Streamlit) -> dashboard/widgets.py (reusable pieces) -> pages/ (thin layouts).
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `streamlit run` from anywhere finds dashboard/

from dashboard.widgets import L, language_switch, store_sidebar  # noqa: E402

st.set_page_config(page_title="cckg", layout="wide")
language_switch()
st.sidebar.title("cckg")
st.sidebar.caption("文明城市创建知识图谱 · civilized-city campaigns")

PAGES = [
    ("dashboard/pages/overview.py", "Overview", ":material/insights:", "overview"),
    ("dashboard/pages/heatmap.py", "Cities × tactics", ":material/grid_on:", "heatmap"),
    ("dashboard/pages/paths.py", "Paths", ":material/route:", "paths"),
    ("dashboard/pages/profiles.py", "Profiles", ":material/badge:", "profiles"),
    ("dashboard/pages/console.py", "Cypher console", ":material/terminal:", "console"),
    ("dashboard/pages/export.py", "Export", ":material/download:", "export"),
]
navigation = st.navigation([st.Page(path, title=L(title), icon=icon, url_path=url, default=url == "overview")
                            for path, title, icon, url in PAGES])
store_sidebar()
navigation.run()
