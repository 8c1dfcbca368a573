"""Every Cypher statement the writers send, built from graph.model.

Each builder returns a statement that takes its rows as `$rows`: a list of
maps, or for the embedded store's creating statements an Arrow table. The
embedded store avoids MERGE pipelines (LadybugDB 0.22 silently drops
relationships in some of them, see ARCHITECTURE.md): each of its writes touches
one table, and only creates, sets or deletes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from graph.model import NODES, RELS, Prop, RelType


def _value(prop: Prop) -> str:
    # LadybugDB types a parameter column from its values: an all-null column
    # would arrive as STRING, so every non-string column is cast explicitly.
    if prop.type == "STRING":
        return f"r.{prop.name}"
    return f"CAST(r.{prop.name} AS {prop.type})"


def _assignments(var: str, props: list[Prop]) -> str:
    return ", ".join(f"{var}.{p.name} = {_value(p)}" for p in props)


def update_nodes(label: str) -> str:
    nt = NODES[label]
    props = [p for p in nt.all_props if p.name != nt.key]
    return f"UNWIND $rows AS r MATCH (n:{label} {{{nt.key}: r.{nt.key}}}) SET {_assignments('n', props)}"


# The embedded store's statements scan an Arrow table (`LOAD FROM $rows`, columns as in
# graph.embedded.arrow_rows: `src`, `dst`, then `v_<property>`): the engine reads it
# column by column, several times cheaper than a list of Python maps, and each
# column has the property's type even when all its values are null. The WHERE
# form makes the engine look the endpoints up by primary key; `{key: src}` right
# after LOAD FROM is planned as a cross product of both node tables.


def _load_fields(props: tuple[Prop, ...]) -> str:
    return ", ".join(f"{p.name}: v_{p.name}" for p in props)  # typed columns: no CAST needed


def load_create_nodes(label: str) -> str:
    return f"LOAD FROM $rows CREATE (n:{label} {{{_load_fields(NODES[label].all_props)}}})"


def _load_ends(rt: RelType) -> str:
    return (f"LOAD FROM $rows WITH * MATCH (a:{rt.src}) WHERE a.{NODES[rt.src].key} = src "
            f"WITH * MATCH (b:{rt.dst}) WHERE b.{NODES[rt.dst].key} = dst")


def fetch_nodes(label: str) -> str:
    """The stored nodes whose keys are in an Arrow table's column `k` (looked up by primary key)."""
    return f"LOAD FROM $rows WITH * MATCH (n:{label}) WHERE n.{NODES[label].key} = k RETURN n"


def fetch_edge_evidence_ids(type_: str) -> str:
    """The stored edges (of a Document's own type) of the pairs in an Arrow table (`src`, `dst`),
    without their sentence ids: properties and the (start, end) of each evidence, enough to tell what a
    batch adds."""
    rt = RELS[type_]
    columns = ", ".join(f"e.{p.name} AS {p.name}" for p in rt.props)
    return (f"{_load_ends(rt)} WITH * MATCH (a)-[e:{type_}]->(b) RETURN src, dst"
            f"{', ' + columns if columns else ''}, e.span_starts AS span_starts, "
            f"e.span_ends AS span_ends, e.weight AS weight")


def load_create_edges(type_: str) -> str:
    rt = RELS[type_]
    return f"{_load_ends(rt)} CREATE (a)-[e:{type_} {{{_load_fields(rt.all_props)}}}]->(b)"


def _match_stored(rt: RelType) -> str:
    """The stored edge `e` of each row of an Arrow table: its ends and its key properties (`v_<name>`)."""
    same = "".join(f" AND (e.{k} = v_{k} OR (e.{k} IS NULL AND v_{k} IS NULL))" for k in rt.key_props)
    return f"{_load_ends(rt)} WITH * MATCH (a)-[e:{rt.type}]->(b) WHERE true{same}"


def load_append_edges(type_: str) -> str:
    """Update stored edges from an Arrow table (as load_create_edges): their properties are set
    to the table's, and its evidence columns are appended to the stored ones."""
    rt = RELS[type_]
    sets = [f"e.{p.name} = v_{p.name}" for p in rt.props]
    sets += [f"e.{p.name} = list_concat(e.{p.name}, v_{p.name})" if p.type.endswith("[]") else f"e.{p.name} = v_{p.name}"
             for p in rt.provenance]
    return f"{_match_stored(rt)} SET {', '.join(sets)}"


def aggregate_edge_keys(type_: str) -> str:
    """The key of every stored edge of an aggregate type: source and target keys, key properties."""
    rt = RELS[type_]
    keys = "".join(f", e.{k} AS {k}" for k in rt.key_props)
    return f"MATCH (a:{rt.src})-[e:{type_}]->(b:{rt.dst}) RETURN a.{NODES[rt.src].key} AS src, b.{NODES[rt.dst].key} AS dst{keys}"


def fetch_edges(type_: str) -> str:
    """The stored edges given by an Arrow table (`src`, `dst`, then `v_<key property>`), every column."""
    return f"{_match_stored(RELS[type_])} RETURN src, dst, e"


def load_set_edges(type_: str) -> str:
    """Set every column of stored edges from an Arrow table (as load_create_edges)."""
    rt = RELS[type_]
    sets = ", ".join(f"e.{p.name} = v_{p.name}" for p in rt.all_props)
    return f"{_match_stored(rt)} SET {sets}"


def node_keys(label: str) -> str:
    return f"MATCH (n:{label}) RETURN n.{NODES[label].key}"


def node_rows(label: str, skip_props: Collection[str] = ()) -> str:
    """Every stored node of a label as one row of the columns graph.embedded.arrow_rows makes
    (without the properties in skip_props, but always with the key)."""
    nt = NODES[label]
    props = [p for p in nt.all_props if p.name not in skip_props or p.name == nt.key]
    return f"MATCH (n:{label}) RETURN " + ", ".join(f"n.{p.name} AS v_{p.name}" for p in props)


def sentence_texts() -> str:
    """Every stored Sentence's key and text."""
    return "MATCH (s:Sentence) RETURN s.sentence_id, s.text"


def fetch_sentence_texts() -> str:
    """The key and text of the Sentences whose keys are in an Arrow table's column `k` (by primary key)."""
    return "LOAD FROM $rows WITH * MATCH (s:Sentence) WHERE s.sentence_id = k RETURN k, s.text"


def edge_rows(type_: str, skip_props: Collection[str] = ()) -> str:
    """Every stored edge of a type as one row of the columns graph.embedded.arrow_rows makes
    (without the properties in skip_props)."""
    rt = RELS[type_]
    props = [p for p in rt.all_props if p.name not in skip_props]
    return (f"MATCH (a:{rt.src})-[e:{type_}]->(b:{rt.dst}) RETURN a.{NODES[rt.src].key} AS src, "
            f"b.{NODES[rt.dst].key} AS dst, " + ", ".join(f"e.{p.name} AS v_{p.name}" for p in props))


def count_nodes(label: str) -> str:
    return f"MATCH (n:{label}) RETURN count(n) AS n"


def count_edges(type_: str) -> str:
    return f"MATCH ()-[e:{type_}]->() RETURN count(e) AS n"


# Neo4j --------------------------------------------------------------------------
# The Neo4j writer sends only these. Rows are merged with what is stored in Python
# first (same rule as the embedded store), so each statement sets every model
# property to its merged value and re-sending the same rows changes nothing.
# Every write statement returns `written`, the number of rows it wrote: a row whose
# endpoint is missing would otherwise vanish silently in the MATCH.


def neo4j_constraints() -> list[str]:
    """Uniqueness constraints and name indexes, created before the first load."""
    from graph.model import neo4j_constraints as constraints

    return constraints()


def neo4j_fetch_nodes(label: str) -> str:
    key = NODES[label].key
    return f"UNWIND $keys AS key MATCH (n:{label} {{{key}: key}}) RETURN properties(n) AS n"


def neo4j_merge_nodes(label: str) -> str:
    nt = NODES[label]
    props = [p for p in nt.all_props if p.name != nt.key]
    sets = ", ".join(f"n.{p.name} = row.{p.name}" for p in props)
    return (f"UNWIND $rows AS row MERGE (n:{label} {{{nt.key}: row.{nt.key}}}) "
            f"SET {sets} RETURN count(*) AS written")


def _neo4j_endpoints(type_: str) -> str:
    rt = RELS[type_]
    return (f"MATCH (a:{rt.src} {{{NODES[rt.src].key}: row.from}}) "
            f"MATCH (b:{rt.dst} {{{NODES[rt.dst].key}: row.to}})")


def neo4j_fetch_edges(type_: str) -> str:
    rt = RELS[type_]
    return (f"UNWIND $rows AS row MATCH (a:{rt.src} {{{NODES[rt.src].key}: row.from}})-[e:{type_}]->"
            f"(b:{rt.dst} {{{NODES[rt.dst].key}: row.to}}) RETURN row.from AS src, row.to AS dst, properties(e) AS e")


def neo4j_merge_edges(type_: str) -> str:
    """MERGE on the endpoints and the type's key properties; rows must have every key property."""
    rt = RELS[type_]
    keys = " {" + ", ".join(f"{k}: row.{k}" for k in rt.key_props) + "}" if rt.key_props else ""
    sets = ", ".join(f"e.{p.name} = row.{p.name}" for p in rt.all_props if p.name not in rt.key_props)
    return (f"UNWIND $rows AS row {_neo4j_endpoints(type_)} MERGE (a)-[e:{type_}{keys}]->(b) "
            f"SET {sets} RETURN count(*) AS written")


def neo4j_upsert_edges_null_keys(type_: str) -> str:
    """For rows where a key property is null (MERGE cannot match on null): update or create."""
    rt = RELS[type_]
    same = " AND ".join(f"(old.{k} = row.{k} OR (old.{k} IS NULL AND row.{k} IS NULL))" for k in rt.key_props)
    fields = ", ".join(f"{p.name}: row.{p.name}" for p in rt.all_props)
    sets = ", ".join(f"e.{p.name} = row.{p.name}" for p in rt.all_props)
    return (f"UNWIND $rows AS row {_neo4j_endpoints(type_)} "
            f"OPTIONAL MATCH (a)-[old:{type_}]->(b) WHERE {same} "
            f"WITH a, b, row, collect(old) AS found "
            f"FOREACH (_ IN CASE WHEN size(found) = 0 THEN [1] ELSE [] END | "
            f"CREATE (a)-[:{type_} {{{fields}}}]->(b)) "
            f"FOREACH (e IN found | SET {sets}) RETURN count(*) AS written")


def neo4j_all_nodes(label: str) -> str:
    return f"MATCH (n:{label}) RETURN properties(n) AS n"


def neo4j_all_edges(type_: str) -> str:
    rt = RELS[type_]
    return (f"MATCH (a:{rt.src})-[e:{type_}]->(b:{rt.dst}) "
            f"RETURN a.{NODES[rt.src].key} AS src, b.{NODES[rt.dst].key} AS dst, properties(e) AS e")


def neo4j_statements() -> list[tuple[str, str, dict]]:
    """Every statement the Neo4j writer and reader can send: (name, text, example parameters)."""
    from graph.model import NODES as _N

    out: list[tuple[str, str, dict]] = [(f"constraint {i}", s, {}) for i, s in enumerate(neo4j_constraints())]
    for label, nt in _N.items():
        row = {p.name: None for p in nt.all_props}
        out += [(f"fetch_nodes {label}", neo4j_fetch_nodes(label), {"keys": ["k"]}),
                (f"merge_nodes {label}", neo4j_merge_nodes(label), {"rows": [row]}),
                (f"all_nodes {label}", neo4j_all_nodes(label), {}),
                (f"count_nodes {label}", count_nodes(label), {})]
    for type_, rt in RELS.items():
        row = {"from": "a", "to": "b"} | {p.name: None for p in rt.all_props}
        out += [(f"fetch_edges {type_}", neo4j_fetch_edges(type_), {"rows": [{"from": "a", "to": "b"}]}),
                (f"merge_edges {type_}", neo4j_merge_edges(type_), {"rows": [row]}),
                (f"all_edges {type_}", neo4j_all_edges(type_), {}),
                (f"count_edges {type_}", count_edges(type_), {})]
        if rt.key_props:
            out.append((f"upsert_edges_null_keys {type_}", neo4j_upsert_edges_null_keys(type_), {"rows": [row]}))
    return out


def count_all(query: Callable[[str], tuple[list[str], list[list[Any]]]]) -> dict[str, int]:
    """Nodes per label and relationships per type, through a store's query(cypher) -> (columns, rows)."""
    result = {label: query(count_nodes(label))[1][0][0] for label in NODES}
    result |= {type_: query(count_edges(type_))[1][0][0] for type_ in RELS}
    return result
