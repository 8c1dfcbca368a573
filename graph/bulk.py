"""Bulk load: staged on disk and copied in at the end, into an empty store or as a rebuild.

Written batch by batch, a LadybugDB store slows down as it grows: every checkpoint
rewrites the relationships of popular nodes (every document cites a few tactics and
cities) and copies their list columns piecewise (benchmarks/RESULTS.md, "Bulk load").
A BulkLoad needs none of that. It stages each batch as Parquet files, one directory per
table, and at the end copies every table with COPY FROM into a new store beside the
store, which then takes its place: the store goes from what it was to complete, or stays
as it was. Into a store that holds documents, the new store starts from its tables
(a rebuild), which costs about as much as copying them, whatever the number of files.

What the stored graph holds does not change: the same rows as batch-by-batch writes.
- Each file's bundle becomes a StagedFile where it is extracted (in a worker process):
  Arrow tables of its rows. The loading process only appends them to the part it stages.
- Documents, their Sentences, source files and the Document's own relationships belong
  to one file each and are staged as they come.
- Other nodes (cities, officials, tactics …) are merged per part and at the end, in
  Arrow, as GraphBundle merges them (merge_nodes).
- Aggregate relationships (RelType.aggregate) are staged in their stored form per
  file and merged per part and at the end (graph.bundle.merge_stored, in Arrow): counts
  add up, the first EVIDENCE_CAP evidences are kept.
- A document staged before, or that the store holds (the same text in two files), is set
  aside with its own relationships and written the ordinary way into the new store after
  the copy, which merges it with what is stored; only then does the new store take the
  old one's place. The rest of its file is staged.
"""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from graph import statements
from graph.bundle import EVIDENCE_CAP, GraphBundle, edge_row, node_row, stored_edge
from graph.embedded import EmbeddedStore, StoreError, arrow_rows
from graph.memory import release_freed_memory
from graph.model import NODES, RELS, RelType

# Labels staged batch by batch: one batch holds each of their nodes (a repeat is set aside).
_STAGED_LABELS = ("Document", "SourceFile")
# A Document's Sentences come with it (and are set aside with a repeat); their keys name the document.
_DOCUMENT_PARTS = ("Sentence",)
_EVIDENCE = ("v_doc_ids", "v_span_starts", "v_span_ends", "v_sentence_ids")  # Evidence's sort order

Status = Callable[[str], None]


class StagedFile:
    """One file's bundle as a BulkLoad stages it: its nodes and relationships as Arrow tables
    (aggregate relationships in their stored form), the keys of its Document and SourceFile nodes,
    and the bundle itself for the rare file that repeats a document.

    Made in the worker that extracted the file (`process_files_parallel(prepare=StagedFile)`), it
    crosses to the loading process as Arrow IPC streams, which load there in about 1 ms per bench
    file against 4 ms for the bundle's objects (benchmarks/RESULTS.md, "Workers stage"). The
    bundle crosses as pickled bytes, loaded only for a repeat.

    Args:
        bundle (GraphBundle): everything one file contributes (or several files, as one unit).
    """

    def __init__(self, bundle: GraphBundle) -> None:
        bundle.check()
        self.keys: dict[str, list[str]] = {label: [] for label in _STAGED_LABELS}
        nodes: dict[str, list[dict]] = {}
        for node in bundle.nodes.values():
            nodes.setdefault(node.label, []).append(node_row(node))
            if node.label in self.keys:
                self.keys[node.label].append(node.key)
        edges: dict[str, list[dict]] = {}
        for edge in bundle.edges.values():
            edges.setdefault(edge.type, []).append(edge_row(stored_edge(edge)))
        self.tables = {label: arrow_rows(NODES[label].all_props, rows) for label, rows in nodes.items()}
        self.tables |= {type_: arrow_rows(RELS[type_].all_props, rows, ends=True) for type_, rows in edges.items()}
        self._bundle: GraphBundle | bytes = bundle

    @property
    def bundle(self) -> GraphBundle:
        if isinstance(self._bundle, bytes):
            self._bundle = pickle.loads(self._bundle)
        return self._bundle

    def __getstate__(self) -> dict[str, Any]:
        bundle = self._bundle if isinstance(self._bundle, bytes) else pickle.dumps(self._bundle, protocol=5)
        return {"keys": self.keys, "_bundle": bundle,
                "tables": {name: _ipc_bytes(table) for name, table in self.tables.items()}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        state["tables"] = {name: ipc.open_stream(data).read_all() for name, data in state["tables"].items()}
        self.__dict__.update(state)


def _ipc_bytes(table: pa.Table) -> bytes:
    # Pickling a pa.Table goes array by array in Python: twice the cost of one IPC stream.
    sink = pa.BufferOutputStream()
    with ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


class BulkLoad:
    """Stage batches for an embedded store; `finish` copies them, with what the store holds, into
    a new store that takes its place.

    Args:
        store (EmbeddedStore): the store to fill, open for writing.
        stage (Path): a directory for the staged Parquet files, emptied first and removed by finish
            (default: beside the store, `<store>.staging`).
        files_per_part (int): files (or bundles) staged together in one Parquet file per table.
    """

    def __init__(self, store: EmbeddedStore, stage: Path | None = None, files_per_part: int = 200) -> None:
        self.store = store
        self.stage = Path(stage) if stage else store.path.with_name(store.path.name + ".staging")
        shutil.rmtree(self.stage, ignore_errors=True)
        self.stage.mkdir(parents=True)
        # Keys of the staged nodes, the stored ones first: a file that brings one again repeats it.
        self.staged: dict[str, set[str]] = {
            label: {row[0] for row in store.query(statements.node_keys(label))[1]}
            for label in _STAGED_LABELS}
        self.rebuild = not store.is_empty()
        self.late = GraphBundle()  # repeats of staged nodes, and their relationships
        self.files_per_part = files_per_part
        self.part: dict[str, list[pa.Table]] = {}
        self.part_files = self.parts = 0

    def add(self, file: StagedFile | GraphBundle) -> None:
        """Stage one file's bundle (or several files' merged), best made where it was extracted."""
        staged = file if isinstance(file, StagedFile) else StagedFile(file)
        if any(key in self.staged[label] for label, keys in staged.keys.items() for key in keys):
            staged = StagedFile(self._set_aside_repeats(staged.bundle))
        for label, keys in staged.keys.items():
            self.staged[label].update(keys)
        for name, table in staged.tables.items():
            self.part.setdefault(name, []).append(table)
        self.part_files += 1
        if self.part_files >= self.files_per_part:
            self._write_part()

    def _set_aside_repeats(self, bundle: GraphBundle) -> GraphBundle:
        """Put the nodes of `bundle` staged before, and their relationships, into self.late; return
        the rest, its aggregate relationships in their stored form without the repeated documents
        (the file that staged them counted them)."""
        repeats = {n.ref for n in bundle.nodes.values() if n.label in self.staged and n.key in self.staged[n.label]}
        repeated_docs = {key for label, key in repeats if label == "Document"}
        rest = GraphBundle()
        for node in bundle.nodes.values():
            repeated = node.ref in repeats or (node.label in _DOCUMENT_PARTS and node.props["document"] in repeated_docs)
            (self.late if repeated else rest)._put_node(node)
        for edge in bundle.edges.values():
            if RELS[edge.type].aggregate:
                if (edge := stored_edge(edge, repeated_docs)) is not None:
                    rest._put_edge(edge)
            elif edge.src in repeats or edge.dst in repeats:
                for end in (edge.src, edge.dst):
                    self.late._put_node(bundle.nodes[end])
                self.late._put_edge(edge)
            else:
                rest._put_edge(edge)
        return rest

    def _write_part(self) -> None:
        for name, tables in self.part.items():
            self._write(name, _merged(name, pa.concat_tables(tables)))
        self.part, self.part_files = {}, 0
        self.parts += 1

    def _write(self, table: str, rows: pa.Table) -> None:
        if rows.num_rows:
            folder = self.stage / table
            folder.mkdir(exist_ok=True)
            pq.write_table(rows, folder / f"{self.parts:06d}.parquet")

    def finish(self, status: Status | None = None) -> None:
        """Merge what was staged, copy it into a new store beside this one, write the repeats into it
        the ordinary way and put it in this one's place. The stage directory is removed either way."""
        say = status or (lambda _: None)
        aside = self.store.path.with_name(self.store.path.name + ".building")
        try:
            self._write_part()
            if self.rebuild:
                say("reading the store's tables")
                self._stage_store()
                self.store.reopen()  # the pages the export read would stay in memory through the copy
            say("merging the facts many documents support")
            for table in (*NODES, *RELS):
                folder = self.stage / table
                if _merges(table) and folder.exists():
                    merged = _merged(table, pq.read_table(folder))
                    shutil.rmtree(folder)
                    self._write(table, merged)
                    del merged
            for label in _DOCUMENT_PARTS:
                if (self.stage / label).exists() and (dropped := _keep_first_of_each_key(self.stage / label, label)):
                    say(f"{dropped} {label} rows share a key with another (a hash collision): kept the first")
            release_freed_memory()
            # One transaction per table (one for all holds every table in memory until the commit), and
            # the store opened anew for each large table: the engine keeps every page it has read or
            # written in its buffer pool, so the peak is the largest table's, not the sum of all. The
            # new store takes this one's place only when complete.
            _remove_store(aside)
            for session in _sessions(self.stage):
                with EmbeddedStore(aside, buffer_pool_mb=self.store.buffer_pool_mb) as built:
                    for table in session:
                        say(f"copying {table}")
                        try:
                            built.conn.execute(f"COPY {table} FROM {_quoted(self.stage / table / '*.parquet')}")
                        except RuntimeError as exc:
                            raise StoreError(self._copy_failure(table, exc)) from exc
                release_freed_memory()  # or the next session's peak adds to what this one kept
            if self.late.nodes:
                say("merging repeated documents")
                with EmbeddedStore(aside, buffer_pool_mb=self.store.buffer_pool_mb) as built:
                    try:
                        built.write(self.late)
                    except RuntimeError as exc:
                        raise StoreError(self._copy_failure("the repeated documents", exc)) from exc
            self.store.replace_with(aside)
        finally:
            shutil.rmtree(self.stage, ignore_errors=True)
            _remove_store(aside)

    def _stage_store(self) -> None:
        """Stage what the store holds, as it is (aggregate edges in their stored form), to be merged
        with the staged parts like any part."""
        for label in NODES:
            self._export(label, statements.node_rows(label))
        for type_ in RELS:
            self._export(type_, statements.edge_rows(type_))

    def _export(self, table: str, query: str) -> None:
        folder = self.stage / table
        folder.mkdir(exist_ok=True)
        self.store.conn.execute(f"COPY ({query}) TO {_quoted(folder / 'stored.parquet')}")
        if not pq.read_metadata(folder / "stored.parquet").num_rows:
            (folder / "stored.parquet").unlink()
            if not any(folder.iterdir()):
                folder.rmdir()  # a table's folder exists once it has a row to copy

    def _copy_failure(self, table: str, exc: RuntimeError) -> str:
        still = "the store is as it was" if self.rebuild else "the store is still empty"
        what = f"the bulk copy of {table} into {self.store.path} failed: nothing was written, {still}"
        if "buffer pool is full" in str(exc):
            # The engine holds a table's whole copy in memory until it commits; copying it in pieces
            # does not lower that (benchmarks/RESULTS.md, "Bulk load"), so a second try fails the same way.
            return (f"{what}. Its {table} table needs more memory than the embedded store may use here: "
                    "load this corpus into Neo4j (`cckg load FILES --neo4j URI`), or load a part of it first "
                    "and add the rest in `cckg load` runs of at most two batches (they merge batch by batch, slower)")
        return f"{what} ({exc}); run the same load again"


def _sessions(stage: Path) -> list[list[str]]:
    """The staged tables in copy order (nodes before relationships), grouped into store sessions
    that each read at most half as many staged bytes as the largest table: small tables share
    one (opening a store costs ~0.07 s), without raising the peak above the largest table's."""
    sizes = {table: sum(f.stat().st_size for f in (stage / table).iterdir())
             for table in (*NODES, *RELS) if (stage / table).exists()}
    budget = max(sizes.values(), default=0) / 2
    sessions: list[list[str]] = []
    used = budget
    for table, size in sizes.items():
        if used + size > budget:
            sessions.append([])
            used = 0
        sessions[-1].append(table)
        used += size
    return sessions


def _remove_store(path: Path) -> None:
    for file in (path, path.with_name(path.name + ".wal")):
        file.unlink(missing_ok=True)


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _merges(table: str) -> bool:
    """Whether the staged rows of a table hold several rows of one fact, to be merged: nodes of the
    labels many files share, aggregate relationships."""
    if table in NODES:
        return table not in _STAGED_LABELS + _DOCUMENT_PARTS
    return RELS[table].aggregate


def _keep_first_of_each_key(folder: Path, label: str) -> int:
    """Keep the first staged row of each key of a label whose keys are hashes (graph.model.sentence_id:
    two spans may share one, and a copy with a repeated key fails); return the number of rows dropped."""
    key = f"v_{NODES[label].key}"
    keys = pq.read_table(folder, columns=[key])[key].to_numpy()
    _, first = np.unique(keys, return_index=True)
    if len(first) == len(keys):
        return 0
    kept = pq.read_table(folder).take(pa.array(np.sort(first)))
    shutil.rmtree(folder)
    folder.mkdir()
    pq.write_table(kept, folder / "kept.parquet")
    return len(keys) - len(first)


def _merged(table: str, rows: pa.Table) -> pa.Table:
    if not _merges(table):
        return rows
    return merge_nodes(table, rows) if table in NODES else merge_aggregate(RELS[table], rows)


def _groups(rows: pa.Table, keys: list[str]) -> tuple[np.ndarray, int, np.ndarray]:
    """Group ids of the rows (rows that agree on every key column, nulls equal, share one; ids in
    key order), the number of groups, and the index of each group's first row."""
    n = rows.num_rows
    codes = [pc.dictionary_encode(rows[k]).combine_chunks().indices.fill_null(-1).to_numpy() for k in keys]
    order = np.lexsort(codes[::-1])
    same = np.ones(n - 1, bool)
    for code in codes:
        ordered = code[order]
        same &= ordered[1:] == ordered[:-1]
    first = np.concatenate([[True], ~same])
    group_of_sorted = np.cumsum(first) - 1
    group = np.empty(n, np.int64)
    group[order] = group_of_sorted
    return group, int(group_of_sorted[-1]) + 1, order[first]


def merge_nodes(label: str, rows: pa.Table) -> pa.Table:
    """Rows of one label (columns as graph.embedded.arrow_rows) merged to one row per key, as
    GraphBundle merges nodes: properties by their rule (a list: the one value every row gives, else
    the sorted union), the first EVIDENCE_CAP distinct evidences in Evidence order, and their number
    as `weight`."""
    if rows.num_rows == 0:
        return rows
    nt = NODES[label]
    key = f"v_{nt.key}"
    group, groups, first = _groups(rows, [key])
    columns = {key: rows[key].take(pa.array(first))}
    lists = [p for p in nt.props if p.name != nt.key and p.type.endswith("[]")]
    scalars = [(f"v_{p.name}", "min" if p.merge == "min" else "max")
               for p in nt.props if p.name != nt.key and not p.type.endswith("[]")]
    if scalars:
        by_group = (rows.select([name for name, _ in scalars]).append_column("group", pa.array(group))
                    .group_by("group", use_threads=False).aggregate(scalars).sort_by("group"))
        columns |= {name: by_group[f"{name}_{rule}"] for name, rule in scalars}
    for prop in lists:
        columns[f"v_{prop.name}"] = _merged_lists(rows[f"v_{prop.name}"], group, groups)
    columns |= _first_evidence(rows, group, groups, distinct=True)
    columns["v_weight"] = pc.list_value_length(columns["v_doc_ids"])
    names = [f"v_{p.name}" for p in nt.all_props]
    return pa.table({name: columns[name].cast(rows.schema.field(name).type) for name in names})


def _merged_lists(values: pa.ChunkedArray, group: np.ndarray, groups: int) -> pa.Array:
    """graph.bundle's merge of list values, per group: the value if all rows that have one agree,
    else the sorted union of their items."""
    out: list = [None] * groups
    for g, value in zip(group.tolist(), values.to_pylist()):
        if value is None:
            continue
        held = out[g]
        if held is None:
            out[g] = value
        elif held != value:
            out[g] = sorted(set(held) | set(value))
    return pa.array(out, values.type)


def merge_aggregate(rt: RelType, rows: pa.Table) -> pa.Table:
    """Rows of one aggregate type (stored forms from disjoint sets of documents, columns as
    graph.embedded.arrow_rows) merged to one row per fact, as graph.bundle.merge_stored merges
    them: doc counts and weights add up, other properties merge by their rule, and the first
    EVIDENCE_CAP evidences in Evidence order are kept."""
    if rows.num_rows == 0:
        return rows
    keys = ["src", "dst", *(f"v_{k}" for k in rt.key_props)]
    group, groups, first = _groups(rows, keys)
    columns = {k: rows[k].take(pa.array(first)) for k in keys}
    aggregations, rules = [], {}
    for prop in rt.props:
        if prop.name in rt.key_props:
            continue
        if prop.type.endswith("[]"):
            raise NotImplementedError(f"{rt.type}.{prop.name}: list properties of aggregate relationships")
        rules[prop.name] = {"doc_count": "sum", "min": "min"}.get(prop.merge, "max")
        aggregations.append((f"v_{prop.name}", rules[prop.name]))
    aggregations.append(("v_weight", "sum"))
    by_group = (rows.select([name for name, _ in aggregations]).append_column("group", pa.array(group))
                .group_by("group", use_threads=False).aggregate(aggregations).sort_by("group"))
    for prop in rt.props:
        if prop.name in rules:
            columns[f"v_{prop.name}"] = by_group[f"v_{prop.name}_{rules[prop.name]}"]
    columns |= _first_evidence(rows, group, groups)
    columns["v_weight"] = by_group["v_weight_sum"]
    # arrow_rows' column order: ends, properties, provenance.
    names = ["src", "dst", *(f"v_{p.name}" for p in rt.all_props)]
    return pa.table({name: columns[name].cast(rows.schema.field(name).type) for name in names})


def _first_evidence(rows: pa.Table, group: np.ndarray, groups: int, distinct: bool = False) -> dict[str, pa.Array]:
    """Each group's first EVIDENCE_CAP evidences in Evidence order, as list columns; `distinct`:
    an evidence that several rows of a group hold counts once."""
    parent = pc.list_parent_indices(rows["v_doc_ids"]).to_numpy()
    evidence = pa.table({"group": pa.array(group[parent]),
                         **{name: pc.list_flatten(rows[name]) for name in _EVIDENCE}})
    evidence = evidence.take(pc.sort_indices(evidence, [("group", "ascending")] + [(c, "ascending") for c in _EVIDENCE]))
    if distinct and evidence.num_rows > 1:
        repeat = np.ones(evidence.num_rows - 1, bool)
        for name in ("group", *_EVIDENCE):
            column = evidence[name].combine_chunks()
            repeat &= pc.equal(column[1:], column[:-1]).fill_null(False).to_numpy(zero_copy_only=False)
        evidence = evidence.filter(pa.array(np.concatenate([[True], ~repeat])))
    sorted_group = evidence["group"].to_numpy()
    rank = np.arange(len(sorted_group)) - np.searchsorted(sorted_group, sorted_group)
    keep = rank < EVIDENCE_CAP
    evidence = evidence.filter(pa.array(keep))
    offsets = np.concatenate([[0], np.cumsum(np.bincount(sorted_group[keep], minlength=groups))])
    return {name: pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), evidence[name].combine_chunks())
            for name in _EVIDENCE}
