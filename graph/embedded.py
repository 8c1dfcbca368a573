"""The embedded store: a LadybugDB database in one directory, no server.

Writes merge a GraphBundle into what is stored (evidence unioned, properties
merged by the bundle's rule) inside one transaction, so a load killed at any
point leaves the previous graph, and loading the same files again changes
nothing.

Aggregate edges (a city's USES, REPORTED …, see RelType.aggregate) are written
in their stored form: a few evidences and the counts. A fact the store does not
hold yet is created without a lookup (the store keeps the keys of the facts it
holds in memory); looking one up walks every edge of its source node, a cost that
grows with the store, so only the facts written before are looked up and updated.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

import ladybug
import pyarrow as pa

from graph import statements
from graph.bundle import (Edge, Evidence, GraphBundle, Node, edge_from_row, edge_row, merge_props, merge_rules,
                          merge_stored, node_from_row, node_row, stored_edge)
from graph.model import NODES, RELS, Prop, ladybug_ddl

DEFAULT_STORE = Path("cckg-data")

# Rows per Arrow batch when reading a whole table: a batch turns into Python objects at once.
_READ_BATCH = 50_000

# Bytes of write-ahead log before the engine checkpoints. Between checkpoints each
# write costs more (the engine consults what is not checkpointed yet), and each
# checkpoint costs more as the store grows (it rewrites the node groups of popular
# nodes whole). With aggregate edges in their stored form, 256 MiB beat 1 GiB on the
# bench documents: 50 against 53 ms of write CPU per document over 4,000 documents,
# peak RSS 2.5 against 3.3 GB (benchmarks/RESULTS.md, "Aggregate edges in a stored
# form"). Committed batches are in the log either way, so a killed load loses nothing.
CHECKPOINT_THRESHOLD = 256 * 2**20

# The buffer pool stays at the engine's default (80 % of the machine's memory) for
# writing: bounded at 1 GiB (checkpoint threshold 256 MiB), a load of the bench corpus
# failed at ~2,000 documents with "the buffer pool is full" inside a relationship
# write, as 256 MiB had at the same size (benchmarks/RESULTS.md, "Embedded writer"),
# and a 1 GiB pool with a 64 MiB threshold failed the same way in a checkpoint at
# ~3,000 documents. A bound needs a proof on a 20,000-document store first.

# The engine's names for the model's property types, where they differ.
_TYPE_NAMES = {"BOOL": "BOOLEAN"}


class StoreError(RuntimeError):
    """A store could not be opened or written; the message says what to do."""


class EmbeddedStore:
    """A cckg graph in a LadybugDB directory.

    Args:
        path (str | Path): the store directory (created on first write).
        read_only (bool): open without write access; writes are refused by the engine.
        buffer_pool_mb (int | None): memory the engine may use for pages, in MiB (default: the engine's,
            80 % of the machine's memory); a write that needs more fails instead of growing.
    """

    kind = "embedded"

    def __init__(self, path: str | Path = DEFAULT_STORE, read_only: bool = False,
                 buffer_pool_mb: int | None = None) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.buffer_pool_mb = buffer_pool_mb
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}: run `cckg load FILES --store {self.path}` first")
        self._open()
        # Hashes of the keys of the aggregate facts stored (read on the first write).
        self._facts: set[int] | None = None

    def _open(self) -> None:
        read_only = self.read_only
        options = {} if read_only else {"checkpoint_threshold": CHECKPOINT_THRESHOLD}
        if self.buffer_pool_mb:
            options["buffer_pool_size"] = self.buffer_pool_mb * 2**20
        try:
            self.db = ladybug.Database(str(self.path), read_only=read_only, **options)
        except RuntimeError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"the store {self.path} is open for writing in another process "
                    "(a running `cckg load` or `cckg app`?); stop it or use another --store") from exc
            if read_only and "recovery" in str(exc).lower():
                raise StoreError(
                    f"the store {self.path} was interrupted while writing; run `cckg load` on it again "
                    "(it recovers and finishes the load)") from exc
            raise StoreError(f"cannot open the store {self.path}: {exc}") from exc
        self.conn = ladybug.Connection(self.db)
        if problem := self._schema_mismatch():
            self.close()
            raise StoreError(
                f"the store {self.path} was built by another version of cckg ({problem}): load the files "
                f"into a new store (`cckg load FILES --store NEW_PATH`), or delete {self.path} and load them again")
        if not read_only:
            for ddl in ladybug_ddl():
                self.conn.execute(ddl)

    def _schema_mismatch(self) -> str:
        """How the stored tables differ from the model's, for a store with any ("" when they agree). A table
        the store lacks is created on opening for writing (a store killed while being created lacks some)."""
        stored = {row[0] for row in self.query("CALL show_tables() RETURN name")[1]}
        if not stored:
            return ""
        wanted = {**{n.label: n.all_props for n in NODES.values()}, **{r.type: r.all_props for r in RELS.values()}}
        problems = [f"no {name} table" for name in wanted if name not in stored and self.read_only]
        problems += [f"a {name} table this version does not have" for name in stored if name not in wanted]
        for name in wanted.keys() & stored:
            columns = {row[0]: _TYPE_NAMES.get(row[1], row[1])
                       for row in self.query(f"CALL table_info('{name}') RETURN name, type")[1]}
            expected = {p.name: p.type for p in wanted[name]}
            if columns != expected:
                odd = sorted(k for k in columns.keys() | expected.keys() if columns.get(k) != expected.get(k))
                problems.append(f"{name} differs in {', '.join(odd)}")
        return "; ".join(problems[:3]) + ("; …" if len(problems) > 3 else "")

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()
        self.db.close()

    def reopen(self) -> None:
        """Close and open again, which gives back the memory of every page the engine has read."""
        self.close()
        self._open()

    def replace_with(self, built: Path) -> None:
        """Put the closed store `built` (built from all this store holds) in this one's place, and reopen."""
        # Checkpointed first, this store's log holds nothing, so losing it before the swap loses
        # nothing; after the swap it must not be replayed onto the new store.
        self.conn.execute("CHECKPOINT")
        self.close()
        self.path.with_name(self.path.name + ".wal").unlink(missing_ok=True)
        os.replace(built, self.path)
        self._open()
        self._facts = None

    # reading ------------------------------------------------------------------
    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
        """Run one statement; return column names and rows."""
        result = self.conn.execute(cypher, dict(params or {}))
        columns = result.get_column_names()
        rows = []
        while result.has_next():
            rows.append(result.get_next())
        return columns, rows

    def run_read_only(self, cypher: str, params: Mapping[str, Any] | None = None, *,
                      row_limit: int = 1000, timeout: float = 30.0):
        """Run a user's (Neo4j-dialect) query on a read-only store, with a timeout and a row limit.

        Raises:
            ReadOnlyViolation: the query would write, or the store was not opened read-only.
            StoreError: the engine failed the query (one line).
        """
        from graph.dialect import DialectError, to_ladybug
        from graph.readonly import ReadOnlyViolation, check_read_only
        from graph.store import QueryResult, plain

        check_read_only(cypher)
        if not self.read_only:
            raise ReadOnlyViolation(f"refused: open the store {self.path} read-only to run users' queries")
        try:
            text = to_ladybug(cypher)
        except (DialectError, ValueError) as exc:
            raise StoreError(f"query failed: {exc}") from None
        self.conn.set_query_timeout(int(timeout * 1000))
        try:
            result = self.conn.execute(text, dict(params or {}))
            columns = result.get_column_names()
            rows = []
            while result.has_next() and len(rows) <= row_limit:
                rows.append([plain(v) for v in result.get_next()])
        except RuntimeError as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if "interrupt" in message.lower() or "timeout" in message.lower():
                message = f"the query ran longer than {timeout:g}s and was stopped"
            raise StoreError(f"query failed: {message}") from None
        finally:
            self.conn.set_query_timeout(0)
        return QueryResult(columns, rows[:row_limit], truncated=len(rows) > row_limit)

    def _records(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        columns, rows = self.query(cypher, params)
        return [dict(zip(columns, row)) for row in rows]

    def counts(self) -> dict[str, int]:
        return statements.count_all(self.query)

    def is_empty(self) -> bool:
        return not any(self.counts().values())

    def stored_files(self) -> dict[str, str]:
        """The source files stored: file id -> path. A write is one transaction, so a stored file
        was stored whole."""
        return dict(self.query("MATCH (f:SourceFile) RETURN f.file_id, f.path")[1])

    def read_bundle(self, types: Collection[str] | None = None, skip_props: Collection[str] = (),
                    labels: Collection[str] | None = None) -> GraphBundle:
        """What the store holds, as a GraphBundle: the nodes of `labels` and the relationships of
        `types` (default: all of each), without the properties named in skip_props (but with their
        keys). The evidences' sentences are looked up in the Sentence nodes, unless skip_props names
        `sentences`: then they are empty. Used by parity checks and exports."""
        bundle = GraphBundle()
        seen: dict[tuple, Evidence] = {}
        wanted = [label for label in NODES if labels is None or label in labels]
        texts: dict[int, str] | None = None
        if "sentences" not in skip_props:
            if "Sentence" in wanted:  # read first, its nodes give the texts
                wanted.remove("Sentence")
                for row in self._rows(statements.node_rows("Sentence")):
                    bundle._put_node(node_from_row("Sentence", row))
                texts = {key: node.props.get("text", "") for (_, key), node in bundle.nodes.items()}
            else:
                table = self.conn.execute(statements.sentence_texts()).get_as_arrow(chunk_size=_READ_BATCH)
                texts = dict(zip(table.column(0).to_pylist(), table.column(1).to_pylist()))
        for label in wanted:
            for row in self._rows(statements.node_rows(label, skip_props)):
                bundle._put_node(node_from_row(label, row, seen, texts))
        for type_ in RELS if types is None else [t for t in RELS if t in types]:
            for row in self._rows(statements.edge_rows(type_, skip_props)):
                bundle._put_edge(edge_from_row(type_, row["src"], row["dst"], row, seen, texts))
        return bundle

    def sentence_texts(self, ids: list[int]) -> dict[int, str]:
        """The texts of the Sentences with these keys, looked up by key and read as Arrow (40,000 of
        them: 124 ms, against 326 ms read row by row)."""
        rows = pa.table({"k": pa.array(ids, pa.int64())})
        table = self.conn.execute(statements.fetch_sentence_texts(), {"rows": rows}).get_as_arrow(chunk_size=_READ_BATCH)
        return dict(zip(table.column(0).to_pylist(), table.column(1).to_pylist()))

    def _rows(self, cypher: str) -> Iterator[dict[str, Any]]:
        """The rows of a statement whose columns are named as statements.node_rows names them
        (v_ and the property), as {property: value}, read in Arrow batches."""
        table = self.conn.execute(cypher).get_as_arrow(chunk_size=_READ_BATCH)
        names = [name.removeprefix("v_") for name in table.column_names]
        for batch in table.to_batches():
            yield from (dict(zip(names, values)) for values in zip(*(c.to_pylist() for c in batch.columns)))

    # writing ------------------------------------------------------------------
    def write(self, bundle: GraphBundle) -> None:
        """Merge the bundle into the store in one transaction."""
        if self.read_only:
            raise StoreError(f"the store {self.path} is open read-only")
        bundle.check()
        # A connection of its own per write: the driver caches a prepared statement per
        # query and parameter signature, and each one keeps its last parameters; an Arrow
        # table is a new signature every time, so one long-lived connection would hold
        # every batch ever written (RSS grew ~300 MB per 200 documents).
        reader, self.conn = self.conn, ladybug.Connection(self.db)
        try:
            self._write(bundle)
        except BaseException:
            self._facts = None  # the keys this write added are not stored: read them again
            raise
        finally:
            self.conn.close()
            self.conn = reader

    def _write(self, bundle: GraphBundle) -> None:
        self.conn.execute("BEGIN TRANSACTION")
        try:
            # Grouped in one pass (nodes_of / edges_of sort the whole bundle once per table).
            nodes: dict[str, list[Node]] = {label: [] for label in NODES}
            for node in bundle.nodes.values():
                nodes[node.label].append(node)
            edges: dict[str, list[Edge]] = {type_: [] for type_ in RELS}
            for edge in bundle.edges.values():
                edges[edge.type].append(edge)
            created: set[tuple[str, str]] = set()
            for label in NODES:
                created |= self._write_nodes(label, nodes[label])
            # Documents stored before: their evidence is already counted on the aggregate edges.
            stored_docs = {n.key for n in nodes["Document"]} - {key for label, key in created if label == "Document"}
            for type_, rt in RELS.items():
                if rt.aggregate:
                    self._write_aggregates(type_, edges[type_], stored_docs)
                else:
                    self._write_edges(type_, edges[type_], created)
        except BaseException:
            try:
                self.conn.execute("ROLLBACK")
            except RuntimeError:
                pass  # the engine already rolled back the failed transaction
            raise
        self.conn.execute("COMMIT")

    def _stored_facts(self) -> set[int]:
        if self._facts is None:
            self._facts = {hash((type_, *row)) for type_, rt in RELS.items() if rt.aggregate
                           for row in self.query(statements.aggregate_edge_keys(type_))[1]}
        return self._facts

    def _write_aggregates(self, type_: str, edges: list[Edge], stored_docs: set[str]) -> None:
        """Write aggregate edges in their stored form (see stored_edge): create the facts not stored
        yet, add the others' counts and first evidences to the stored rows."""
        if not edges:
            return  # without reading the stored keys: a bulk load's repeated documents bring none
        rt, facts = RELS[type_], self._stored_facts()
        new, stored = [], []
        for edge in edges:
            edge = stored_edge(edge, stored_docs)
            if edge is None:
                continue
            fact = hash((type_, edge.src[1], edge.dst[1], *edge.key[3]))
            (stored if fact in facts else new).append(edge)
            facts.add(fact)
        updates = []
        if stored:
            # A hash is only a hint: a fact not found is created.
            wanted = {e.key: e for e in stored}
            keys = arrow_rows(tuple(p for p in rt.props if p.name in rt.key_props), [edge_row(e) for e in stored], ends=True)
            for rec in self._records(statements.fetch_edges(type_), {"rows": keys}):
                old = edge_from_row(type_, rec["src"], rec["dst"], rec["e"])
                edge = wanted.pop(old.key, None)
                if edge is not None:
                    updates.append(edge_row(merge_stored(old, edge)))
            new += wanted.values()
        if new:
            self.conn.execute(statements.load_create_edges(type_), {"rows": arrow_rows(rt.all_props, [edge_row(e) for e in new], ends=True)})
        if updates:
            self.conn.execute(statements.load_set_edges(type_), {"rows": arrow_rows(rt.all_props, updates, ends=True)})

    def _write_nodes(self, label: str, nodes: list[Node]) -> set[tuple[str, str]]:
        """Create the new nodes and update the changed ones; return the refs of those created."""
        if not nodes:
            return set()
        stored = {
            rec["n"][NODES[label].key]: node_from_row(label, rec["n"])
            for rec in self._records(statements.fetch_nodes(label),
                                     {"rows": pa.table({"k": pa.array([n.key for n in nodes], _ARROW_TYPES[NODES[label].key_type])})})
        }
        new_rows, changed_rows = [], []
        for node in nodes:
            old = stored.get(node.key)
            if old is None:
                new_rows.append(node_row(node))
                continue
            merged = GraphBundle()
            merged._put_node(old)
            merged._put_node(node)
            row = node_row(merged.nodes[node.ref])
            if row != node_row(old):
                changed_rows.append(row)
        if new_rows:
            self.conn.execute(statements.load_create_nodes(label), {"rows": arrow_rows(NODES[label].all_props, new_rows)})
        if changed_rows:
            self.conn.execute(statements.update_nodes(label), {"rows": changed_rows})
        return {(label, node.key) for node in nodes if node.key not in stored}

    def _write_edges(self, type_: str, edges: list[Edge], created: set[tuple[str, str]] = frozenset()) -> None:
        if not edges:
            return
        # An edge with an end created in this transaction cannot be stored yet: create it
        # without looking (on a growing store that lookup is most of the write time).
        rows = [edge_row(e) for e in edges if e.src in created or e.dst in created]
        edges = [e for e in edges if not (e.src in created or e.dst in created)]
        appended = self._stored_edge_updates(type_, edges, rows) if edges else []
        if rows:
            self.conn.execute(statements.load_create_edges(type_), {"rows": arrow_rows(RELS[type_].all_props, rows, ends=True)})
        if appended:
            self.conn.execute(statements.load_append_edges(type_), {"rows": arrow_rows(RELS[type_].all_props, appended, ends=True)})

    def _stored_edge_updates(self, type_: str, edges: list[Edge], new_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows that append the evidence these edges add to the stored ones (edges not stored
        yet go to `new_rows`).

        Only a Document stored before (a file loaded again) has such edges: their stored
        sentences are neither read back nor rewritten, only the new evidence appended.
        """
        rt = RELS[type_]
        rules = merge_rules(type_)
        pairs = sorted({(e.src[1], e.dst[1]) for e in edges})
        stored: dict[Any, tuple[dict[str, Any], set[tuple[str, int, int]], int]] = {}
        ends = pa.table({"src": pa.array([s for s, _ in pairs], pa.string()), "dst": pa.array([d for _, d in pairs], pa.string())})
        for rec in self._records(statements.fetch_edge_evidence_ids(type_), {"rows": ends}):
            old = edge_from_row(type_, rec["src"], rec["dst"], rec)
            ids = {(rec["src"], s, e) for s, e in zip(rec["span_starts"] or [], rec["span_ends"] or [])}
            stored[old.key] = (old.props, ids, rec["weight"] or 0)
        updates = []
        for edge in edges:
            if edge.key not in stored:
                new_rows.append(edge_row(edge))
                continue
            props, ids, weight = stored[edge.key]
            added = frozenset(ev for ev in edge.evidence if (ev.doc_id, ev.start, ev.end) not in ids)
            merged = merge_props(props, edge.props, rules)
            if not added and all(merged.get(p.name) == props.get(p.name) for p in rt.props):
                continue
            row = edge_row(Edge(type_, edge.src, edge.dst, merged, added))
            row["weight"] = weight + len(added)
            updates.append(row)
        return updates


_ARROW_TYPES = {
    "STRING": pa.string(), "INT64": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
    "STRING[]": pa.list_(pa.string()), "INT64[]": pa.list_(pa.int64()),
}


def arrow_rows(props: tuple[Prop, ...], rows: list[dict[str, Any]], ends: bool = False) -> pa.Table:
    """node_row / edge_row maps as the Arrow table statements.load_create_* scan: `src` and `dst`
    (the endpoints' keys) when `ends`, then each property as `v_<name>`."""
    columns = {}
    if ends:
        columns["src"] = pa.array([row["from"] for row in rows], pa.string())
        columns["dst"] = pa.array([row["to"] for row in rows], pa.string())
    for prop in props:
        columns[f"v_{prop.name}"] = pa.array([row[prop.name] for row in rows], _ARROW_TYPES[prop.type])
    return pa.table(columns)
