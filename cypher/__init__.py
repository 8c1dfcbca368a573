"""The named query catalogue: one parameterised Neo4j Cypher query per ``*.cypher`` file.

Each file starts with a comment block::

    // Purpose: what the query answers.
    // Param: name TYPE default -- meaning      (TYPE: STRING | INT | FLOAT | BOOL; default as JSON)
    // Example: cckg query NAME --param name=value

followed by the query. The name is the file name without ``.cypher``. Queries are
written in Neo4j's Cypher; graph.dialect translates them for the embedded store.

Where the translation is correct but slow, ``ladybug/NAME.cypher`` holds the embedded
store's own form of NAME: the same parameters and columns, in LadybugDB's Cypher, comment
lines saying why.

A query names the sentences behind its facts by returning a column ``sentence_ids``
(relationships' and nodes' ``sentence_ids``, keys of Sentence nodes); ``run_catalogue``
returns it as ``sentences``, their texts.

Neo4j takes no parameter in a variable-length bound, so ``[*1..$hops]`` is written
into the query as a number by ``prepare`` (an INT parameter, checked to lie in
``PATTERN_BOUNDS``) before it is sent to either store.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

CATALOGUE_DIR = Path(__file__).resolve().parent
TYPES: dict[str, type] = {"STRING": str, "INT": int, "FLOAT": float, "BOOL": bool}
PATTERN_BOUNDS = (1, 6)
_BOUND = re.compile(r"(\*\s*\d*\s*\.\.\s*)\$(\w+)")
_PARAM = re.compile(r"^(\w+)\s+(STRING|INT|FLOAT|BOOL)\s+(\S+)\s*(?:--\s*(.*))?$")


class CatalogueError(ValueError):
    """An unknown query, a bad parameter, or a malformed catalogue file."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Any
    doc: str

    def convert(self, value: Any) -> Any:
        if not isinstance(value, str) or self.type == "STRING":
            return value
        try:
            if self.type == "BOOL":
                if value.lower() not in {"true", "false", "1", "0", "yes", "no"}:
                    raise ValueError(value)
                return value.lower() in {"true", "1", "yes"}
            return TYPES[self.type](value)
        except ValueError:
            raise CatalogueError(f"parameter {self.name} must be {self.type}, not {value!r}") from None


@dataclass(frozen=True)
class CatalogueQuery:
    """One query of the catalogue."""

    name: str
    purpose: str
    params: tuple[Param, ...]
    example: str
    text: str
    path: Path
    ladybug_text: str | None = None  # the embedded store's own form (ladybug/NAME.cypher), if any

    @property
    def header(self) -> str:
        return "\n".join(line for line in self.path.read_text(encoding="utf-8").splitlines()
                         if line.startswith("//"))

    def example_params(self) -> dict[str, Any]:
        """Every parameter with its default (the linter wants a value for each)."""
        return {p.name: p.default for p in self.params}

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """Parameters for running: defaults, overridden by ``values`` converted to the declared types."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise CatalogueError(f"{self.name} has no parameter {', '.join(unknown)}; "
                                 f"it takes {', '.join(known) or 'none'}")
        return {name: p.convert(values[name]) if name in values else p.default for name, p in known.items()}


    def prepare(self, values: dict[str, Any] | None = None, *,
                embedded: bool = False) -> tuple[str, dict[str, Any]]:
        """The text to send and its parameters: bound, with pattern bounds written in as numbers.

        With ``embedded``, the text is the embedded store's own form where there is one (it still
        goes through graph.dialect, which leaves LadybugDB Cypher as it is).
        """
        bound = self.bind(dict(values or {}))
        low, high = PATTERN_BOUNDS

        def literal(m: re.Match[str]) -> str:
            name = m.group(2)
            value = bound.get(name)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise CatalogueError(f"parameter {name} must be a whole number from {low} to {high}, not {value!r}")
            return f"{m.group(1)}{value}"

        text = _BOUND.sub(literal, self.ladybug_text if embedded and self.ladybug_text else self.text)
        used = set(re.findall(r"\$(\w+)", text))
        return text, {k: v for k, v in bound.items() if k in used}


def parse(path: Path) -> CatalogueQuery:
    purpose, example, params, body = "", "", [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("//"):
            body.append(line)
            continue
        comment = line[2:].strip()
        field, _, value = comment.partition(":")
        if field == "Purpose":
            purpose = value.strip()
        elif field == "Example":
            example = value.strip()
        elif field == "Param":
            m = _PARAM.match(value.strip())
            if not m:
                raise CatalogueError(f"{path.name}:{number}: write `// Param: name TYPE default -- meaning`")
            name, type_, default, doc = m.groups()
            try:
                default_value = json.loads(default)
            except json.JSONDecodeError:
                raise CatalogueError(f"{path.name}:{number}: the default must be JSON (\"\" , 1, true)") from None
            params.append(Param(name, type_, default_value, doc or ""))
    text = "\n".join(body).strip()
    if not purpose or not example or not text:
        raise CatalogueError(f"{path.name}: needs `// Purpose:`, `// Example:` and a query")
    return CatalogueQuery(path.stem, purpose, tuple(params), example, text, path, _ladybug_form(path, params))


def _ladybug_form(path: Path, params: list[Param]) -> str | None:
    variant = path.parent / "ladybug" / path.name
    if not variant.is_file():
        return None
    text = "\n".join(line for line in variant.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("//")).strip()
    unknown = sorted(set(re.findall(r"\$(\w+)", text)) - {p.name for p in params})
    if not text or unknown:
        raise CatalogueError(f"ladybug/{path.name}: needs a query, and only {path.name}'s parameters"
                             + (f" (not {', '.join(unknown)})" if unknown else ""))
    return text


@lru_cache(maxsize=1)
def _load() -> dict[str, CatalogueQuery]:
    return {p.stem: parse(p) for p in sorted(CATALOGUE_DIR.glob("*.cypher"))}


def queries() -> dict[str, CatalogueQuery]:
    """Every catalogue query by name, in name order."""
    return dict(_load())


def get(name: str) -> CatalogueQuery:
    try:
        return _load()[name]
    except KeyError:
        raise CatalogueError(f"no catalogue query {name!r}; `cckg query --list` shows them: "
                             f"{', '.join(_load())}") from None
