"""Opening the store the dashboard reads (data-access layer, no Streamlit).

`connect` is the one seam between the dashboard and the stores: a directory opens
the embedded store read-only, a Neo4j URI goes to graph.store.open_store; either
is wrapped so that every session of the app shares one connection safely.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graph.embedded import DEFAULT_STORE, EmbeddedStore, StoreError
from graph.neo4j_store import is_neo4j_uri


def default_target() -> str:
    """The store chosen by `cckg app --store DIR` / CCKG_STORE, else the embedded default directory."""
    return os.environ.get("CCKG_STORE") or str(DEFAULT_STORE)


def is_neo4j(target: str) -> bool:
    return is_neo4j_uri(target.strip())


class ReadStore:
    """A store opened for reading, shared by every session of the app (queries are serialised)."""

    def __init__(self, inner: Any, target: str, kind: str) -> None:
        self.inner = inner
        self.target = target
        self.kind = kind  # "embedded" | "neo4j"
        self.lock = threading.RLock()

    def query(self, cypher: str, params: Mapping[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
        with self.lock:
            return self.inner.query(cypher, dict(params or {}))

    def describe(self) -> str:
        return f"{self.kind}: {self.target}"

    def close(self) -> None:
        close = getattr(self.inner, "close", None)
        if close:
            close()


def connect(target: str, user: str | None = None, password: str | None = None,
            database: str | None = None) -> ReadStore:
    """Open `target` (an embedded store directory or a Neo4j URI) for reading.

    Raises:
        StoreError: the store is missing, locked or unreachable.
    """
    target = target.strip()
    if is_neo4j(target):
        from graph.store import open_store

        try:
            options = {k: v for k, v in {"username": user, "password": password, "database": database}.items() if v}
            inner = open_store(target, read_only=True, **options)
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - driver errors reach the user as one line
            raise StoreError(f"cannot connect to {target}: {exc}") from exc
        return ReadStore(inner, target, "neo4j")
    path = Path(target).expanduser()
    return ReadStore(EmbeddedStore(path, read_only=True), str(path), "embedded")
