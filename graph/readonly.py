"""Refuse users' Cypher that could change the graph, before it reaches a store.

The stores enforce read-only access themselves (Neo4j: a READ session through
``execute_read``; embedded: a read-only database). This check runs first on both,
so every refusal names the clause that was refused, and so the statements that a
read-only LadybugDB database still accepts (``LOAD FROM``, ``EXPORT DATABASE``,
``CALL threads=…``, ``INSTALL``, ``BEGIN TRANSACTION``) are refused as well.

It works on tokens: string literals, backticked names and comments are blanked
first, so ``WHERE d.title CONTAINS 'CREATE'`` is a read.
"""

from __future__ import annotations

import re

# Clauses (first word of a clause) that write, administer or read files.
WRITE_CLAUSES = {
    "CREATE": "creates nodes, relationships or schema",
    "MERGE": "creates nodes or relationships",
    "SET": "changes properties or labels",
    "DELETE": "deletes nodes or relationships",
    "DETACH": "deletes nodes and their relationships",
    "REMOVE": "removes properties or labels",
    "DROP": "drops schema, tables or databases",
    "ALTER": "changes schema or databases",
    "RENAME": "renames schema or users",
    "FOREACH": "runs updating clauses",
    "LOAD": "reads files or URLs into the query (LOAD CSV / LOAD FROM)",
    "COPY": "bulk-loads or writes files",
    "INSTALL": "downloads extensions",
    "EXPORT": "writes the database to files",
    "IMPORT": "loads a database from files",
    "ATTACH": "attaches another database",
    "USE": "switches to another database or graph",
    "BEGIN": "opens a transaction",
    "COMMIT": "commits a transaction",
    "ROLLBACK": "rolls back a transaction",
    "CHECKPOINT": "writes the database files",
    "GRANT": "changes privileges",
    "REVOKE": "changes privileges",
    "DENY": "changes privileges",
    "START": "starts a database",
    "STOP": "stops a database",
    "TERMINATE": "terminates transactions",
    "ENABLE": "changes server state",
    "DEALLOCATE": "changes server state",
    "REALLOCATE": "changes server state",
}

# Procedures that only read. Anything else after CALL is refused: a procedure's
# name does not say whether it writes (apoc.create.*, db.createLabel, gds.*.write …).
READ_PROCEDURES = {
    # Neo4j
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties", "db.indexes", "db.constraints",
    "db.info", "dbms.components", "db.ping",
    # LadybugDB
    "show_tables", "table_info", "show_connection", "db_version", "show_functions", "current_setting",
    "show_indexes", "show_sequences", "show_warnings",
}


class ReadOnlyViolation(ValueError):
    """The query would write (or is not one read statement); the message names the clause."""


_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", re.S)
_BACKTICK = re.compile(r"`[^`]*`")
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PROCEDURE = re.compile(r"\bCALL\s+([A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*(\(|=)?", re.I)


def blank_literals(cypher: str) -> str:
    """The query with strings, backticked names and comments replaced by spaces (offsets kept)."""
    def spaces(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    out, i = [], 0
    # One left-to-right scan so that quotes inside comments (and // inside strings) behave.
    pattern = re.compile(f"{_COMMENT.pattern}|{_STRING.pattern}|{_BACKTICK.pattern}", re.S)
    for m in pattern.finditer(cypher):
        out.append(cypher[i:m.start()])
        out.append(spaces(m))
        i = m.end()
    out.append(cypher[i:])
    return "".join(out)


def check_read_only(cypher: str) -> None:
    """Raise ReadOnlyViolation unless ``cypher`` is one statement that only reads.

    Args:
        cypher (str): the user's query.

    Raises:
        ReadOnlyViolation: with a message such as ``refused: CREATE creates nodes …``.
    """
    text = blank_literals(cypher)
    statements = [s for s in text.split(";") if s.strip()]
    if not statements:
        raise ReadOnlyViolation("refused: the query is empty")
    if len(statements) > 1:
        raise ReadOnlyViolation("refused: run one statement at a time (the query has several, separated by ';')")
    for m in _WORD.finditer(text):
        word = m.group(0).upper()
        if word not in WRITE_CLAUSES:
            continue
        before = text[:m.start()].rstrip()
        after = text[m.end():].lstrip()
        # a property (n.set), a label or type (:Create), a parameter ($set) or a map key ({set: 1})
        if before.endswith((".", ":", "$")) or after.startswith(":") and not after.startswith("::"):
            continue
        if re.search(r"\bAS$", before, re.I):
            continue  # an alias: RETURN c.name AS set
        if word in {"START", "STOP", "ENABLE"} and not _admin_command(after):
            continue
        clause = word
        nxt = _WORD.match(after)
        if word in {"LOAD", "DETACH"} and nxt:
            clause = f"{word} {nxt.group(0).upper()}"
        raise ReadOnlyViolation(
            f"refused: {clause} {WRITE_CLAUSES[word]}; the console and `cckg query` are read-only")
    for m in _PROCEDURE.finditer(text):
        if m.group(2) == "=":
            raise ReadOnlyViolation("refused: CALL name=value changes a database setting; the console is read-only")
        name = re.sub(r"\s+", "", m.group(1)).lower()
        if name not in READ_PROCEDURES:
            raise ReadOnlyViolation(
                f"refused: CALL {m.group(1)} is not a known read-only procedure "
                f"(allowed: {', '.join(sorted(READ_PROCEDURES))}); the console is read-only")
    if re.search(r"\bIN\s+(?:\d+\s+)?(?:CONCURRENT\s+)?TRANSACTIONS\b", text, re.I):
        raise ReadOnlyViolation("refused: CALL { … } IN TRANSACTIONS commits writes; the console is read-only")


def _admin_command(after: str) -> bool:
    # START/STOP DATABASE, ENABLE SERVER are admin commands; `start` is otherwise a common variable name.
    nxt = _WORD.match(after)
    return bool(nxt) and nxt.group(0).upper() in {"DATABASE", "DATABASES", "SERVER"}
