"""Read queries behind `cckg tactics`: curated tactics with their counts, and candidate tactics with
their documents and an example sentence. Written once in Cypher that both LadybugDB and Neo4j run."""

from __future__ import annotations

from typing import Any

from graph.sentences import sentence_texts

CURATED = (
    "MATCH (d:Document)-[r:CITES]->(t:Tactic)\n"
    "WHERE t.status = 'curated'\n"
    "RETURN t.name AS tactic, t.category AS category, count(DISTINCT d) AS documents, count(r) AS citations\n"
    "ORDER BY documents DESC, tactic\n"
    "LIMIT $limit"
)

CANDIDATES = (
    "MATCH (d:Document)-[r:CITES]->(t:Tactic)\n"
    "WHERE t.status = 'candidate'\n"
    "RETURN t.name AS tactic, count(DISTINCT d) AS documents, collect(DISTINCT d.title) AS titles,\n"
    "       collect(r.sentence_ids) AS sentence_ids\n"
    "ORDER BY documents DESC, tactic\n"
    "LIMIT $limit"
)


def tactic_rows(store: Any, candidates: bool = False, limit: int = 200) -> list[dict[str, Any]]:
    """Curated tactics (name, category, documents, citations), or candidates (name, documents, titles,
    example: the first supporting sentence).

    store: an open store with `query(cypher, params) -> (columns, rows)` (graph.embedded.EmbeddedStore).
    candidates (bool): list candidate tactics instead of curated ones.
    limit (int): at most this many rows, the most cited first.
    """
    columns, rows = store.query(CANDIDATES if candidates else CURATED, {"limit": limit})
    records = [dict(zip(columns, row)) for row in rows]
    if candidates:
        firsts = {rec["tactic"]: next((i for group in rec.pop("sentence_ids") or [] for i in group or []), None)
                  for rec in records}
        texts = sentence_texts(store, firsts.values())
        for rec in records:
            rec["example"] = texts.get(firsts[rec["tactic"]], "").strip()
            rec["titles"] = sorted(t for t in rec["titles"] or [] if t)
    return records
