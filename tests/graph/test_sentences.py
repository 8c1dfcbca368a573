"""Text read back from a store: every Document's text from its Sentences, every evidence's sentence
from its id, and query results whose `sentence_ids` become texts."""

from __future__ import annotations

import pytest

from graph.bundle import canonical
from graph.embedded import EmbeddedStore
from graph.model import sentence_id
from graph.sentences import document_text, sentence_texts, stitch, with_sentences
from graph.store import QueryResult, run_catalogue
from loaders.pipeline import split_documents
from loaders.read import UnreadableFile, read_file


@pytest.fixture(scope="module")
def documents(corpus_paths):
    """Every part of every readable file of the corpus: doc_id -> its original texts (one per copy)."""
    texts: dict[str, list[str]] = {}
    for path in corpus_paths:
        try:
            source = read_file(path)
        except UnreadableFile:
            continue
        for doc in split_documents(source):
            spans = doc.text_spans()
            assert spans[0][0] == 0 and spans[-1][1] == len(doc.clean.original)
            assert all(a[1] == b[0] for a, b in zip(spans, spans[1:])), "the spans follow each other"
            texts.setdefault(doc.doc_id, []).append(doc.clean.original)
    return texts


def test_every_document_is_spelt_by_its_sentences(corpus_store, documents):
    with EmbeddedStore(corpus_store, read_only=True) as store:
        chars = dict(store.query("MATCH (d:Document) RETURN d.doc_id, d.chars")[1])
        for doc_id, originals in documents.items():
            text = document_text(store, doc_id)
            assert text in originals, doc_id
            assert len(text) == chars[doc_id]
        assert document_text(store, "no-such-document") == ""


def test_every_evidence_names_a_stored_sentence_with_its_text(corpus_store, corpus_bundle):
    wanted = {sentence_id(e.doc_id, e.start, e.end): e.sentence
              for item in corpus_bundle for e in item.evidence if e.sentence}
    assert len(wanted) > 500
    with EmbeddedStore(corpus_store, read_only=True) as store:
        assert sentence_texts(store, wanted) == wanted
        read = store.read_bundle()
    assert canonical(read) == canonical(corpus_bundle)  # evidence compared with its sentences


def test_a_result_column_of_sentence_ids_comes_back_as_their_texts(corpus_store):
    with EmbeddedStore(corpus_store, read_only=True) as store:
        (sid, text), = store.query("MATCH (s:Sentence) WHERE size(s.text) > 10 RETURN s.sentence_id, s.text LIMIT 1")[1]
        result = with_sentences(store, QueryResult(["n", "sentence_ids"], [[1, [sid, sid + 1]], [2, []], [3, None]]))
        assert result.columns == ["n", "sentences"]
        assert result.rows == [[1, [text, ""]], [2, []], [3, []]]
        plain = QueryResult(["n"], [[1]])
        assert with_sentences(store, plain) is plain
        rows = run_catalogue(store, "city_metrics", {"city": "焦作市"}).records()
    assert rows and all("sentence_ids" not in r for r in rows)
    assert any(r["value"] in s for r in rows for s in r["sentences"])  # the sentence states the value


def test_stitching_gives_overlapping_pieces_once():
    text = "焦作市推进创文。全市动员。\n下一步，巩固成果。"
    pieces = [(0, 8, text[0:8]), (8, 13, text[8:13]), (13, 14, "\n"), (14, len(text), text[14:]),
              (8, 13, text[8:13]), (9, 11, text[9:11]), (0, 3, text[0:3])]
    assert stitch(reversed(pieces)) == text
    assert stitch([]) == ""
