"""The Neo4j store: the same graph on a Neo4j 5 server, through the official driver.

Writes: constraints and indexes from graph.model first; then, label by label and
type by type, batches of rows, each batch one managed transaction
(``session.execute_write``, which retries transient errors). A batch's function
reads what is stored for its keys, merges it with the bundle by the bundle's rule
(evidence unioned) and sends one ``UNWIND $rows AS row MERGE …`` statement from
graph.statements; it is safe to run twice, which is what a retry does. A batch
that fails is rolled back whole; the batches before it stay written, and loading
again completes the graph (loading the same bundle twice changes nothing).

Reads: ``query`` for the catalogue and the writer's own reads, ``run_read_only``
for users' Cypher (READ access mode through ``execute_read``, a server-side
timeout, a row limit).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from typing import Any

from graph import statements
from graph.bundle import (Edge, Evidence, GraphBundle, Node, edge_from_row, edge_row, node_from_row, node_row,
                          stored_form)
from graph.model import NODES, RELS
from graph.readonly import check_read_only
from graph.store import QueryResult, StoreError

# Rows per write transaction. Neo4j's guidance for UNWIND batches is 1k-10k rows;
# our rows are heavy (Sentences, evidence lists), so the low end. Not measured
# against a server here (none can run on the build machines): see benchmarks/.
# The driver logs connection failures as warnings; without a handler Python prints them
# beside our one-line error. Applications that configure logging still see them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

DEFAULT_BATCH_SIZE = 1000
DEFAULT_TIMEOUT = 30.0
DEFAULT_ROW_LIMIT = 1000
NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def is_neo4j_uri(target: object) -> bool:
    return isinstance(target, str) and target.lower().startswith(NEO4J_SCHEMES)


class Neo4jStore:
    """A cckg graph in a Neo4j database.

    Args:
        uri (str | None): ``neo4j://host:7687`` …; default ``$NEO4J_URI``.
        username (str | None): default ``$NEO4J_USERNAME`` or ``neo4j``.
        password (str | None): default ``$NEO4J_PASSWORD``.
        database (str | None): default ``$NEO4J_DATABASE`` (None: the server's default database).
        batch_size (int): rows per write transaction.
        driver (Any): an already built driver (tests pass a fake); overrides uri and credentials.
        verify (bool): check the connection and the credentials now (one clear error if wrong).
    """

    kind = "neo4j"

    def __init__(self, uri: str | None = None, username: str | None = None, password: str | None = None,
                 database: str | None = None, *, batch_size: int = DEFAULT_BATCH_SIZE, driver: Any = None,
                 verify: bool = True) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.uri = uri or os.environ.get("NEO4J_URI") or ""
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        self.batch_size = batch_size
        self._constraints_done = False
        if driver is None:
            if not self.uri:
                raise StoreError("no Neo4j server given: pass --neo4j URI or set NEO4J_URI")
            import neo4j

            username = username or os.environ.get("NEO4J_USERNAME") or "neo4j"
            password = password if password is not None else os.environ.get("NEO4J_PASSWORD", "")
            try:
                driver = neo4j.GraphDatabase.driver(self.uri, auth=(username, password))
            except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
                raise StoreError(f"bad Neo4j URI {self.uri!r}: {exc}") from None
        self.driver = driver
        if verify:
            self._guard(self.driver.verify_connectivity)

    @classmethod
    def from_env(cls, **kwargs: Any) -> Neo4jStore:
        """The store named by NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE."""
        return cls(**kwargs)

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.driver.close()

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri!r}, database={self.database!r})"

    # errors -------------------------------------------------------------------
    def _guard(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a driver call; turn connection and credential errors into one-line StoreErrors."""
        from neo4j import exceptions as ex

        where = f"Neo4j at {self.uri or 'the given driver'}"
        try:
            return call(*args, **kwargs)
        except ex.AuthError:
            raise StoreError(f"{where} refused the credentials: check NEO4J_USERNAME and NEO4J_PASSWORD") from None
        except ex.ServiceUnavailable as exc:
            raise StoreError(f"cannot reach {where}: {_first_line(exc)} (is the server running?)") from None
        except ex.SessionExpired as exc:
            raise StoreError(f"lost the connection to {where}: {_first_line(exc)}") from None
        except ex.Neo4jError as exc:
            code = getattr(exc, "code", None) or type(exc).__name__
            raise StoreError(f"{where}: {code}: {_first_line(exc)}") from None
        except ex.DriverError as exc:
            raise StoreError(f"{where}: {type(exc).__name__}: {_first_line(exc)}") from None

    def _session(self, read: bool = False):
        import neo4j

        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self.driver.session(database=self.database, default_access_mode=mode)

    # writing ------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create the constraints and indexes (IF NOT EXISTS) generated from graph.model."""
        if self._constraints_done:
            return
        with self._session() as session:
            for statement in statements.neo4j_constraints():
                self._guard(session.execute_write, _run_consume, statement, {})
        self._constraints_done = True

    def write(self, bundle: GraphBundle, progress: Callable[[int], None] | None = None) -> None:
        """Merge the bundle into the database, one managed transaction per batch of rows.

        Args:
            bundle (GraphBundle): what to write.
            progress (Callable[[int], None] | None): called with the rows written after each batch.
        """
        bundle.check()
        self.ensure_schema()
        # Aggregate edges are written in their stored form, as the embedded store writes them;
        # the evidence of documents stored before is already counted on them.
        documents = [n.key for n in bundle.nodes.values() if n.label == "Document"]
        with self._session() as session:
            stored_docs = self._guard(session.execute_write, _stored_keys_tx, "Document", documents) if documents else set()
            bundle = stored_form(bundle, stored_docs)
            for label in NODES:
                for batch in _batches(bundle.nodes_of(label), self.batch_size):
                    self._guard(session.execute_write, _write_nodes_tx, label, batch)
                    if progress:
                        progress(len(batch))
            for type_ in RELS:
                for batch in _batches(bundle.edges_of(type_), self.batch_size):
                    self._guard(session.execute_write, _write_edges_tx, type_, batch)
                    if progress:
                        progress(len(batch))

    # reading ------------------------------------------------------------------
    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
        """Run one trusted read statement (catalogue, writer); return column names and rows."""
        with self._session(read=True) as session:
            columns, rows, _ = self._guard(session.execute_read, _read_tx, cypher, dict(params or {}), None)
        return columns, rows

    def run_read_only(self, cypher: str, params: Mapping[str, Any] | None = None, *,
                      row_limit: int = DEFAULT_ROW_LIMIT, timeout: float = DEFAULT_TIMEOUT) -> QueryResult:
        """Run a user's query in a READ session, with a server-side timeout and a row limit.

        Raises:
            ReadOnlyViolation: the query would write (nothing is sent to the server).
            StoreError: the server refused or failed the query (one line).
        """
        check_read_only(cypher)
        import neo4j

        work = neo4j.unit_of_work(timeout=timeout)(_read_tx)
        with self._session(read=True) as session:
            columns, rows, truncated = self._guard(session.execute_read, work, cypher, dict(params or {}), row_limit)
        return QueryResult(columns, rows, truncated)

    def counts(self) -> dict[str, int]:
        return statements.count_all(self.query)

    def read_bundle(self, types: Collection[str] | None = None, skip_props: Collection[str] = (),
                    labels: Collection[str] | None = None) -> GraphBundle:
        """What the database holds, as a GraphBundle: the nodes of `labels` and the relationships of
        `types` (default: all of each), without the properties named in skip_props (but with their
        keys; they are still transferred). The evidences' sentences are looked up in the Sentence
        nodes, unless skip_props names `sentences`: then they are empty. Used by parity checks and
        exports."""
        bundle = GraphBundle()
        seen: dict[tuple, Evidence] = {}
        texts = None if "sentences" in skip_props else dict(self.query(statements.sentence_texts())[1])
        for label in NODES if labels is None else [label for label in NODES if label in labels]:
            skipped = set(skip_props) - {NODES[label].key}
            for (props,) in self.query(statements.neo4j_all_nodes(label))[1]:
                kept = {k: v for k, v in props.items() if k not in skipped}
                bundle._put_node(node_from_row(label, kept, seen, texts))
        for type_ in RELS if types is None else [t for t in RELS if t in types]:
            for src, dst, props in self.query(statements.neo4j_all_edges(type_))[1]:
                kept = {k: v for k, v in props.items() if k not in skip_props}
                bundle._put_edge(edge_from_row(type_, src, dst, kept, seen, texts))
        return bundle


# transaction functions: may run more than once (the driver retries transient errors) ----------------
def _run_consume(tx: Any, statement: str, params: dict[str, Any]) -> None:
    tx.run(statement, params).consume()


def _read_tx(tx: Any, cypher: str, params: dict[str, Any], row_limit: int | None):
    result = tx.run(cypher, params)
    columns = list(result.keys())
    if row_limit is None:
        records = list(result)
        truncated = False
    else:
        records = result.fetch(row_limit + 1)
        truncated = len(records) > row_limit
        records = records[:row_limit]
        result.consume()
    return columns, [[_plain(v) for v in rec.values()] for rec in records], truncated


def _stored_keys_tx(tx: Any, label: str, keys: list[str]) -> set[str]:
    key = NODES[label].key
    return {rec["n"][key] for rec in tx.run(statements.neo4j_fetch_nodes(label), {"keys": keys})}


def _write_nodes_tx(tx: Any, label: str, nodes: list[Node]) -> int:
    key = NODES[label].key
    stored = {}
    for rec in tx.run(statements.neo4j_fetch_nodes(label), {"keys": [n.key for n in nodes]}):
        old = node_from_row(label, rec["n"])
        stored[old.key] = old
    rows = []
    for node in nodes:
        merged = GraphBundle()
        if node.key in stored:
            merged._put_node(stored[node.key])
        merged._put_node(node)
        rows.append(node_row(merged.nodes[node.ref]))
    written = tx.run(statements.neo4j_merge_nodes(label), {"rows": rows}).single()["written"]
    _check_written(f"{label} nodes", written, len(rows), key)
    return written


def _write_edges_tx(tx: Any, type_: str, edges: list[Edge]) -> int:
    rt = RELS[type_]
    pairs = sorted({(e.src[1], e.dst[1]) for e in edges})
    merged = GraphBundle()
    for rec in tx.run(statements.neo4j_fetch_edges(type_), {"rows": [{"from": s, "to": d} for s, d in pairs]}):
        merged._put_edge(edge_from_row(type_, rec["src"], rec["dst"], rec["e"]))
    wanted = {e.key for e in edges}
    for edge in edges:
        merged._put_edge(edge)
    rows = [edge_row(e) for k, e in merged.edges.items() if k in wanted]
    full, partial = [], []
    for row in rows:
        (full if all(row.get(k) is not None for k in rt.key_props) else partial).append(row)
    written = 0
    if full:
        written += tx.run(statements.neo4j_merge_edges(type_), {"rows": full}).single()["written"]
    if partial:
        written += tx.run(statements.neo4j_upsert_edges_null_keys(type_), {"rows": partial}).single()["written"]
    _check_written(f"{type_} relationships", written, len(rows), "endpoint")
    return written


def _check_written(what: str, written: int, expected: int, key: str) -> None:
    if written != expected:
        # Raising inside the transaction function rolls the whole batch back.
        raise StoreError(f"wrote {written} of {expected} {what} (a missing {key}?); the batch was rolled back")


# conversions ------------------------------------------------------------------------------------------
def _batches(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield list(items[i:i + size])


def _plain(value: Any) -> Any:
    """Driver values (Node, Relationship, Path, temporal) as plain Python, like the embedded store's."""
    try:
        from neo4j import graph as g
    except ImportError:  # pragma: no cover
        return value
    if isinstance(value, g.Node):
        return {"_label": next(iter(value.labels), None), **dict(value)}
    if isinstance(value, g.Relationship):
        return {"_label": value.type, **dict(value)}
    if isinstance(value, g.Path):
        return {"_nodes": [_plain(n) for n in value.nodes], "_rels": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0].rstrip(":").strip()
