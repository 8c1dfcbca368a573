"""`neo4j-admin database import full` CSV files: headers in the import tool's format, one file per
label and type, every row of the bundle, arrays that split back into the evidence."""

from __future__ import annotations

import csv
import re
import shlex

import pytest

from graph.bundle import Evidence, GraphBundle
from graph.model import NODES, RELS
from graph.neo4j_admin import ARRAY_DELIMITER, ExportError, export_neo4j_admin
from tests.graph.catalogue_facts import JIAOZUO, catalogue_bundle, tactic_sentence

HEADER_FIELD = re.compile(r"^(\w*)(?::(ID|START_ID|END_ID)\((\w+)\)|:(string|long|double|boolean)(\[\])?|:(LABEL|TYPE))?$")


def read(path):
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    bundle = catalogue_bundle()
    return bundle, export_neo4j_admin(bundle, tmp_path_factory.mktemp("admin"))


def test_one_file_per_label_and_type_present_with_valid_headers(exported):
    bundle, result = exported
    counts = bundle.counts()
    assert set(result.node_files) == {l for l in NODES if counts[l]}
    assert set(result.relationship_files) == {t for t in RELS if counts[t]}
    for label, path in result.node_files.items():
        header, rows = read(path)
        assert all(HEADER_FIELD.match(h) for h in header), header
        key = NODES[label].key
        if NODES[label].key_type == "STRING":
            assert header[0] == f"{key}:ID({label})"
        else:  # the import tool would store the ID as a string: the key is a typed column of its own
            assert header[:2] == [f":ID({label})", f"{key}:long"]
            assert all(r[header[0]] == r[header[1]] for r in rows)
        assert header[-1] == ":LABEL"
        provenance = {"weight:long", "sentence_ids:long[]", "span_starts:long[]"}
        assert provenance <= set(header) if NODES[label].provenance else not provenance & set(header)
        assert len(rows) == counts[label] and {r[":LABEL"] for r in rows} == {label}
    for type_, path in result.relationship_files.items():
        header, rows = read(path)
        rt = RELS[type_]
        assert header[:2] == [f":START_ID({rt.src})", f":END_ID({rt.dst})"] and header[-1] == ":TYPE"
        assert len(rows) == counts[type_] and {r[":TYPE"] for r in rows} == {type_}


def test_every_relationship_refers_to_an_exported_node_in_its_id_space(exported):
    _, result = exported
    ids = {}
    for label, path in result.node_files.items():
        header, rows = read(path)
        ids[label] = {r[header[0]] for r in rows}
    for type_, path in result.relationship_files.items():
        header, rows = read(path)
        src, dst = (re.search(r"\((\w+)\)", h).group(1) for h in header[:2])
        for r in rows:
            assert r[header[0]] in ids[src] and r[header[1]] in ids[dst], (type_, r)


def test_values_and_arrays_round_trip(exported):
    _, result = exported
    _, cities = read(result.node_files["City"])
    jz = next(r for r in cities if r["adcode:ID(City)"] == JIAOZUO)
    assert (jz["name"], jz["short_name"], jz["lat:double"]) == ("焦作市", "焦作", "")
    _, uses = read(result.relationship_files["USES"])
    grid = next(r for r in uses if r[":START_ID(City)"] == JIAOZUO and r[":END_ID(Tactic)"] == "网格化管理")
    assert grid["doc_ids:string[]"].split(ARRAY_DELIMITER) == ["doc-jz-1", "doc-jz-2"]
    _, sentences = read(result.node_files["Sentence"])
    texts = {r["sentence_id:long"]: r["text"] for r in sentences}
    assert [texts[i] for i in grid["sentence_ids:long[]"].split(ARRAY_DELIMITER)] == [
        tactic_sentence("doc-jz-1", "网格化管理"), tactic_sentence("doc-jz-2", "网格化管理")]
    assert grid["weight:long"] == "2" and grid["docs:long"] == "2"  # two citing documents
    _, reported = read(result.relationship_files["REPORTED"])
    assert {(r["value"], r["unit"]) for r in reported} == {("12", "个"), ("95%", "")}


def test_the_printed_command_imports_every_file(exported):
    _, result = exported
    args = shlex.split(result.command)
    assert args[:5] == ["neo4j-admin", "database", "import", "full", "neo4j"]
    assert f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}" in args and "--multiline-fields=true" in args
    assert sorted(a.split("=", 1)[1] for a in args if a.startswith("--nodes=")) == \
        sorted(str(p) for p in result.node_files.values())
    assert sorted(a.split("=", 1)[1] for a in args if a.startswith("--relationships=")) == \
        sorted(str(p) for p in result.relationship_files.values())
    constraints = result.constraints_file.read_text(encoding="utf-8")
    assert "FOR (n:City) REQUIRE n.adcode IS UNIQUE;" in constraints


def test_multiline_text_and_quotes_survive(tmp_path):
    b = GraphBundle()
    text = '第一段，"引号"。\n第二段，逗号,分隔。'
    b.add_node("Document", "d1", {"title": 'a "quoted", title'}, [Evidence("d1", 0, len(text), text)])
    result = export_neo4j_admin(b, tmp_path)
    _, rows = read(result.node_files["Document"])
    assert rows[0]["title"] == 'a "quoted", title'
    _, rows = read(result.node_files["Sentence"])
    assert rows[0]["text"] == text


def test_a_value_containing_the_array_delimiter_is_refused(tmp_path):
    b = GraphBundle()
    b.add_node("Tactic", "门前三包", {"variants": [f"坏{ARRAY_DELIMITER}包"]})
    with pytest.raises(ExportError, match="array delimiter"):
        export_neo4j_admin(b, tmp_path)
