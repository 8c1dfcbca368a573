"""Lint Cypher for Neo4j offline, with Neo4j's own front end.

No Neo4j server can run on the build machines, so every Cypher statement the project sends
or ships is checked by the npm package ``@neo4j-cypher/language-support`` (``lintCypherQuery``)
through ``tools/cypher-lint/lint.mjs``. One ``node`` process lints a whole batch.

Set-up (once per checkout): ``npm ci --prefix tools/cypher-lint`` (Node.js 20 or newer).

What fails a query (``LintResult.errors``): every diagnostic of severity 1 (error: syntax,
semantic errors, undefined ``$param``, unknown function or procedure) or 2 (warning: unknown
label, relationship type or property read, deprecated function, pattern the graph schema
does not allow, and Neo4j's performance notifications such as a cartesian product).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LINT_DIR = Path(__file__).resolve().parent.parent / "tools" / "cypher-lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"
LINT_PACKAGE = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json"
INSTALL_HINT = "npm ci --prefix tools/cypher-lint"

ERROR = 1
WARNING = 2
FAILING_SEVERITIES = frozenset({ERROR, WARNING})
PLUGINS = ("apoc", "gds")
CYPHER_VERSIONS = ("CYPHER 5", "CYPHER 25")


class CypherLintUnavailable(RuntimeError):
    """Node.js or the lint package is missing; the message names the fix."""


class CypherLintError(RuntimeError):
    """The linter ran but did not answer as expected (bad input, crash, bad output)."""


@dataclass(frozen=True)
class CypherSchema:
    """What exists in the database the queries will run against.

    Args:
        labels (Sequence[str]): node labels.
        relationship_types (Sequence[str]): relationship types.
        property_keys (Sequence[str]): property keys of nodes and relationships. Reading any
            other key is a warning; a key the query itself writes (``SET n.k = …``) is not.
        patterns (Sequence[tuple[str, str, str]]): optional ``(from_label, rel_type, to_label)``
            triples; when given, a read pattern no triple allows (e.g. a wrong direction) is
            a warning.
        plugins (Sequence[str]): routine namespaces installed besides Neo4j's built-ins,
            from ``PLUGINS`` (``"apoc"``, ``"gds"``); without them ``apoc.*`` calls fail.
        cypher_version (str): ``"CYPHER 5"`` (the server default) or ``"CYPHER 25"``.
    """

    labels: Sequence[str]
    relationship_types: Sequence[str]
    property_keys: Sequence[str]
    patterns: Sequence[tuple[str, str, str]] = ()
    plugins: Sequence[str] = ()
    cypher_version: str = "CYPHER 5"

    def __post_init__(self) -> None:
        unknown = [p for p in self.plugins if p not in PLUGINS]
        if unknown:
            raise ValueError(f"unknown plugins {unknown}; choose from {list(PLUGINS)}")
        if self.cypher_version not in CYPHER_VERSIONS:
            raise ValueError(f"cypher_version must be one of {list(CYPHER_VERSIONS)}")

    def to_json(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "labels": list(self.labels),
            "relationshipTypes": list(self.relationship_types),
            "propertyKeys": list(self.property_keys),
            "plugins": list(self.plugins),
            "cypherVersion": self.cypher_version,
        }
        if self.patterns:
            schema["graphSchema"] = [
                {"from": start, "relType": rel_type, "to": end}
                for start, rel_type, end in self.patterns
            ]
        return schema


@dataclass(frozen=True)
class LintQuery:
    """One Cypher statement (or several separated by ``;``) to lint.

    Args:
        name (str): how reports refer to it, e.g. ``"cypher/paths.cypher:city_tactics"``.
        text (str): the Cypher.
        parameters (Mapping[str, Any]): every ``$param`` the query uses, with an example
            value; a ``$param`` missing here is an error. Values only need to be JSON-able
            (others are sent as their ``str``).
    """

    name: str
    text: str
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "text": self.text, "parameters": dict(self.parameters)}


@dataclass(frozen=True)
class Diagnostic:
    """One finding, at its 0-based ``line`` and ``character`` in the query text.

    ``severity`` is LSP's: 1 error, 2 warning, 3 information, 4 hint.
    """

    severity: int
    message: str
    line: int
    character: int

    @property
    def fails(self) -> bool:
        return self.severity in FAILING_SEVERITIES

    def __str__(self) -> str:
        kind = {ERROR: "error", WARNING: "warning"}.get(self.severity, "info")
        return f"{self.line + 1}:{self.character + 1}: {kind}: {self.message}"


@dataclass(frozen=True)
class LintResult:
    """The diagnostics of one ``LintQuery``."""

    name: str
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """Diagnostics that fail the query: severity 1 (error) or 2 (warning)."""
        return tuple(d for d in self.diagnostics if d.fails)

    @property
    def ok(self) -> bool:
        return not self.errors

    def report(self) -> str:
        return "\n".join(f"{self.name}:{d}" for d in self.errors)


def lint_cypher(
    queries: Sequence[LintQuery],
    schema: CypherSchema,
    *,
    node: str = "node",
    timeout: float = 600.0,
) -> list[LintResult]:
    """Lint a batch of queries against a schema in one ``node`` process.

    Args:
        queries (Sequence[LintQuery]): the queries; results come back in the same order.
        schema (CypherSchema): labels, relationship types and property keys that exist.
        node (str): the Node.js executable (name on PATH or path).
        timeout (float): seconds before the batch is abandoned.

    Returns:
        list[LintResult]: one per query; ``result.errors`` empty means the query passes.

    Raises:
        CypherLintUnavailable: node or the lint package is missing.
        CypherLintError: the linter failed or answered something unexpected.
    """
    queries = list(queries)
    if not queries:
        return []
    node_path = shutil.which(node)
    if node_path is None:
        raise CypherLintUnavailable(
            f"Node.js ({node!r}) not found on PATH; install Node.js 20 or newer, "
            f"then run `{INSTALL_HINT}`"
        )
    if not LINT_PACKAGE.is_file():
        raise CypherLintUnavailable(
            f"@neo4j-cypher/language-support is not installed in {LINT_DIR}; run `{INSTALL_HINT}`"
        )
    request = {"schema": schema.to_json(), "queries": [q.to_json() for q in queries]}
    try:
        completed = subprocess.run(
            [node_path, str(LINT_SCRIPT)],
            input=json.dumps(request, ensure_ascii=False, default=str),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise CypherLintError(f"cypher lint of {len(queries)} queries timed out after {timeout}s") from exc
    if completed.returncode == 3:
        raise CypherLintUnavailable(f"{completed.stderr.strip()} (fix: `{INSTALL_HINT}`)")
    if completed.returncode != 0:
        raise CypherLintError(
            f"cypher lint exited with {completed.returncode}: {completed.stderr.strip()}"
        )
    return _parse_results(completed.stdout, queries)


def _parse_results(stdout: str, queries: list[LintQuery]) -> list[LintResult]:
    try:
        raw = json.loads(stdout)
        results = [
            LintResult(
                name=item["name"],
                diagnostics=tuple(
                    Diagnostic(
                        severity=int(d["severity"]),
                        message=str(d["message"]),
                        line=int(d["line"]),
                        character=int(d["character"]),
                    )
                    for d in item["diagnostics"]
                ),
            )
            for item in raw
        ]
    except (ValueError, TypeError, KeyError) as exc:
        raise CypherLintError(f"cypher lint answered unreadable output: {stdout[:500]!r}") from exc
    if [r.name for r in results] != [q.name for q in queries]:
        raise CypherLintError("cypher lint answered for other queries than it was given")
    return results
