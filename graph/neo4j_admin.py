"""CSV files for ``neo4j-admin database import full``: the way to load a very large corpus.

One node file per label (``nodes_City.csv``) and one relationship file per type
(``rels_CITES.csv``), headers in the import tool's format: ``adcode:ID(City)``, typed
properties (``weight:long``, ``sentence_ids:long[]``), ``:LABEL``; ``:START_ID(Document)``,
``:END_ID(City)``, ``:TYPE``. Each label has its own ID space, so keys of different
labels never collide. Arrays are joined with ARRAY_DELIMITER, a character that does
not occur in the texts (checked). The import tool creates no constraints, so
``constraints.cypher`` holds them, to run once the database is started.
"""

from __future__ import annotations

import csv
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.bundle import GraphBundle, edge_row, node_row, stored_form
from graph.model import NODES, RELS, Prop, neo4j_constraints

ARRAY_DELIMITER = "\u241e"  # ␞ SYMBOL FOR RECORD SEPARATOR
_TYPES = {"STRING": "", "INT64": ":long", "DOUBLE": ":double", "BOOLEAN": ":boolean",
          "STRING[]": ":string[]", "INT64[]": ":long[]"}


class ExportError(ValueError):
    """A value cannot be written in the import format."""


@dataclass(frozen=True)
class AdminImport:
    """What ``export_neo4j_admin`` wrote and how to import it."""

    directory: Path
    node_files: dict[str, Path]
    relationship_files: dict[str, Path]
    constraints_file: Path
    database: str

    @property
    def command(self) -> str:
        """The exact ``neo4j-admin`` command (run with the database stopped; it replaces the database)."""
        args = ["neo4j-admin", "database", "import", "full", self.database,
                "--overwrite-destination=true", "--multiline-fields=true",
                f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", "--id-type=string"]
        args += [f"--nodes={p}" for p in self.node_files.values()]
        args += [f"--relationships={p}" for p in self.relationship_files.values()]
        return " ".join(shlex.quote(a) for a in args)

    @property
    def after_command(self) -> str:
        return f"cypher-shell -d {shlex.quote(self.database)} -f {shlex.quote(str(self.constraints_file))}"


def node_header(label: str) -> list[str]:
    nt = NODES[label]
    # The import tool stores an ID as a string: a key of another type is an unstored ID and its own column.
    ids = [f"{nt.key}:ID({label})"] if nt.key_type == "STRING" else [f":ID({label})", _column(nt.all_props[0])]
    return ids + [_column(p) for p in nt.all_props if p.name != nt.key] + [":LABEL"]


def relationship_header(type_: str) -> list[str]:
    rt = RELS[type_]
    return [f":START_ID({rt.src})", f":END_ID({rt.dst})"] + [_column(p) for p in rt.all_props] + [":TYPE"]


def _column(prop: Prop) -> str:
    return f"{prop.name}{_TYPES[prop.type]}"


def _cell(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        items = [_cell(v, where) for v in value]
        if any(ARRAY_DELIMITER in item for item in items):
            raise ExportError(f"{where}: a value contains the array delimiter U+{ord(ARRAY_DELIMITER):04X}")
        return ARRAY_DELIMITER.join(items)
    return str(value)


def export_neo4j_admin(source: Any, out_dir: str | Path, database: str = "neo4j") -> AdminImport:
    """Write the graph as neo4j-admin import CSV files.

    Args:
        source (GraphBundle | Store): a bundle, or any store (its ``read_bundle()`` is exported).
        out_dir (str | Path): the directory to write into (created).
        database (str): the database name the printed command imports into.

    Returns:
        AdminImport: the files written and ``.command``, the import command.
    """
    # As the stores hold it: aggregate edges with their first evidences and counts.
    bundle = stored_form(source if isinstance(source, GraphBundle) else source.read_bundle())
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    node_files: dict[str, Path] = {}
    for label, nt in NODES.items():
        nodes = bundle.nodes_of(label)
        if not nodes:
            continue
        columns = [nt.key] * (1 if nt.key_type == "STRING" else 2) + [p.name for p in nt.all_props if p.name != nt.key]
        rows = ([_cell(node_row(n)[c], f"{label} {n.key}") for c in columns] + [label] for n in nodes)
        node_files[label] = _write(out / f"nodes_{label}.csv", node_header(label), rows)
    rel_files: dict[str, Path] = {}
    for type_, rt in RELS.items():
        edges = bundle.edges_of(type_)
        if not edges:
            continue
        columns = ["from", "to"] + [p.name for p in rt.all_props]
        rows = ([_cell(edge_row(e)[c], f"{type_} {e.src[1]}->{e.dst[1]}") for c in columns] + [type_] for e in edges)
        rel_files[type_] = _write(out / f"rels_{type_}.csv", relationship_header(type_), rows)
    constraints = out / "constraints.cypher"
    constraints.write_text("".join(f"{s};\n" for s in neo4j_constraints()), encoding="utf-8")
    return AdminImport(out, node_files, rel_files, constraints, database)


def _write(path: Path, header: list[str], rows: Iterable[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path
