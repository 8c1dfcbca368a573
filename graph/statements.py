"""Every Cypher statement the writers send, built from graph.model.

Each builder returns a statement that takes its rows as `$rows` (a list of
maps). The embedded store avoids multi-clause MERGE pipelines (LadybugDB
0.22 silently drops relationships in some of them, see ARCHITECTURE.md), so its
writes are one simple clause per statement over one table.
"""

from __future__ import annotations

from graph.model import NODES, RELS, Prop


def _value(prop: Prop) -> str:
    # LadybugDB types a parameter column from its values: an all-null column
    # would arrive as STRING, so every non-string column is cast explicitly.
    if prop.type == "STRING":
        return f"r.{prop.name}"
    return f"CAST(r.{prop.name} AS {prop.type})"


def _assignments(var: str, props: list[Prop]) -> str:
    return ", ".join(f"{var}.{p.name} = {_value(p)}" for p in props)


def _fields(props: tuple[Prop, ...]) -> str:
    return ", ".join(f"{p.name}: {_value(p)}" for p in props)


def fetch_nodes(label: str) -> str:
    key = NODES[label].key
    return f"UNWIND $rows AS r MATCH (n:{label} {{{key}: r}}) RETURN n"


def create_nodes(label: str) -> str:
    return f"UNWIND $rows AS r CREATE (n:{label} {{{_fields(NODES[label].all_props)}}})"


def update_nodes(label: str) -> str:
    nt = NODES[label]
    props = [p for p in nt.all_props if p.name != nt.key]
    return f"UNWIND $rows AS r MATCH (n:{label} {{{nt.key}: r.{nt.key}}}) SET {_assignments('n', props)}"


def _pair_match(type_: str) -> str:
    rt = RELS[type_]
    return (f"MATCH (a:{rt.src} {{{NODES[rt.src].key}: r.from}})-[e:{type_}]->"
            f"(b:{rt.dst} {{{NODES[rt.dst].key}: r.to}})")


def fetch_edges(type_: str) -> str:
    return f"UNWIND $rows AS r {_pair_match(type_)} RETURN r.from AS src, r.to AS dst, e"


def delete_edges(type_: str) -> str:
    return f"UNWIND $rows AS r {_pair_match(type_)} DELETE e"


def create_edges(type_: str) -> str:
    rt = RELS[type_]
    fields = _fields(rt.all_props)
    return (f"UNWIND $rows AS r MATCH (a:{rt.src} {{{NODES[rt.src].key}: r.from}}), "
            f"(b:{rt.dst} {{{NODES[rt.dst].key}: r.to}}) CREATE (a)-[e:{type_} {{{fields}}}]->(b)")


def all_nodes(label: str) -> str:
    return f"MATCH (n:{label}) RETURN n"


def all_edges(type_: str) -> str:
    rt = RELS[type_]
    return (f"MATCH (a:{rt.src})-[e:{type_}]->(b:{rt.dst}) "
            f"RETURN a.{NODES[rt.src].key} AS src, b.{NODES[rt.dst].key} AS dst, e")


def count_nodes(label: str) -> str:
    return f"MATCH (n:{label}) RETURN count(n) AS n"


def count_edges(type_: str) -> str:
    return f"MATCH ()-[e:{type_}]->() RETURN count(e) AS n"
