"""One interface over both stores, and one function that opens either.

The CLI, the dashboard and the tests open a store with ``open_store(target)``:
a directory means the embedded LadybugDB store, a ``neo4j://`` / ``bolt://`` URI
(or ``"neo4j"``: the server named by ``NEO4J_URI``) means Neo4j. Both answer the
same ``Store`` protocol, and ``run_catalogue`` runs a named catalogue query on
either, translating it for LadybugDB in one place (graph.dialect), or taking the embedded
store's own form of it where the catalogue has one (cypher/ladybug/).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from graph.bundle import GraphBundle
from graph.embedded import StoreError
from graph.sentences import with_sentences

__all__ = ["QueryResult", "Store", "StoreError", "open_store", "plain", "run_catalogue"]


@dataclass
class QueryResult:
    """Rows of a read-only query; ``truncated`` when the row limit cut it short."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


@runtime_checkable
class Store(Protocol):
    """What the CLI and the dashboard need from a store."""

    kind: str  # "embedded" | "neo4j"

    def write(self, bundle: GraphBundle) -> None: ...

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]: ...

    def run_read_only(self, cypher: str, params: Mapping[str, Any] | None = None, *,
                      row_limit: int = 1000, timeout: float = 30.0) -> QueryResult: ...

    def counts(self) -> dict[str, int]: ...

    def read_bundle(self, types: Collection[str] | None = None, skip_props: Collection[str] = (),
                    labels: Collection[str] | None = None) -> GraphBundle: ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...


def open_store(target: str | Path | None = None, *, read_only: bool = False, **neo4j_options: Any) -> Store:
    """Open the embedded store at a directory, or Neo4j at a URI.

    Args:
        target (str | Path | None): a store directory; a ``neo4j://``, ``neo4j+s://``, ``bolt://`` … URI;
            or ``"neo4j"`` for the server named by ``NEO4J_URI``. None: the default store directory.
        read_only (bool): embedded: open the database read-only (Neo4j reads use READ sessions anyway).
        neo4j_options: passed to Neo4jStore (username, password, database, batch_size, driver).

    Raises:
        StoreError: the store cannot be opened; the message says what to do.
    """
    from graph.embedded import DEFAULT_STORE, EmbeddedStore
    from graph.neo4j_store import Neo4jStore, is_neo4j_uri

    if target == "neo4j":
        return Neo4jStore(None, **neo4j_options)
    if is_neo4j_uri(target):
        return Neo4jStore(str(target), **neo4j_options)
    if isinstance(target, str) and "://" in target:
        raise StoreError(f"unknown store address {target!r}: use a directory or a neo4j:// / bolt:// URI")
    return EmbeddedStore(Path(target) if target is not None else DEFAULT_STORE, read_only=read_only)


def run_catalogue(store: Store, name: str, params: Mapping[str, Any] | None = None, *,
                  row_limit: int | None = None) -> QueryResult:
    """Run a named query of the catalogue (cypher/*.cypher) on either store; a `sentence_ids`
    column comes back as `sentences`, their texts (graph.sentences.with_sentences).

    Args:
        store (Store): the store.
        name (str): the query's name (its file name without ``.cypher``).
        params (Mapping[str, Any] | None): values for its parameters; strings are converted
            to the declared types, missing ones take the declared defaults.
        row_limit (int | None): keep at most this many rows.
    """
    import cypher as catalogue

    embedded = store.kind == "embedded"
    text, values = catalogue.get(name).prepare(dict(params or {}), embedded=embedded)
    if embedded:
        from graph.dialect import to_ladybug

        text = to_ladybug(text)
    columns, rows = store.query(text, values)
    rows = [[plain(v) for v in row] for row in rows]
    truncated = row_limit is not None and len(rows) > row_limit
    if row_limit is not None:
        rows = rows[:row_limit]
    return with_sentences(store, QueryResult(list(columns), rows, truncated))


def plain(value: Any) -> Any:
    """A stored value as plain JSON-able Python (LadybugDB sums come back as Decimal)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
