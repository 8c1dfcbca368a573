"""Neo4j Cypher -> LadybugDB Cypher: the one place where the two dialects meet.

The query catalogue (cypher/*.cypher) and users' queries are written in Neo4j's
Cypher. LadybugDB speaks a dialect; ``to_ladybug`` rewrites the constructs that
differ and leaves everything else alone:

============================================  ==============================================
Neo4j                                         LadybugDB
============================================  ==============================================
``shortestPath((a)-[*..6]-(b))``              ``(a)-[* SHORTEST 1..6]-(b)``
``allShortestPaths((a)-[:T*1..6]-(b))``       ``(a)-[:T* ALL SHORTEST 1..6]-(b)``
``type(r)``                                   ``label(r)``
``head(labels(n))``, ``labels(n)[0]``         ``label(n)`` (a node has one table)
``[x IN l WHERE p | e]``                      ``list_transform(list_filter(l, x -> p), x -> e)``
``toString(x)``, ``toInteger(x)``, ``toFloat(x)``   ``CAST(x AS STRING | INT64 | DOUBLE)``
``relationships(p)``                          ``rels(p)``
============================================  ==============================================

Not translated (write portable Cypher instead): list indexing (LadybugDB counts
from 1), ``n:Label`` predicates in WHERE (use the pattern), ``elementId``, ``head``
and ``last`` of other lists, map projections, ``SET n += map``, ``FOREACH``.
"""

from __future__ import annotations

import re

from graph.readonly import blank_literals

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_CASTS = {"tostring": "STRING", "tointeger": "INT64", "tofloat": "DOUBLE", "toboolean": "BOOLEAN"}


class DialectError(ValueError):
    """The query uses Neo4j Cypher that the embedded store cannot run correctly."""


def to_ladybug(cypher: str) -> str:
    """Rewrite Neo4j Cypher into LadybugDB's dialect (idempotent on LadybugDB Cypher).

    Args:
        cypher (str): a query written for Neo4j.

    Returns:
        str: the same query for the embedded store.

    Raises:
        DialectError: a construct LadybugDB gets wrong (see ``_check_nested_lambdas``).
    """
    _check_nested_lambdas(cypher)
    previous = None
    text = cypher
    # Each pass rewrites the first construct found; nested constructs take several passes.
    while text != previous:
        previous = text
        text = _rewrite_once(text)
    return text


def _rewrite_once(text: str) -> str:
    blank = blank_literals(text)
    candidates = []
    for finder in (_find_shortest, _find_call_rewrite, _find_comprehension, _find_label_index):
        found = finder(text, blank)
        if found:
            candidates.append(found)
    if not candidates:
        return text
    # Rewrite the innermost-last construct first: the one starting latest cannot contain another.
    start, end, replacement = max(candidates, key=lambda c: c[0])
    return text[:start] + replacement + text[end:]


def _matching(blank: str, open_at: int) -> int:
    """Index of the bracket closing the one at ``open_at`` (in literal-blanked text)."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack = []
    for i in range(open_at, len(blank)):
        ch = blank[i]
        if ch in pairs:
            stack.append(pairs[ch])
        elif ch in ")]}":
            if not stack or stack.pop() != ch:
                raise ValueError(f"unbalanced {ch!r} at offset {i}")
            if not stack:
                return i
    raise ValueError(f"unclosed {blank[open_at]!r} at offset {open_at}")


def _last(pattern: re.Pattern[str], blank: str):
    matches = list(pattern.finditer(blank))
    return matches[-1] if matches else None


_SHORTEST = re.compile(r"\b(shortestPath|allShortestPaths)\s*\(", re.I)
_VARLEN = re.compile(r"\[(\s*" + _IDENT + r")?(\s*:[^\]*]+)?\s*\*\s*(\d*)\s*\.\.\s*(\d+)\s*\]")


def _find_shortest(text: str, blank: str):
    m = _last(_SHORTEST, blank)
    if not m:
        return None
    close = _matching(blank, m.end() - 1)
    inner = text[m.end():close]
    kind = "ALL SHORTEST" if m.group(1).lower() == "allshortestpaths" else "SHORTEST"

    def hop(v: re.Match[str]) -> str:
        var = (v.group(1) or "").strip()
        types = (v.group(2) or "").strip()
        low = v.group(3) or "1"
        return f"[{var}{types}* {kind} {low}..{v.group(4)}]"

    return m.start(), close + 1, _VARLEN.sub(hop, inner)


_CALL = re.compile(r"\b(type|relationships|toString|toInteger|toFloat|toBoolean|head)\s*\(", re.I)


def _find_call_rewrite(text: str, blank: str):
    for m in reversed(list(_CALL.finditer(blank))):
        if m.start() > 0 and blank[m.start() - 1] in ".$:":
            continue  # a property, parameter or label named like the function
        name = m.group(1).lower()
        close = _matching(blank, m.end() - 1)
        arg = text[m.end():close]
        if name == "type":
            return m.start(), close + 1, f"label({arg})"
        if name == "relationships":
            return m.start(), close + 1, f"rels({arg})"
        if name in _CASTS:
            return m.start(), close + 1, f"CAST({arg} AS {_CASTS[name]})"
        inner = re.fullmatch(r"\s*labels\s*\(\s*(" + _IDENT + r")\s*\)\s*", arg, re.I)
        if name == "head" and inner:
            return m.start(), close + 1, f"label({inner.group(1)})"
    return None


_LABEL_INDEX = re.compile(r"\blabels\s*\(\s*(" + _IDENT + r")\s*\)\s*\[\s*0\s*\]", re.I)


def _find_label_index(text: str, blank: str):
    m = _last(_LABEL_INDEX, blank)
    return (m.start(), m.end(), f"label({m.group(1)})") if m else None


_COMPREHENSION = re.compile(r"\[\s*(" + _IDENT + r")\s+IN\b", re.I)


def _top_level(blank: str, start: int, end: int, token: re.Pattern[str]) -> int | None:
    """First offset in [start, end) where ``token`` matches outside nested brackets."""
    depth = 0
    i = start
    while i < end:
        ch = blank[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and token.match(blank, i):
            return i
        i += 1
    return None


def _find_comprehension(text: str, blank: str):
    for m in reversed(list(_COMPREHENSION.finditer(blank))):
        close = _matching(blank, m.start())
        body_start = m.end()
        where = _top_level(blank, body_start, close, re.compile(r"\bWHERE\b", re.I))
        bar = _top_level(blank, body_start, close, re.compile(r"\|"))
        var = m.group(1)
        list_end = min(x for x in (where, bar, close) if x is not None)
        source = text[body_start:list_end].strip()
        expr = source
        if where is not None:
            pred = text[where + len("WHERE"):(bar if bar is not None else close)].strip()
            expr = f"list_filter({expr}, {var} -> {pred})"
        if bar is not None:
            proj = text[bar + 1:close].strip()
            expr = f"list_transform({expr}, {var} -> {proj})"
        if where is None and bar is None:
            expr = f"list_transform({expr}, {var} -> {var})"
        return m.start(), close + 1, expr
    return None


def _check_nested_lambdas(text: str) -> None:
    """Refuse a list comprehension nested in another that uses the outer variable.

    LadybugDB 0.22 cannot capture an outer lambda variable: ``list_transform(l, n ->
    list_transform(m, x -> n.name))`` returns wrong values, fails with "Lambda paramName n
    cannot found", or crashes the process, depending on the query.
    """
    blank = blank_literals(text)
    spans = []
    for m in _COMPREHENSION.finditer(blank):
        spans.append((m.start(), _matching(blank, m.start()), m.group(1), m.end()))
    for start, end, var, body in spans:
        for inner_start, inner_end, _, inner_body in spans:
            if start < inner_start and inner_end < end:
                inner = blank[inner_body:inner_end]
                if re.search(rf"(?<![.$\w]){re.escape(var)}\b", inner):
                    raise DialectError(
                        f"the embedded store cannot run a list comprehension inside another that uses the outer "
                        f"variable {var!r}; rewrite it with UNWIND, or run it on Neo4j")
