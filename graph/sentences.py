"""Reading text back from a store: the sentences evidence names, and a Document's whole text.

Stores keep text only in Sentence nodes (graph.model); facts name theirs in `sentence_ids`.
Queries return those ids, and `with_sentences` turns a result's `sentence_ids` column into
the sentences' texts with one lookup by key.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.store import QueryResult, Store

SENTENCE_IDS = "sentence_ids"  # a result column of lists of Sentence keys
SENTENCES = "sentences"  # what with_sentences makes of it


def sentence_texts(store: Store, ids: Iterable[int]) -> dict[int, str]:
    """The texts of the Sentences with these keys (a key no Sentence has is left out)."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    if hasattr(store, "sentence_texts"):  # the embedded store's faster path
        return store.sentence_texts(wanted)
    _, rows = store.query("UNWIND $ids AS sid MATCH (s:Sentence {sentence_id: sid}) RETURN sid, s.text", {"ids": wanted})
    return {sid: text for sid, text in rows}


def with_sentences(store: Store, result: QueryResult) -> QueryResult:
    """The result with its `sentence_ids` column (lists of Sentence keys) as `sentences`: the
    texts, in the same order ("" for a key no Sentence has). Other results are returned as they are."""
    from graph.store import QueryResult

    if SENTENCE_IDS not in result.columns:
        return result
    at = result.columns.index(SENTENCE_IDS)
    texts = sentence_texts(store, (i for row in result.rows for i in row[at] or []))
    rows = [[*row[:at], [texts.get(i, "") for i in row[at] or []], *row[at + 1:]] for row in result.rows]
    columns = [*result.columns[:at], SENTENCES, *result.columns[at + 1:]]
    return QueryResult(columns, rows, result.truncated)


def document_text(store: Store, doc_id: str) -> str:
    """A Document's original text, spelt by its Sentences ("" for a document the store does not hold)."""
    _, rows = store.query("MATCH (s:Sentence) WHERE s.document = $doc RETURN s.span_start, s.span_end, s.text",
                          {"doc": doc_id})
    return stitch((start, end, text) for start, end, text in rows)


def stitch(pieces: Iterable[tuple[int, int, str]]) -> str:
    """One text from pieces of it given as (start, end, text): overlapping pieces (a sentence that
    evidence names and the run of text around it) give their text once."""
    out: list[str] = []
    pos = 0
    for start, end, text in sorted(pieces, key=lambda p: (p[0], -p[1])):
        if end <= pos:
            continue
        out.append(text[max(0, pos - start):])
        pos = end
    return "".join(out)
