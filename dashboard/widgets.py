"""Reusable Streamlit pieces: the open store, cached queries, labels, pickers, graph and evidence views.

Pages call these and lay the results out; the questions themselves live in
dashboard.services (no Streamlit there).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pandas as pd
import streamlit as st

from dashboard import services
from dashboard.i18n import LANGUAGES, t
from dashboard.services import Entity, Subgraph
from dashboard.stores import ReadStore, StoreError, connect, default_target, is_neo4j

# One colour per label (colour-blind-safe Okabe-Ito first, then Tableau).
LABEL_COLOURS = {
    "City": "#0072B2", "Document": "#999999", "Tactic": "#D55E00", "TacticCategory": "#E69F00",
    "Official": "#009E73", "Meeting": "#56B4E9", "Campaign": "#CC79A7", "Honour": "#B8860B",
    "Metric": "#8C564B", "Publication": "#7F7F7F", "Organization": "#17BECF", "Person": "#BCBD22",
    "Slogan": "#9467BD", "SourceFile": "#C7C7C7",
}
HONOUR_COLOURS = {"awarded": "#D55E00", "renewal_review": "#E69F00", "nominated": "#CC79A7",
                  "pursuing": "#56B4E9", services.NO_HONOUR: "#999999"}


# language --------------------------------------------------------------------------
def lang() -> str:
    return st.session_state.get("lang", "zh")


def L(key: str) -> str:
    """The label for `key` in the chosen language."""
    return t(key, lang())


def language_switch() -> None:
    names = list(LANGUAGES)
    current = next(n for n, code in LANGUAGES.items() if code == lang())
    choice = st.sidebar.radio("Language / 语言", names, index=names.index(current), horizontal=True, key="lang_choice")
    st.session_state["lang"] = LANGUAGES[choice]


# the store -----------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _open(target: str, user: str | None, password: str | None, database: str | None) -> ReadStore:
    return connect(target, user, password, database)


def _target() -> dict[str, Any]:
    return st.session_state.get("store_target") or {"target": default_target(), "user": None, "password": None,
                                                     "database": None}


def store_cache_key() -> str:
    """Identifies the open store in cached query results (the URI or directory, never the password)."""
    target = _target()
    return f"{target['target']}|{target['user'] or ''}|{target['database'] or ''}"


def current_store() -> ReadStore | None:
    """The open store, or None after showing what to do (missing, locked or unreachable store)."""
    target = _target()
    try:
        return _open(target["target"], target["user"], target["password"], target["database"])
    except StoreError as exc:
        st.info(str(exc))
        return None


def store_sidebar() -> None:
    """Says which store is open and offers to switch to a Neo4j server or another directory."""
    target = _target()
    kind = L("Neo4j server") if is_neo4j(target["target"]) else L("Embedded store")
    st.sidebar.markdown(f"**{L('Store')}** · {kind}")
    st.sidebar.code(target["target"], language=None)
    with st.sidebar.expander(L("Switch store")):
        with st.form("store_form"):
            uri = st.text_input(L("Store directory or Neo4j URI"), value=target["target"], key="store_uri")
            user = st.text_input(L("User"), value=target["user"] or "neo4j", key="store_user")
            password = st.text_input(L("Password"), type="password", key="store_password")
            database = st.text_input(L("Database"), value=target["database"] or "", key="store_database")
            if st.form_submit_button(L("Connect")):
                neo = is_neo4j(uri)
                st.session_state["store_target"] = {
                    "target": uri.strip(), "user": user if neo else None, "password": password if neo else None,
                    "database": (database or None) if neo else None}
                st.rerun()
        if st.session_state.get("store_target") and st.button(L("Use the default store"), key="store_reset"):
            del st.session_state["store_target"]
            st.rerun()


def page_store() -> ReadStore | None:
    """The store for a page, or None after a helpful message (no store, or an empty one)."""
    store = current_store()
    if store is None:
        return None
    try:
        empty = data("is_empty")
    except (StoreError, RuntimeError) as exc:  # an unreachable server, a broken store
        st.info(f"{store.describe()}: {exc}")
        return None
    if empty:
        st.info(L("The store is empty: load documents with `cckg load FILES --store DIR`."))
        return None
    return store


# cached service calls -------------------------------------------------------------------
@st.cache_data(ttl=300, show_spinner=False, max_entries=256)
def _cached(store_key: str, name: str, args: tuple, kwargs: tuple) -> Any:
    target = _target()
    store = _open(target["target"], target["user"], target["password"], target["database"])
    return getattr(services, name)(store, *args, **dict(kwargs))


def data(name: str, *args: Any, **kwargs: Any) -> Any:
    """services.<name>(store, *args, **kwargs), cached per store for five minutes."""
    return _cached(store_cache_key(), name, args, tuple(sorted(kwargs.items())))


# views --------------------------------------------------------------------------------
def table(df: pd.DataFrame, empty: str = "Nothing recorded.", **kwargs: Any) -> None:
    """A data frame with translated column names, without columns that hold nothing."""
    if df is None or df.empty:
        st.caption(L(empty))
        return
    shown = df.dropna(axis=1, how="all")
    st.dataframe(shown.rename(columns=lambda c: L(str(c))), hide_index=True, width="stretch", **kwargs)


def text(value: Any, default: str = "") -> str:
    """A cell as text: None and pandas' missing values (NaN) become `default`."""
    if value is None or (isinstance(value, float) and value != value):
        return default
    if isinstance(value, (list, tuple)):
        return "、".join(text(v) for v in value)
    return str(value) or default


def doc_link(doc_id: str, title: str | None) -> str:
    """A markdown link to the document's profile page."""
    label = text(title, doc_id).replace("[", "(").replace("]", ")")
    return f"[{label}](profiles?doc={quote(doc_id)})"


def evidence_list(df: pd.DataFrame) -> None:
    """Sentences with a link to their document each (columns doc_id, title, date_iso, sentence)."""
    if df.empty:
        st.caption(L("Nothing recorded."))
        return
    for row in df.itertuples(index=False):
        date = f" · {row.date_iso}" if text(row.date_iso) else ""
        st.markdown(f"> {text(row.sentence, '…')}\n\n{doc_link(row.doc_id, row.title)}{date}")


def entity_picker(label: str, key: str, labels: list[str] | None = None, default: str = "") -> Entity | None:
    """A search box that finds entities by a substring of their name (either script) and a choice of matches."""
    text = st.text_input(f"{label} · {L('Search a name (simplified or traditional)')}", value=default, key=f"{key}_q")
    if not text.strip():
        st.caption(L("Type part of a name to search."))
        return None
    found = data("search_entities", text, tuple(labels) if labels else None)
    if not found:
        st.caption(L("Nothing matches this name."))
        return None
    return st.selectbox(label, found, format_func=lambda e: e.title, key=f"{key}_pick")


def graph_view(graph: Subgraph, key: str, height: int = 520) -> None:
    """Draw a subgraph with neo4j-viz (the official Neo4j component; self-contained, works offline)."""
    if not graph:
        return
    try:
        from neo4j_viz import Node, Relationship, VisualizationGraph
        from neo4j_viz.streamlit import display_widget
    except ImportError:
        st.graphviz_chart(_dot(graph), width="stretch")
        return
    nodes = [Node(id=nid, caption=_short(d["name"]), color=LABEL_COLOURS.get(d["label"], "#666666"),
                  size=30 if d["label"] in ("City", "Tactic", "Official") else 22,
                  properties={"label": d["label"], "key": d["key"], "name": d["name"]})
             for nid, d in graph.nodes.items()]
    rels = [Relationship(id=f"{i}", source=src, target=dst, caption=type_,
                         properties={"type": type_, "sentence": services._first_sentence(props.get("sentences"))})
            for i, ((src, type_, dst), props) in enumerate(graph.edges.items())]
    vg = VisualizationGraph(nodes=nodes, relationships=rels)
    present = sorted({d["label"] for d in graph.nodes.values()})
    vg.set_legend(nodes={label: LABEL_COLOURS.get(label, "#666666") for label in present})
    widget = vg.render_widget(height=f"{height}px", theme="light", show_layout_button=False)
    display_widget(widget, key=key)


def _short(name: str, n: int = 14) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def _dot(graph: Subgraph) -> str:
    lines = ["graph G {", "node [shape=box, style=rounded, fontname=\"Noto Sans CJK SC\"];"]
    for nid, d in graph.nodes.items():
        lines.append(f"\"{nid}\" [label=\"{_short(d['name'])}\", color=\"{LABEL_COLOURS.get(d['label'], '#666666')}\"];")
    for src, type_, dst in graph.edges:
        lines.append(f"\"{src}\" -- \"{dst}\" [label=\"{type_}\"];")
    return "\n".join(lines + ["}"])
