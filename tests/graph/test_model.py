import ladybug
import pytest

from graph.model import NODES, RELS, cypher_schema, ladybug_ddl, neo4j_constraints, node_type, rel_type


def test_every_relationship_joins_known_labels():
    for rel in RELS.values():
        assert rel.src in NODES and rel.dst in NODES, rel.type
        for key in rel.key_props:
            assert key in {p.name for p in rel.props}, (rel.type, key)


def test_ladybug_ddl_creates_every_table(tmp_path):
    conn = ladybug.Connection(ladybug.Database(str(tmp_path / "db")))
    for statement in ladybug_ddl():
        conn.execute(statement)
    result = conn.execute("CALL show_tables() RETURN name")
    tables = set()
    while result.has_next():
        tables.add(result.get_next()[0])
    assert tables == set(NODES) | set(RELS)


def test_neo4j_constraints_cover_every_label_key():
    constraints = neo4j_constraints()
    for node in NODES.values():
        assert any(f"(n:{node.label})" in c and f"n.{node.key} IS UNIQUE" in c for c in constraints), node.label


def test_schema_lists_provenance_keys():
    schema = cypher_schema()
    assert {"doc_ids", "sentence_ids", "span_starts", "span_ends", "weight"} <= set(schema["propertyKeys"])
    assert set(schema["labels"]) == set(NODES)


def test_a_documents_own_facts_keep_no_document_ids():
    """Their evidence is all their source Document's; every other fact and node names its documents."""
    for rel in RELS.values():
        names = {p.name for p in rel.all_props}
        assert {"sentence_ids", "span_starts", "span_ends", "weight"} <= names, rel.type
        assert ("doc_ids" in names) == (rel.src != "Document"), rel.type
    assert all("doc_ids" in {p.name for p in n.all_props} for n in NODES.values() if n.provenance)


def test_unknown_names_are_reported_with_the_known_ones():
    with pytest.raises(KeyError, match="City"):
        node_type("Town")
    with pytest.raises(KeyError, match="MENTIONS"):
        rel_type("MENTION")
