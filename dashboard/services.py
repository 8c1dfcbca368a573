"""The dashboard's questions, as functions that return data frames.

Pure Python: no Streamlit here. Every function takes a store (anything with
``query(cypher, params) -> (columns, rows)``: graph.embedded.EmbeddedStore, or the
Neo4j store after the merge) and answers one question. Filtering and aggregation
that would need dialect-specific Cypher happen in pandas, so the statements stay
plain `MATCH … RETURN` that both LadybugDB and Neo4j accept.
"""

from __future__ import annotations

import contextlib
import functools
import tempfile
import time
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from graph.model import ENTITY_LABELS, NODES, RELS
from graph.sentences import document_text, sentence_texts, with_sentences


class Store(Protocol):
    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]: ...


# The property a person reads as the node's name, per label.
CAPTION: dict[str, str] = {
    "Document": "title", "SourceFile": "name", "City": "name", "Official": "name", "Person": "name",
    "Meeting": "name", "Campaign": "name", "Honour": "title", "Metric": "indicator", "Tactic": "name",
    "TacticCategory": "name", "Publication": "title", "Organization": "name", "Slogan": "text", "Sentence": "text",
}


# Honour statuses from strongest to weakest (the map colours a city by its strongest).
HONOUR_STATUSES = ("awarded", "renewal_review", "nominated", "pursuing")
NO_HONOUR = "none"


def frame(store: Store, cypher: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Run a read query and return its rows as a data frame (columns as the query names them)."""
    columns, rows = store.query(cypher, dict(params or {}))
    return pd.DataFrame(rows, columns=columns)


# Overview ---------------------------------------------------------------------
def label_counts(store: Store) -> pd.DataFrame:
    """Nodes per label (label, count), largest first, of the graph's entities (not the documents' text,
    Sentence, which would dwarf them); labels with no node are left out."""
    rows = []
    for label in ENTITY_LABELS:
        _, result = store.query(f"MATCH (n:{label}) RETURN count(n) AS n")
        if result and result[0][0]:
            rows.append((label, int(result[0][0])))
    return pd.DataFrame(rows, columns=["label", "count"]).sort_values(["count", "label"], ascending=[False, True],
                                                                      ignore_index=True)


def is_empty(store: Store) -> bool:
    """True when the store holds no Document."""
    _, rows = store.query("MATCH (d:Document) RETURN count(d) AS n")
    return not rows or not rows[0][0]


def documents_per_city(store: Store) -> pd.DataFrame:
    """Cities with the number of documents about or mentioning them (city, adcode, province, documents)."""
    df = frame(store, "MATCH (d:Document)-[:ABOUT|MENTIONS]->(c:City) "
                      "RETURN c.name AS city, c.adcode AS adcode, c.province AS province, "
                      "count(DISTINCT d) AS documents")
    if df.empty:
        return pd.DataFrame(columns=["city", "adcode", "province", "documents"])
    return df.sort_values(["documents", "city"], ascending=[False, True], ignore_index=True)


def documents_per_year(store: Store) -> pd.DataFrame:
    """Documents per year of their date (year, documents); undated and masked years count as 'undated'."""
    df = frame(store, "MATCH (d:Document) RETURN d.date_iso AS date_iso, count(d) AS n")  # one row per date
    if df.empty:
        return pd.DataFrame(columns=["year", "documents"])
    df["year"] = df["date_iso"].map(_year).fillna("undated")
    counts = df.groupby("year", as_index=False)["n"].sum().rename(columns={"n": "documents"})
    counts["documents"] = counts["documents"].astype(int)
    return counts.sort_values("year", ignore_index=True)


def _year(date_iso: Any) -> str | None:
    return date_iso[:4] if isinstance(date_iso, str) and len(date_iso) >= 4 and date_iso[:4].isdigit() else None


def top_tactics(store: Store, limit: int = 15) -> pd.DataFrame:
    """Tactics by the number of documents citing them (tactic, category, documents, cities).

    Counted in the store, one row per tactic: documents from Document-CITES->Tactic, cities from
    the derived City-USES->Tactic edges (from the citing documents' cities if a store has none).
    """
    # one CITES edge per document and tactic (the writers merge on the pair), so counting edges counts documents
    docs = frame(store, "MATCH (d:Document)-[:CITES]->(t:Tactic) "
                        "RETURN t.name AS tactic, t.category AS category, count(d) AS documents")
    if docs.empty:
        return pd.DataFrame(columns=["tactic", "category", "documents", "cities"])
    if uses_edges_present(store):
        cities = frame(store, "MATCH (c:City)-[:USES]->(t:Tactic) RETURN t.name AS tactic, count(DISTINCT c) AS cities")
    else:
        cities = frame(store, "MATCH (c:City)<-[:ABOUT]-(:Document)-[:CITES]->(t:Tactic) "
                              "RETURN t.name AS tactic, count(DISTINCT c) AS cities")
    df = docs.merge(cities, on="tactic", how="left").fillna({"cities": 0})
    df[["documents", "cities"]] = df[["documents", "cities"]].astype(int)
    return df.sort_values(["documents", "tactic"], ascending=[False, True], ignore_index=True).head(limit)


def top_campaigns(store: Store, limit: int = 10) -> pd.DataFrame:
    """Campaigns by documents concerning them and cities pursuing them (campaign, documents, cities)."""
    docs = frame(store, "MATCH (d:Document)-[:CONCERNS]->(k:Campaign) RETURN k.name AS campaign, "
                        "count(DISTINCT d.doc_id) AS documents")
    cities = frame(store, "MATCH (c:City)-[:PURSUES]->(k:Campaign) RETURN k.name AS campaign, "
                          "count(DISTINCT c.adcode) AS cities")
    if docs.empty and cities.empty:
        return pd.DataFrame(columns=["campaign", "documents", "cities"])
    df = pd.merge(docs, cities, on="campaign", how="outer").fillna(0)
    df[["documents", "cities"]] = df[["documents", "cities"]].astype(int)
    return df.sort_values(["documents", "cities", "campaign"], ascending=[False, False, True],
                          ignore_index=True).head(limit)


def city_map(store: Store, per_city: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cities with coordinates, document counts and their strongest honour status.

    `per_city` is documents_per_city's answer when the caller has it already (not asked twice).

    Returns columns city, adcode, province, level, lon, lat, documents, honour (a status
    from HONOUR_STATUSES or NO_HONOUR), honours (the titles, joined).
    """
    cities = frame(store, "MATCH (c:City) WHERE c.lon IS NOT NULL AND c.lat IS NOT NULL "
                          "RETURN c.adcode AS adcode, c.name AS city, c.province AS province, c.level AS level, "
                          "c.lon AS lon, c.lat AS lat")
    if cities.empty:
        return pd.DataFrame(columns=["city", "adcode", "province", "level", "lon", "lat", "documents", "honour", "honours"])
    docs = (documents_per_city(store) if per_city is None else per_city)[["adcode", "documents"]]
    honours = frame(store, "MATCH (c:City)-[a:AWARDED]->(h:Honour) "
                           "RETURN c.adcode AS adcode, a.status AS status, h.title AS title")
    df = cities.merge(docs, on="adcode", how="left")
    df["documents"] = df["documents"].fillna(0).astype(int)
    strongest = {}
    titles: dict[str, list[str]] = {}
    for row in honours.itertuples():
        rank = HONOUR_STATUSES.index(row.status) if row.status in HONOUR_STATUSES else len(HONOUR_STATUSES)
        if rank < strongest.get(row.adcode, (len(HONOUR_STATUSES) + 1, ""))[0]:
            strongest[row.adcode] = (rank, row.status or NO_HONOUR)
        titles.setdefault(row.adcode, []).append(str(row.title))
    df["honour"] = df["adcode"].map(lambda a: strongest.get(a, (0, NO_HONOUR))[1])
    df["honours"] = df["adcode"].map(lambda a: "、".join(sorted(set(titles.get(a, [])))))
    return df.sort_values(["documents", "city"], ascending=[False, True], ignore_index=True)


def map_view(lons: Iterable[float], lats: Iterable[float], width: int, height: int) -> tuple[list[float], float]:
    """Centre and scale of a Mercator projection that shows every point in a width × height chart.

    Vega's Mercator maps longitude λ (radians) to scale·λ and latitude φ to scale·ln(tan(π/4 + φ/2)).
    """
    import math

    lons, lats = list(lons), list(lats)
    merc = [math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) for lat in lats]
    span_x = max(math.radians(max(lons) - min(lons)), math.radians(4))
    span_y = max(max(merc) - min(merc), math.radians(4))
    scale = 0.8 * min(width / span_x, height / span_y)
    mid_y = (max(merc) + min(merc)) / 2
    mid_lat = math.degrees(2 * math.atan(math.exp(mid_y)) - math.pi / 2)
    return [(max(lons) + min(lons)) / 2, mid_lat], scale


# Cities × tactics ----------------------------------------------------------------
@dataclass(frozen=True)
class TacticFilters:
    """What the heatmap shows. Empty fields keep everything.

    categories (tuple[str, ...]): tactic categories.
    provinces (tuple[str, ...]): provinces of the cities.
    campaigns (tuple[str, ...]): documents must concern one of these campaigns.
    date_from (str | None): first day (YYYY-MM-DD) of the documents; undated ones go when a date is set.
    date_to (str | None): last day, inclusive.
    min_documents (int): a cell needs at least this many documents.
    """

    categories: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    campaigns: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    min_documents: int = 1


HEATMAP_TOP_CITIES = 30
CELL_COLUMNS = ["city", "adcode", "province", "tactic", "category", "documents", "first_seen"]
CITY_COLUMNS = ["city", "adcode", "province", "documents", "tactics"]
EVIDENCE_COLUMNS = ["doc_id", "title", "date_iso", "sentence"]


@dataclass(frozen=True)
class Heatmap:
    """The cells of the top cities, and every city the filters keep (ranked, for the caption)."""

    cells: pd.DataFrame  # CELL_COLUMNS, cities in rank order, each city's tactics busiest first
    cities: pd.DataFrame  # CITY_COLUMNS, every city with a cell, busiest first

    @property
    def shown(self) -> list[str]:
        """The city labels of the chart, busiest first."""
        return list(dict.fromkeys(self.cells["city"]))


def tactic_categories(store: Store) -> dict[str, str]:
    """Each tactic's category (its own property, else its IN_CATEGORY node; '' for candidates)."""
    _, rows = store.query("MATCH (t:Tactic) OPTIONAL MATCH (t)-[:IN_CATEGORY]->(g:TacticCategory) "
                          "RETURN t.name AS tactic, coalesce(t.category, g.name) AS category")
    return {name: category or "" for name, category in rows}


def uses_edges_present(store: Store) -> bool:
    """True when the store holds derived City-USES->Tactic edges (every load writes them with CITES)."""
    _, rows = store.query("MATCH (:City)-[u:USES]->(:Tactic) RETURN u.docs AS docs LIMIT 1")
    return bool(rows)


def _needs_documents(filters: TacticFilters) -> bool:
    """Filters on the documents themselves, which the derived USES edges cannot answer."""
    return bool(filters.campaigns or filters.date_from or filters.date_to)


def _cell_query(filters: TacticFilters, tactics: list[str] | None, via_uses: bool,
                adcodes: Iterable[str] | None = None) -> tuple[str, list[str], dict[str, Any]]:
    """MATCH … WHERE of the heatmap's cells, the WHERE conditions and their parameters.

    Through USES: one edge per city and tactic, `u.docs` distinct citing documents. Through the
    citations: Document-ABOUT->City and Document-CITES->Tactic, with the documents' own filters.
    """
    where, params = [], {}
    if via_uses:
        match = "MATCH (c:City)-[u:USES]->(t:Tactic)"
    else:
        match = "MATCH (c:City)<-[:ABOUT]-(d:Document)-[:CITES]->(t:Tactic)"
        if filters.campaigns:
            match += ", (d)-[:CONCERNS]->(k:Campaign)"
            where.append("k.name IN $campaigns")
            params["campaigns"] = list(filters.campaigns)
        if filters.date_from:
            where.append("d.date_iso >= $date_from")
            params["date_from"] = filters.date_from
        if filters.date_to:
            where.append("d.date_iso <= $date_to")
            params["date_to"] = filters.date_to
    if filters.provinces:
        where.append("c.province IN $provinces")
        params["provinces"] = list(filters.provinces)
    if tactics is not None:
        where.append("t.name IN $tactics")
        params["tactics"] = tactics
    if adcodes is not None:
        where.append("c.adcode IN $adcodes")
        params["adcodes"] = list(adcodes)
    return match, where, params


def _where(conditions: list[str]) -> str:
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


def _chosen_tactics(store: Store, filters: TacticFilters) -> tuple[list[str] | None, dict[str, str]]:
    categories = tactic_categories(store)
    if not filters.categories:
        return None, categories
    wanted = set(filters.categories)
    return sorted(t for t, c in categories.items() if c in wanted), categories


def heatmap_cities(store: Store, filters: TacticFilters = TacticFilters(), via: str | None = None) -> pd.DataFrame:
    """Every city with at least one cell, busiest first (CITY_COLUMNS).

    A city's `documents` is the sum of its cells' documents (documents citing each tactic, summed
    over the tactics kept); `tactics` counts its cells. Counted in the store: one row per city.

    Args:
        store (Store): the store.
        filters (TacticFilters): what the heatmap shows.
        via (str | None): "uses" (derived edges), "citations" (ABOUT/CITES), or None to choose:
            the USES edges unless a date or campaign filter needs the documents.
    """
    tactics, _ = _chosen_tactics(store, filters)
    if tactics == []:
        return pd.DataFrame(columns=CITY_COLUMNS)
    via_uses = _via_uses(store, filters, via)
    match, where, params = _cell_query(filters, tactics, via_uses)
    params["min"] = max(1, filters.min_documents)
    if via_uses:
        cypher = (f"{match}{_where([*where, 'u.docs >= $min'])} "
                  "RETURN c.adcode AS adcode, c.name AS city, c.province AS province, "
                  "sum(u.docs) AS documents, count(t) AS tactics")
    else:
        cypher = (f"{match}{_where(where)} WITH c, t, count(DISTINCT d) AS n WHERE n >= $min "
                  "RETURN c.adcode AS adcode, c.name AS city, c.province AS province, "
                  "sum(n) AS documents, count(t) AS tactics")
    df = frame(store, cypher, params)
    if df.empty:
        return pd.DataFrame(columns=CITY_COLUMNS)
    df[["documents", "tactics"]] = df[["documents", "tactics"]].astype(int)
    df = df.sort_values(["documents", "city", "adcode"], ascending=[False, True, True], ignore_index=True)
    df["city"] = _unique_labels(df)
    return df[CITY_COLUMNS]


def _unique_labels(cities: pd.DataFrame) -> list[str]:
    """City names, with the province (then the adcode) added where two cities share a name."""
    names = cities["city"].fillna(cities["adcode"]).astype(str)
    counts = names.value_counts()
    labels = [f"{n}（{_text_or(p, a)}）" if counts[n] > 1 else n
              for n, p, a in zip(names, cities["province"], cities["adcode"])]
    seen = pd.Series(labels).value_counts()
    return [f"{lab} {a}" if seen[lab] > 1 else lab for lab, a in zip(labels, cities["adcode"])]


def _text_or(value: Any, default: str) -> str:
    return value if isinstance(value, str) and value else default


def _via_uses(store: Store, filters: TacticFilters, via: str | None) -> bool:
    if via is not None:
        if via not in ("uses", "citations"):
            raise ValueError(f"via must be 'uses' or 'citations', not {via!r}")
        if via == "uses" and _needs_documents(filters):
            raise ValueError("the USES edges cannot filter by date or campaign")
        return via == "uses"
    return not _needs_documents(filters) and uses_edges_present(store)


def heatmap_cells(store: Store, cities: pd.DataFrame, filters: TacticFilters = TacticFilters(),
                  via: str | None = None) -> pd.DataFrame:
    """The cells (CELL_COLUMNS) of the given cities (rows of heatmap_cities), in their order.

    Args:
        store (Store): the store.
        cities (pd.DataFrame): the cities to show (adcode and city label).
        filters (TacticFilters): what the heatmap shows.
        via (str | None): as for heatmap_cities.
    """
    if cities.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    tactics, categories = _chosen_tactics(store, filters)
    via_uses = _via_uses(store, filters, via)
    match, where, params = _cell_query(filters, tactics, via_uses, cities["adcode"])
    if via_uses:
        params["min"] = max(1, filters.min_documents)
        cypher = (f"{match}{_where([*where, 'u.docs >= $min'])} RETURN c.adcode AS adcode, t.name AS tactic, "
                  "u.docs AS documents, u.first_seen AS first_seen")
    else:
        cypher = (f"{match}{_where(where)} RETURN c.adcode AS adcode, t.name AS tactic, "
                  "count(DISTINCT d) AS documents, min(d.date_iso) AS first_seen")
    df = frame(store, cypher, params)
    if df.empty:
        return pd.DataFrame(columns=CELL_COLUMNS)
    df["documents"] = df["documents"].astype(int)
    df = df[df["documents"] >= max(1, filters.min_documents)]
    rank = {a: i for i, a in enumerate(cities["adcode"])}
    df = df.assign(rank=df["adcode"].map(rank), category=df["tactic"].map(lambda t: categories.get(t, "")))
    df = df.merge(cities[["adcode", "city", "province"]], on="adcode", how="left")
    df = df.sort_values(["rank", "documents", "tactic"], ascending=[True, False, True], ignore_index=True)
    return df[CELL_COLUMNS]


def city_tactic_matrix(store: Store, filters: TacticFilters = TacticFilters(), top: int = HEATMAP_TOP_CITIES,
                       via: str | None = None) -> Heatmap:
    """The heatmap: the `top` cities by documents and their cells, counted in the store.

    Without date or campaign filters the derived City-USES->Tactic edges give every cell
    directly; with them, one aggregate over Document-ABOUT->City and Document-CITES->Tactic
    returns counts only. No sentence is read (see cell_evidence).
    """
    cities = heatmap_cities(store, filters, via)
    cells = heatmap_cells(store, cities.head(max(1, int(top))), filters, via)
    return Heatmap(cells, cities)


def cell_evidence(store: Store, adcode: str, tactic: str, filters: TacticFilters = TacticFilters(),
                  limit: int = 200) -> pd.DataFrame:
    """The sentences behind one heatmap cell (EVIDENCE_COLUMNS), oldest first, at most `limit` rows."""
    match, where, params = _cell_query(filters, None, via_uses=False)
    match = match.replace("[:CITES]", "[e:CITES]")
    params |= {"adcode": adcode, "tactic": tactic}
    df = frame(store, f"{match}{_where(['c.adcode = $adcode', 't.name = $tactic', *where])} "
                      "RETURN DISTINCT d.doc_id AS doc_id, d.title AS title, d.date_iso AS date_iso, "
                      "e.sentence_ids AS sentence_ids", params)
    df = df.drop_duplicates("doc_id")
    texts = sentence_texts(store, (i for ids in df.get("sentence_ids", []) for i in ids or []))
    rows = []
    for r in df.itertuples(index=False):
        pairs = [t for t in (texts.get(i, "") for i in r.sentence_ids or []) if t] or [""]
        rows.extend((r.doc_id, r.title, r.date_iso, t) for t in dict.fromkeys(pairs))
    out = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    return out.sort_values(["date_iso", "title", "doc_id"], na_position="last", ignore_index=True).head(limit)


def filter_options(store: Store) -> dict[str, list[str]]:
    """Choices for the heatmap's filters: categories, provinces, campaigns, and dates (first, last)."""
    def values(cypher: str) -> list[str]:
        return sorted({v for (v,) in store.query(cypher)[1] if v})

    _, span = store.query("MATCH (d:Document) WHERE d.date_iso IS NOT NULL "
                          "RETURN min(d.date_iso) AS first, max(d.date_iso) AS last")
    dates = [span[0][0], span[0][1]] if span and span[0][0] else []
    return {
        "categories": sorted(set(values("MATCH (t:Tactic) RETURN t.category AS v"))
                             | set(values("MATCH (g:TacticCategory) RETURN g.name AS v"))),
        "provinces": values("MATCH (c:City) RETURN c.province AS v"),
        "campaigns": values("MATCH (k:Campaign) RETURN k.name AS v"),
        "dates": dates,
    }


# Entities, paths, neighbourhoods --------------------------------------------------
@dataclass(frozen=True, order=True)
class Entity:
    label: str
    key: str
    name: str = ""

    @property
    def title(self) -> str:
        return f"{self.name or self.key} ({self.label})"


@functools.lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def _variants(text: str) -> list[str]:
    """The text in simplified and traditional script, so a search finds names in either."""
    forms = [text] + [_converter(config).convert(text) for config in ("t2s", "s2t")]
    return list(dict.fromkeys(f for f in forms if f))


def search_entities(store: Store, text: str, labels: Iterable[str] | None = None, limit: int = 30) -> list[Entity]:
    """Entities whose name contains `text` (in either script), exact matches first.

    Args:
        store (Store): the store.
        text (str): a substring of the name, simplified or traditional.
        labels (Iterable[str] | None): labels to search; every entity's by default (not Sentences).
        limit (int): the most entities to return.
    """
    text = text.strip()
    if not text:
        return []
    forms = _variants(text)
    found: dict[tuple[str, str], Entity] = {}
    for label in labels or ENTITY_LABELS:
        key, caption = NODES[label].key, CAPTION[label]
        fields = [caption] + (["short_name"] if label == "City" else []) + ([key] if key != caption else [])
        where = " OR ".join(f"n.{f} CONTAINS $q{i}" for f in fields for i in range(len(forms)))
        params = {f"q{i}": form for i, form in enumerate(forms)}
        _, rows = store.query(f"MATCH (n:{label}) WHERE {where} RETURN n.{key} AS key, n.{caption} AS name "
                              f"LIMIT {int(limit)}", params)
        for k, name in rows:
            found[(label, k)] = Entity(label, k, name or k)
    return sorted(found.values(), key=lambda e: (e.name not in forms, len(e.name), e.label, e.name))[:limit]


@dataclass
class Subgraph:
    """Nodes and relationships to draw, plus the paths they came from (each a list of steps)."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {label, key, name, props}
    edges: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)  # (src, type, dst) -> props
    paths: list[list[str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.nodes)


def node_id(label: str, key: str) -> str:
    return f"{label}:{key}"


def _node_value(value: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    label = value.get("_LABEL") or value.get("_label")
    if label not in NODES:
        return None
    key = value.get(NODES[label].key)
    props = {k: v for k, v in value.items() if not k.startswith("_") and v is not None}
    return node_id(label, str(key)), {"label": label, "key": str(key),
                                      "name": str(value.get(CAPTION[label]) or key), "props": props}


def _add_path(graph: Subgraph, path: Mapping[str, Any], simple: bool = False) -> bool:
    """Add a path's nodes, relationships and steps; with `simple`, skip (and return False for) a path
    that visits a node twice (LadybugDB's ACYCLIC still lets a walk come back to its end node)."""
    if simple:
        ids = [_node_value(v) for v in path.get("_NODES", path.get("_nodes", []))]
        ids = [p[0] for p in ids if p]
        if len(ids) != len(set(ids)):
            return False
    # LadybugDB paths: {_NODES, _RELS} with internal ids (_ID, _SRC, _DST); Neo4j store paths:
    # {_nodes, _rels} in path order, a relationship between its neighbours (direction from the model).
    internal: dict[Any, str] = {}
    order = []
    for value in path.get("_NODES", path.get("_nodes", [])):
        parsed = _node_value(value)
        if parsed is None:
            continue
        nid, data = parsed
        internal[str(value.get("_ID"))] = nid
        graph.nodes.setdefault(nid, data)
        order.append(nid)
    steps = [_step_name(graph, order[0])] if order else []
    for i, rel in enumerate(path.get("_RELS", path.get("_rels", []))):
        type_ = rel.get("_LABEL") or rel.get("_label")
        if type_ not in RELS:
            continue
        if "_SRC" in rel:
            src, dst = internal.get(str(rel.get("_SRC"))), internal.get(str(rel.get("_DST")))
        elif i + 1 < len(order):
            src, dst = order[i], order[i + 1]
            if graph.nodes[src]["label"] != RELS[type_].src or graph.nodes[dst]["label"] != RELS[type_].dst:
                src, dst = dst, src
        else:
            continue
        if not src or not dst:
            continue
        props = {k: v for k, v in rel.items() if not k.startswith("_") and v is not None}
        graph.edges.setdefault((src, type_, dst), props)
        if i + 1 < len(order):
            here, there = order[i], order[i + 1]
            arrow = f"-[{type_}]->" if (src, dst) == (here, there) else f"<-[{type_}]-"
            steps += [arrow, _step_name(graph, there)]
    graph.paths.append(steps)
    return True


def _step_name(graph: Subgraph, nid: str) -> str:
    node = graph.nodes[nid]
    return f"{node['name']}〔{node['label']}〕"


def _match(var: str, entity: Entity, param: str) -> str:
    return f"({var}:{entity.label} {{{NODES[entity.label].key}: ${param}}})"


def _is_neo4j(store: Store) -> bool:
    return getattr(store, "kind", "embedded") == "neo4j"


def shortest_paths(store: Store, a: Entity, b: Entity, max_hops: int = 6, limit: int = 25) -> Subgraph:
    """All shortest paths between two entities (either direction), up to max_hops."""
    graph = Subgraph()
    if a == b:
        return graph
    if _is_neo4j(store):
        cypher = (f"MATCH {_match('a', a, 'a')}, {_match('b', b, 'b')} "
                  f"MATCH p = allShortestPaths((a)-[*..{int(max_hops)}]-(b)) RETURN p LIMIT {int(limit)}")
    else:
        cypher = (f"MATCH p = {_match('a', a, 'a')}-[* ALL SHORTEST 1..{int(max_hops)}]-{_match('b', b, 'b')} "
                  f"RETURN p LIMIT {int(limit)}")
    _, rows = store.query(cypher, {"a": a.key, "b": b.key})
    for (path,) in rows:
        _add_path(graph, path)
    return with_edge_sentences(store, graph)


def all_paths(store: Store, a: Entity, b: Entity, max_hops: int = 3, limit: int = 50) -> Subgraph:
    """Paths without repeated nodes between two entities, up to max_hops, shortest first."""
    graph = Subgraph()
    if a == b:
        return graph
    hops = _var_length(store, 1, max_hops)
    _, rows = store.query(f"MATCH p = {_match('a', a, 'a')}-[{hops}]-{_match('b', b, 'b')} "
                          f"RETURN p, length(p) AS hops ORDER BY hops LIMIT {int(limit) * 4}", {"a": a.key, "b": b.key})
    for path, _hops in rows:
        if len(graph.paths) < limit:
            _add_path(graph, path, simple=True)
    return with_edge_sentences(store, graph)


def neighbourhood(store: Store, a: Entity, hops: int = 1, limit: int = 200) -> Subgraph:
    """The entity and everything within `hops` relationships of it (at most `limit` paths)."""
    graph = Subgraph()
    _, rows = store.query(f"MATCH p = {_match('a', a, 'a')}-[{_var_length(store, 1, hops)}]-(b) "
                          f"RETURN p, length(p) AS hops ORDER BY hops LIMIT {int(limit)}", {"a": a.key})
    for path, _hops in rows:
        _add_path(graph, path, simple=True)
    if not graph.nodes:
        _, rows = store.query(f"MATCH {_match('a', a, 'a')} RETURN a", {"a": a.key})
        for (value,) in rows:
            parsed = _node_value(value)
            if parsed:
                graph.nodes[parsed[0]] = parsed[1]
    return with_edge_sentences(store, graph)


def with_edge_sentences(store: Store, graph: Subgraph) -> Subgraph:
    """The subgraph, each relationship's `sentence_ids` turned into `sentences` (their texts)."""
    texts = sentence_texts(store, (i for props in graph.edges.values() for i in props.get("sentence_ids") or []))
    for props in graph.edges.values():
        if "sentence_ids" in props:
            props["sentences"] = [texts.get(i, "") for i in props.pop("sentence_ids") or []]
    return graph


def _var_length(store: Store, low: int, high: int) -> str:
    # LadybugDB walks may revisit nodes unless asked for ACYCLIC; Neo4j never repeats a relationship.
    return f"*{int(low)}..{int(high)}" if _is_neo4j(store) else f"* ACYCLIC {int(low)}..{int(high)}"


def paths_table(graph: Subgraph) -> pd.DataFrame:
    """The subgraph's paths as rows (hops, path)."""
    rows = [((len(p) - 1) // 2, " ".join(p)) for p in graph.paths]
    return pd.DataFrame(rows, columns=["hops", "path"])


def edges_table(graph: Subgraph) -> pd.DataFrame:
    """The subgraph's relationships with their first supporting sentence (source, type, target, sentence)."""
    rows = []
    for (src, type_, dst), props in graph.edges.items():
        sentences = [s for s in props.get("sentences") or [] if s]
        rows.append((graph.nodes[src]["name"], type_, graph.nodes[dst]["name"], sentences[0] if sentences else ""))
    return pd.DataFrame(rows, columns=["source", "type", "target", "sentence"])


# Profiles -------------------------------------------------------------------------
def entity_list(store: Store, label: str, limit: int = 500) -> list[Entity]:
    """Entities of one label, by name."""
    key, caption = NODES[label].key, CAPTION[label]
    if label == "Document":  # parts of one compilation share a title: name them by part and date too
        _, rows = store.query(f"MATCH (n:Document) RETURN n.doc_id AS key, n.title AS title, n.part AS part, "
                              f"n.date_iso AS date LIMIT {int(limit)}")
        rows = [(k, " · ".join(v for v in (t or k, p if p and p != "whole" else None, d) if v)) for k, t, p, d in rows]
    else:
        _, rows = store.query(f"MATCH (n:{label}) RETURN n.{key} AS key, n.{caption} AS name LIMIT {int(limit)}")
    return sorted((Entity(label, k, n or k) for k, n in rows), key=lambda e: (e.name, e.key))


def _first_sentence(sentences: Any) -> str:
    return next((s for s in sentences or [] if s), "")


def _first_sentences(store: Store, df: pd.DataFrame) -> pd.DataFrame:
    """The frame with its `sentence_ids` column as `sentence`: the first of their texts."""
    if "sentence_ids" not in df:
        return df
    ids = df.pop("sentence_ids")
    texts = sentence_texts(store, (i for row in ids for i in row or []))
    df["sentence"] = ids.map(lambda row: _first_sentence(texts.get(i, "") for i in row or []))
    return df


def city_profile(store: Store, adcode: str) -> dict[str, pd.DataFrame]:
    """What the graph says about one city: facts, officials, meetings, honours, metrics, tactics, documents."""
    p = {"c": adcode}
    facts = frame(store, "MATCH (c:City {adcode: $c}) RETURN c.name AS name, c.adcode AS adcode, c.level AS level, "
                         "c.unit_type AS unit_type, c.province AS province, c.lon AS lon, c.lat AS lat", p)
    officials = frame(store, "MATCH (o:Official)-[h:HOLDS_POST]->(c:City {adcode: $c}) "
                             "RETURN o.name AS official, h.title AS post, h.as_of AS as_of, o.person_id AS person_id, "
                             "h.sentence_ids AS sentence_ids", p)
    meetings = frame(store, "MATCH (m:Meeting)-[:HELD_IN]->(c:City {adcode: $c}) "
                            "RETURN m.date_iso AS date_iso, m.date_text AS date_text, m.name AS meeting, m.type AS type, "
                            "m.meeting_id AS meeting_id", p)
    honours = frame(store, "MATCH (c:City {adcode: $c})-[a:AWARDED]->(h:Honour) "
                           "RETURN h.title AS honour, h.edition AS edition, a.status AS status, a.rank AS rank, "
                           "a.date_text AS date_text, a.sentence_ids AS sentence_ids", p)
    metrics = frame(store, "MATCH (c:City {adcode: $c})-[r:REPORTED]->(m:Metric) "
                           "RETURN m.indicator AS metric, r.value AS value, r.unit AS unit, r.scope AS scope, "
                           "r.as_of AS as_of, r.sentence_ids AS sentence_ids", p)
    tactics = frame(store, "MATCH (c:City {adcode: $c})<-[:ABOUT]-(d:Document)-[:CITES]->(t:Tactic) "
                           "RETURN t.category AS category, t.name AS tactic, count(DISTINCT d.doc_id) AS documents, "
                           "min(d.date_iso) AS first_cited", p)
    campaigns = frame(store, "MATCH (c:City {adcode: $c})-[:PURSUES]->(k:Campaign) RETURN k.name AS campaign", p)
    documents = frame(store, "MATCH (d:Document)-[r:ABOUT|MENTIONS]->(c:City {adcode: $c}) "
                             "RETURN DISTINCT d.title AS title, d.date_iso AS date_iso, d.kind AS kind, d.doc_id AS doc_id", p)
    for df in (officials, honours, metrics):
        _first_sentences(store, df)
    return {
        "facts": facts,
        "officials": officials.sort_values(["official", "post"], ignore_index=True),
        "meetings": meetings.sort_values(["date_iso", "meeting"], na_position="last", ignore_index=True),
        "honours": honours.sort_values(["honour"], ignore_index=True),
        "metrics": metrics.sort_values(["metric"], ignore_index=True),
        "tactics": tactics.fillna({"category": ""}).sort_values(["category", "documents", "tactic"],
                                                                ascending=[True, False, True], ignore_index=True),
        "campaigns": campaigns,
        "documents": documents.drop_duplicates("doc_id").sort_values(["date_iso", "title"], na_position="last",
                                                                     ignore_index=True),
    }


MEETING_ROLES = {"SPOKE_AT": "spoke", "PRESIDED_OVER": "presided", "ATTENDED": "attended", "CONTRIBUTED_TO": ""}


def official_profile(store: Store, person_id: str) -> dict[str, pd.DataFrame]:
    """One official: posts, meetings with the role played, documents naming them."""
    p = {"o": person_id}
    facts = frame(store, "MATCH (o:Official {person_id: $o}) RETURN o.name AS name, o.person_id AS person_id, "
                         "o.city AS city, o.body AS body", p)
    posts = frame(store, "MATCH (o:Official {person_id: $o})-[h:HOLDS_POST]->(c:City) "
                         "RETURN c.name AS city, h.title AS post, h.as_of AS as_of, h.sentence_ids AS sentence_ids", p)
    posts = _first_sentences(store, posts)
    if "sentence" not in posts:
        posts["sentence"] = ""
    meetings = []
    for type_, role in MEETING_ROLES.items():
        df = frame(store, f"MATCH (o:Official {{person_id: $o}})-[r:{type_}]->(m:Meeting) "
                          "RETURN m.date_iso AS date_iso, m.name AS meeting, m.meeting_id AS meeting_id, "
                          + ("r.role AS role" if type_ == "CONTRIBUTED_TO" else f"'{role}' AS role"), p)
        meetings.append(df)
    meetings_df = pd.concat(meetings, ignore_index=True) if meetings else pd.DataFrame()
    roles = frame(store, "MATCH (d:Document)-[n:NAMES]->(o:Official {person_id: $o}) "
                         "RETURN d.title AS document, d.date_iso AS date_iso, n.roles AS roles, d.doc_id AS doc_id", p)
    return {
        "facts": facts,
        "posts": posts.sort_values(["city", "post"], ignore_index=True),
        "meetings": meetings_df.sort_values(["date_iso", "meeting"], na_position="last", ignore_index=True),
        "documents": roles.sort_values(["date_iso", "document"], na_position="last", ignore_index=True),
    }


def tactic_profile(store: Store, name: str) -> dict[str, Any]:
    """One tactic: description, category, and its adoption across cities (who cited it first, who followed)."""
    p = {"t": name}
    facts = frame(store, "MATCH (t:Tactic {name: $t}) OPTIONAL MATCH (t)-[:IN_CATEGORY]->(g:TacticCategory) "
                         "RETURN t.name AS name, coalesce(t.category, g.name) AS category, t.description AS description, "
                         "t.status AS status, t.variants AS variants", p)
    # the citing documents without their sentences; then the sentences of each city's first document only
    cites = frame(store, "MATCH (c:City)<-[:ABOUT]-(d:Document)-[:CITES]->(t:Tactic {name: $t}) "
                         "RETURN c.name AS city, c.adcode AS adcode, d.date_iso AS date_iso, d.title AS title, "
                         "d.doc_id AS doc_id", p)
    if cites.empty:
        adoption = pd.DataFrame(columns=["order", "city", "first_cited", "documents", "role", "title", "sentence"])
    else:
        ordered = cites.sort_values(["date_iso", "doc_id"], na_position="last")
        first = ordered.drop_duplicates("city").reset_index(drop=True)  # whole rows: the date goes with its title
        _, rows = store.query("MATCH (d:Document)-[e:CITES]->(t:Tactic {name: $t}) WHERE d.doc_id IN $docs "
                              "RETURN d.doc_id AS doc_id, e.sentence_ids AS sentence_ids",
                              {"t": name, "docs": first["doc_id"].tolist()})
        texts = sentence_texts(store, (i for _, ids in rows for i in ids or []))
        sentences = {doc_id: _first_sentence(texts.get(i, "") for i in ids or []) for doc_id, ids in rows}
        first["sentence"] = first["doc_id"].map(lambda d: sentences.get(d, ""))
        counts = cites.groupby("city")["doc_id"].nunique()
        first["documents"] = first["city"].map(counts)
        first = first.sort_values(["date_iso", "city"], na_position="last", ignore_index=True)
        first["order"] = range(1, len(first) + 1)
        first["role"] = ["first" if i == 0 and pd.notna(d) else "followed" if pd.notna(d) else "undated"
                         for i, d in enumerate(first["date_iso"])]
        adoption = first.rename(columns={"date_iso": "first_cited"})[
            ["order", "city", "first_cited", "documents", "role", "title", "sentence"]]
    return {"facts": facts, "adoption": adoption}


DOCUMENT_LINKS = ("ABOUT", "MENTIONS", "RECORDS", "NAMES", "PRAISES", "CONCERNS", "CITES", "REFERENCES", "NAMES_ORG")


def document_profile(store: Store, doc_id: str) -> dict[str, Any]:
    """One document: metadata, original and cleaned text, the entities extracted from it, the removals made."""
    p = {"d": doc_id}
    meta = frame(store, "MATCH (d:Document {doc_id: $d}) RETURN d.title AS title, d.kind AS kind, d.part AS part, "
                        "d.date_text AS date_text, d.date_iso AS date_iso, d.source AS source, d.script AS script, "
                        "d.encoding AS encoding, d.speaker AS speaker, d.chars AS chars", p)
    if meta.empty:
        return {}
    row = meta.iloc[0].to_dict()
    entities = []
    for type_ in DOCUMENT_LINKS:
        label = RELS[type_].dst
        short = "n.short_name" if label == "City" else "NULL"
        df = frame(store, f"MATCH (d:Document {{doc_id: $d}})-[e:{type_}]->(n:{label}) "
                          f"RETURN n.{CAPTION[label]} AS name, n.{NODES[label].key} AS key, {short} AS short, "
                          "e.sentence_ids AS sentence_ids", p)
        texts = sentence_texts(store, (i for ids in df.get("sentence_ids", []) for i in ids or []))
        for r in df.itertuples(index=False):
            sentences = [t for t in (texts.get(i, "") for i in r.sentence_ids or []) if t]
            name = r.name or r.key
            entities.append((label, type_, name, r.key, sentences[0] if sentences else "",
                             mention_forms(label, name, r.short)))
    from loaders.clean import clean

    original = document_text(store, doc_id)
    clean_text = clean(original).text if original else ""
    return {
        "meta": row,
        "original": original,
        "clean": clean_text,
        "entities": pd.DataFrame(entities, columns=["label", "relation", "name", "key", "sentence", "forms"]),
        "removals": removals(original),
    }


def mention_forms(label: str, name: str, short_name: Any = None) -> tuple[str, ...]:
    """The ways a text may name the entity: a city also by its short name (焦作) and a district by
    its own name without its city's (南阳市宛城区 -> 宛城区)."""
    forms = [name]
    if label == "City":
        if isinstance(short_name, str) and len(short_name) >= 2:
            forms.append(short_name)
        head, sep, tail = name.partition("市")
        if sep and len(tail) >= 2:
            forms.append(tail)
    return tuple(dict.fromkeys(forms))


def removals(original: str) -> pd.DataFrame:
    """What cleaning removed from the original text (start, end, reason, text)."""
    from loaders.clean import clean

    rows = [(r.start, r.end, r.reason, r.text) for r in clean(original).removals] if original else []
    return pd.DataFrame(rows, columns=["start", "end", "reason", "text"])


def highlight_spans(text: str, names: Iterable[str]) -> list[tuple[str, bool]]:
    """Split `text` into (piece, is_entity) runs, marking every occurrence of the names (longest first)."""
    names = sorted({n for n in names if n and len(n) >= 2}, key=len, reverse=True)
    marked = [False] * len(text)
    for name in names:
        start = text.find(name)
        while start != -1:
            if not any(marked[start:start + len(name)]):
                for i in range(start, start + len(name)):
                    marked[i] = True
            start = text.find(name, start + len(name))
    runs: list[tuple[str, bool]] = []
    for ch, m in zip(text, marked):
        if runs and runs[-1][1] == m:
            runs[-1] = (runs[-1][0] + ch, m)
        else:
            runs.append((ch, m))
    return runs


# Cypher console ---------------------------------------------------------------------
@dataclass
class ConsoleResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    seconds: float

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([[_display(v) for v in row] for row in self.rows], columns=self.columns)

    def subgraph(self) -> Subgraph:
        """The nodes, relationships and paths among the result's values, for drawing."""
        graph = Subgraph()
        for row in self.rows:
            for value in row:
                _collect(graph, value)
        return graph


def _display(value: Any) -> Any:
    if isinstance(value, dict):
        if "_NODES" in value or "_nodes" in value:
            nodes = value.get("_NODES", value.get("_nodes", []))
            return " — ".join(str(_display(n)) for n in nodes)
        label = value.get("_LABEL") or value.get("_label")
        if label in NODES:
            return f"({label} {value.get(CAPTION[label]) or value.get(NODES[label].key)})"
        if label in RELS:
            return f"[{label}]"
        return str(value)
    if isinstance(value, list):
        return ", ".join(str(_display(v)) for v in value)
    return value


def _collect(graph: Subgraph, value: Any) -> None:
    if isinstance(value, dict):
        if "_NODES" in value or "_nodes" in value:
            _add_path(graph, value)
        elif (value.get("_LABEL") or value.get("_label")) in NODES:
            parsed = _node_value(value)
            if parsed:
                graph.nodes.setdefault(*parsed)
    elif isinstance(value, list):
        for v in value:
            _collect(graph, v)


_NO_LOCK = contextlib.nullcontext()


class ConsoleError(ValueError):
    """The console refused the query or the store failed to run it; the message says why."""


def run_read_only(store: Store, cypher: str, params: Mapping[str, Any] | None = None,
                  row_limit: int = 1000, timeout_s: float = 10.0) -> ConsoleResult:
    """Run a user's Cypher read-only with a row limit and a time limit; a `sentence_ids` column
    comes back as `sentences`, their texts (graph.sentences.with_sentences).

    The store's own runner does the work (graph.store: graph.readonly refuses anything
    that writes, the embedded store translates the Neo4j dialect and is open read-only,
    Neo4j runs it in a READ session with a server-side timeout).

    Args:
        store (Store): a store opened read-only (a dashboard.stores.ReadStore or a graph.store.Store).
        cypher (str): the user's query.
        params (Mapping[str, Any] | None): query parameters.
        row_limit (int): rows kept; `truncated` says whether there were more.
        timeout_s (float): the query is stopped after this long.

    Raises:
        ConsoleError: the query was refused, failed or ran out of time.
    """
    inner = getattr(store, "inner", store)
    started = time.perf_counter()
    try:
        with getattr(store, "lock", _NO_LOCK):
            result = with_sentences(inner, inner.run_read_only(cypher, dict(params or {}), row_limit=row_limit,
                                                               timeout=timeout_s))
    except (ValueError, RuntimeError) as exc:  # ReadOnlyViolation, StoreError: one line for the user
        raise ConsoleError(str(exc)) from exc
    return ConsoleResult(list(result.columns), [list(r) for r in result.rows], bool(result.truncated),
                         time.perf_counter() - started)


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    purpose: str
    text: str
    params: dict[str, Any]


def catalogue() -> list[CatalogueEntry]:
    """The named queries (cypher/*.cypher) the console's picker offers, with their default parameters."""
    import cypher as catalogue_module

    return [CatalogueEntry(q.name, q.purpose, q.text, q.example_params()) for q in catalogue_module.queries().values()]


# Export -------------------------------------------------------------------------------
EXPORT_FORMATS = ("gexf", "graphml", "csv")
EXPORT_FILES = {"gexf": ("cckg.gexf", "application/gexf+xml"), "graphml": ("cckg.graphml", "application/graphml+xml"),
                "csv": ("cckg-csv.zip", "application/zip")}


def export_file(fmt: str) -> tuple[str, str]:
    """The file name and mime type of an export, known before it is built."""
    if fmt not in EXPORT_FILES:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(EXPORT_FORMATS)}")
    return EXPORT_FILES[fmt]


def export_filters(filters: TacticFilters | None):
    """The heatmap's filters as graph.filters.Filters (None keeps the whole graph).

    Raises:
        ValueError: filters the exporter refuses (an empty date range …), before anything is built.
    """
    from graph.filters import Filters

    if filters is None:
        return None
    return Filters(provinces=frozenset(filters.provinces), campaigns=frozenset(filters.campaigns),
                   categories=frozenset(filters.categories), date_from=filters.date_from,
                   date_to=filters.date_to, min_evidence=filters.min_documents if filters.min_documents > 1 else 0)


def graph_counts(store: Store) -> dict[str, int]:
    """How much an export of the whole graph holds: {"nodes": n, "relationships": m}, counted in the store
    (the nodes of the labels an export reads: not the documents' text, Sentence)."""
    nodes = sum(int(store.query(f"MATCH (n:{label}) RETURN count(n) AS n")[1][0][0] or 0) for label in ENTITY_LABELS)
    edges = 0
    for type_, rel in RELS.items():
        edges += int(store.query(f"MATCH (:{rel.src})-[r:{type_}]->(:{rel.dst}) RETURN count(r) AS n")[1][0][0] or 0)
    return {"nodes": nodes, "relationships": edges}


def export_bytes(store: Store, fmt: str, filters: TacticFilters | None = None) -> tuple[str, bytes, str]:
    """The whole graph, or what the filters keep, as a downloadable file (name, bytes, mime type).

    CSV comes as a zip of nodes.csv and edges.csv. The heatmap's filters map onto
    graph.filters.Filters (export_filters); its minimum of documents becomes the minimum evidence
    per edge. Reads what graph.export.read_for_export reads (every relationship when no filter is
    chosen): the dashboard builds it only on a click (a deferred download).
    """
    from graph.export import export_graph, read_for_export

    name, mime = export_file(fmt)
    chosen = export_filters(filters)
    inner = getattr(store, "inner", store)
    with getattr(store, "lock", _NO_LOCK):
        bundle = read_for_export(inner, chosen)
    with tempfile.TemporaryDirectory() as tmp:
        if fmt == "csv":
            result = export_graph(bundle, "csv", Path(tmp) / "csv", chosen)
            buffer = Path(tmp) / "cckg-csv.zip"
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in result.paths:
                    zf.write(path, path.name)
            return name, buffer.read_bytes(), mime
        out = Path(tmp) / name
        export_graph(bundle, fmt, out, chosen)
        return name, out.read_bytes(), mime
