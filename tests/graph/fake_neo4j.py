"""A recording fake of the neo4j driver, for the writer's unit tests.

No Neo4j server can run on the build machines, so this fake stands in for one (and
only for one). It records every session, access mode, transaction function call and
statement with its parameters, and keeps a small in-memory graph so that the writer's
read-merge-write cycle can be observed: it recognises exactly the statements that
graph.statements builds (anything else is an error) and applies what they mean.
Transactions are real in the fake's sense: a transaction function's changes are
applied only if it returns; an exception discards them. ``execute_write`` and
``execute_read`` retry on retryable errors, as the driver does, up to ``max_retries``.

What the fake cannot show is that Neo4j parses and executes the statements as
meant: the Cypher linter tests (test_statements_lint.py) check the former, the live
tests (NEO4J_URI) the latter.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from neo4j import READ_ACCESS, WRITE_ACCESS
from neo4j.exceptions import TransientError

from graph import statements
from graph.model import NODES, RELS


@dataclass
class Call:
    mode: str  # "r" or "w"
    function: str
    timeout: float | None
    runs: list[tuple[str, dict]] = field(default_factory=list)
    committed: bool = False


class FakeRecord(dict):
    def values(self):  # noqa: D102 - as neo4j.Record.values()
        return list(super().values())


class FakeResult:
    def __init__(self, records: list[FakeRecord]):
        self._records = records

    def keys(self):
        return list(self._records[0].keys()) if self._records else []

    def __iter__(self):
        return iter(self._records)

    def single(self):
        assert len(self._records) == 1, "single() on a result without exactly one record"
        return self._records[0]

    def fetch(self, n: int):
        out, self._records = self._records[:n], self._records[n:]
        return out

    def consume(self):
        self._records = []


class FakeGraph:
    """Nodes by (label, key) and relationships by (type, from, to, key-prop values)."""

    def __init__(self) -> None:
        self.nodes: dict[tuple[str, str], dict] = {}
        self.edges: dict[tuple, dict] = {}
        self.schema: list[str] = []


class FakeTransaction:
    def __init__(self, driver: FakeDriver, graph: FakeGraph, call: Call):
        self.driver, self.graph, self.call = driver, graph, call

    def run(self, text: str, parameters: dict | None = None, **kwargs: Any) -> FakeResult:
        params = dict(parameters or {}) | kwargs
        self.call.runs.append((text, copy.deepcopy(params)))
        self.driver.statements_run += 1
        if self.driver.fail_on_statement == self.driver.statements_run:
            raise TransientError("fake: the server is briefly unavailable (deadlock detected)")
        return FakeResult([FakeRecord(r) for r in self.driver.execute(self.graph, text, params, self.call.mode)])


class FakeSession:
    def __init__(self, driver: FakeDriver, database: str | None, default_access_mode: str):
        self.driver, self.database, self.mode = driver, database, default_access_mode
        driver.sessions.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass

    def run(self, *args, **kwargs):
        raise AssertionError("auto-commit session.run is not used by cckg: it does not retry")

    def _transaction(self, mode: str, function, args, kwargs):
        timeout = getattr(function, "timeout", None)
        for attempt in range(self.driver.max_retries + 1):
            call = Call(mode, getattr(function, "__name__", repr(function)), timeout)
            self.driver.calls.append(call)
            work = copy.deepcopy(self.driver.graph)
            try:
                value = function(FakeTransaction(self.driver, work, call), *args, **kwargs)
            except TransientError:
                if attempt == self.driver.max_retries:
                    raise
                continue
            self.driver.graph = work
            call.committed = True
            return value
        raise AssertionError("unreachable")

    def execute_write(self, function, *args, **kwargs):
        return self._transaction("w", function, args, kwargs)

    def execute_read(self, function, *args, **kwargs):
        return self._transaction("r", function, args, kwargs)


class FakeDriver:
    """Stands in for ``neo4j.GraphDatabase.driver(...)``."""

    def __init__(self, *, connect_error: Exception | None = None, max_retries: int = 3,
                 fail_on_statement: int | None = None, drop_edges: bool = False) -> None:
        self.graph = FakeGraph()
        self.sessions: list[FakeSession] = []
        self.calls: list[Call] = []
        self.connect_error = connect_error
        self.max_retries = max_retries
        self.fail_on_statement = fail_on_statement  # raise TransientError at the n-th statement sent
        self.statements_run = 0
        self.drop_edges = drop_edges  # behave as if relationship endpoints were missing
        self.closed = False
        self._handlers = self._build_handlers()

    def verify_connectivity(self):
        if self.connect_error:
            raise self.connect_error

    def session(self, database=None, default_access_mode=WRITE_ACCESS, **config):
        assert default_access_mode in (READ_ACCESS, WRITE_ACCESS)
        return FakeSession(self, database, default_access_mode)

    def close(self):
        self.closed = True

    # what the statements mean -------------------------------------------------------
    def _build_handlers(self) -> dict[str, tuple[str, str]]:
        handlers = {s: ("schema", "") for s in statements.neo4j_constraints()}
        handlers[statements.sentence_texts()] = ("sentence_texts", "Sentence")
        for label in NODES:
            handlers[statements.neo4j_fetch_nodes(label)] = ("fetch_nodes", label)
            handlers[statements.neo4j_merge_nodes(label)] = ("merge_nodes", label)
            handlers[statements.neo4j_all_nodes(label)] = ("all_nodes", label)
            handlers[statements.count_nodes(label)] = ("count_nodes", label)
        for type_ in RELS:
            handlers[statements.neo4j_fetch_edges(type_)] = ("fetch_edges", type_)
            handlers[statements.neo4j_merge_edges(type_)] = ("merge_edges", type_)
            handlers[statements.neo4j_upsert_edges_null_keys(type_)] = ("merge_edges", type_)
            handlers[statements.neo4j_all_edges(type_)] = ("all_edges", type_)
            handlers[statements.count_edges(type_)] = ("count_edges", type_)
        return handlers

    def execute(self, g: FakeGraph, text: str, params: dict, mode: str) -> list[dict]:
        if text not in self._handlers:
            return self.execute_other(g, text, params, mode)
        op, name = self._handlers[text]
        if op in {"schema", "merge_nodes", "merge_edges"} and mode != "w":
            raise AssertionError(f"{op} sent in a read transaction")
        if op == "schema":
            g.schema.append(text)
            return []
        if op == "fetch_nodes":
            return [{"n": dict(g.nodes[(name, k)])} for k in params["keys"] if (name, k) in g.nodes]
        if op == "merge_nodes":
            key = NODES[name].key
            for row in params["rows"]:
                props = g.nodes.setdefault((name, row[key]), {key: row[key]})
                for p, v in row.items():
                    if v is None:
                        props.pop(p, None)  # SET n.p = null removes the property
                    else:
                        props[p] = v
            return [{"written": len(params["rows"])}]
        if op == "sentence_texts":
            return [{"s.sentence_id": k, "s.text": p.get("text")} for (label, k), p in g.nodes.items() if label == name]
        if op == "all_nodes":
            return [{"n": dict(p)} for (label, _), p in g.nodes.items() if label == name]
        if op == "count_nodes":
            return [{"n": sum(1 for (label, _) in g.nodes if label == name)}]
        rt = RELS[name]
        if op == "fetch_edges":
            wanted = {(r["from"], r["to"]) for r in params["rows"]}
            return [{"src": s, "dst": d, "e": dict(p)} for (t, s, d, _), p in g.edges.items()
                    if t == name and (s, d) in wanted]
        if op == "merge_edges":
            written = 0
            for row in params["rows"]:
                if self.drop_edges or (rt.src, row["from"]) not in g.nodes or (rt.dst, row["to"]) not in g.nodes:
                    continue  # MATCH finds no endpoint: the row writes nothing
                key = (name, row["from"], row["to"], tuple(row.get(k) for k in rt.key_props))
                props = g.edges.setdefault(key, {})
                for p, v in row.items():
                    if p in {"from", "to"}:
                        continue
                    if v is None:
                        props.pop(p, None)
                    else:
                        props[p] = v
                written += 1
            return [{"written": written}]
        if op == "all_edges":
            return [{"src": s, "dst": d, "e": dict(p)} for (t, s, d, _), p in g.edges.items() if t == name]
        if op == "count_edges":
            return [{"n": sum(1 for (t, *_) in g.edges if t == name)}]
        raise AssertionError(op)

    def execute_other(self, g: FakeGraph, text: str, params: dict, mode: str) -> list[dict]:
        """Statements not built by graph.statements (users' queries): answer from ``canned``."""
        return list(getattr(self, "canned", {}).get(text, []))
