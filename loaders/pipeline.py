"""From files to GraphBundles: read -> clean -> split -> extract.

One broken file never stops a batch: it becomes a FileResult with status
"skipped" and a one-line reason, and the other files load normally.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graph.bundle import Evidence, GraphBundle
from graph.model import sentence_id
from loaders.clean import CleanText, clean, clean_part
from loaders.document import Document
from loaders.extract import Extractor, default_extractors
from loaders.read import SourceText, UnreadableFile, read_file


@dataclass
class FileResult:
    path: str
    status: str  # loaded | skipped | unchanged (its bytes are stored already: not read again)
    reason: str = ""
    encoding: str = ""
    documents: int = 0
    facts: int = 0
    note: str = ""  # loaded, but worth knowing: repaired damage, same content as another file
    doc_ids: list[str] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        row = asdict(self)
        row.pop("doc_ids")
        return row


def split_documents(source: SourceText, whole: CleanText | None = None) -> list[Document]:
    """The documents a file holds: one per part of a compilation, each cleaned and described.

    Each Document's `offset`/`end` locate the part in the source text; its meta
    holds the metadata (title, kind, date, meeting, speaker, primary city) and
    the part's `duplicate_of` when it is a pasted copy of an earlier part.

    source (SourceText): the file's text.
    whole (CleanText): `clean(source.text, dedupe=False)` if already computed; the file is cleaned
        once, and each part's clean text is cut from it.
    """
    from loaders.metadata import describe
    from loaders.split import find_parts

    whole = whole or clean(source.text, dedupe=False)
    documents = []
    for part in find_parts(source.text, whole):
        cleaned = clean_part(whole, part.start, part.end)
        meta = describe(cleaned, part.name, part.heading, published=source.date).as_dict()
        if not meta["title"] and source.title:
            meta["title"] = source.title
        meta.update(part_start=part.start, part_end=part.end, heading=part.heading,
                    boundary=part.boundary, duplicate_of=part.duplicate_of)
        documents.append(Document(source, part.name, part.start, cleaned, meta))
    return documents


def document_bundle(doc: Document, extractors: Sequence[Extractor]) -> GraphBundle:
    """The Document node, its file, every fact the extractors find in it, and its text as Sentences."""
    bundle = GraphBundle()
    whole = Evidence(doc.doc_id, 0, len(doc.clean.original), "")
    doc_ref = bundle.add_node("Document", doc.doc_id, {
        "title": doc.meta.get("title") or doc.source.title or Path(doc.source.path).stem,
        "kind": doc.meta.get("kind"), "part": doc.part, "source": doc.source.path,
        "date_text": doc.meta.get("date_text") or doc.source.date, "date_iso": doc.meta.get("date_iso"),
        "year_masked": doc.meta.get("year_masked"), "primary_city": doc.meta.get("primary_city_adcode"),
        "speaker": doc.meta.get("speaker"), "encoding": doc.source.encoding, "script": doc.clean.script,
        "chars": len(doc.clean.original),
    }, [whole])
    file_ref = bundle.add_node("SourceFile", doc.source.file_id, {
        "path": doc.source.path, "name": Path(doc.source.path).name,
        "encoding": doc.source.encoding, "bytes": doc.source.size,
    })
    bundle.add_edge("FROM_FILE", doc_ref, file_ref, {"part": doc.part}, [whole])
    for extractor in extractors:
        extractor(doc, bundle)
    original = doc.clean.original
    for start, end in doc.text_spans():
        bundle.add_node("Sentence", sentence_id(doc.doc_id, start, end),
                        {"document": doc.doc_id, "span_start": start, "span_end": end, "text": original[start:end]})
    return bundle


def process_file(path: str | Path, extractors: Sequence[Extractor] | None = None) -> tuple[GraphBundle, FileResult]:
    """Everything one file contributes; never raises for a bad file."""
    extractors = default_extractors() if extractors is None else extractors
    try:
        source = read_file(path)
        bundle = GraphBundle()
        documents = split_documents(source)
        for doc in documents:
            bundle.update(document_bundle(doc, extractors))
    except UnreadableFile as exc:
        return GraphBundle(), FileResult(str(path), "skipped", exc.reason)
    except Exception as exc:  # a bug on one file must not stop the batch; report it
        return GraphBundle(), FileResult(str(path), "skipped", f"failed: {type(exc).__name__}: {exc}")
    result = FileResult(str(path), "loaded", encoding=source.encoding, documents=len(documents),
                        facts=len(bundle), note="; ".join(source.warnings), doc_ids=[d.doc_id for d in documents])
    return bundle, result


def process_files(paths: Iterable[str | Path], extractors: Sequence[Extractor] | None = None
                  ) -> Iterator[tuple[GraphBundle, FileResult]]:
    """process_file over many paths; a file whose documents all came before is noted as the same content."""
    extractors = default_extractors() if extractors is None else extractors
    return note_repeated_content(process_file(path, extractors) for path in paths)


def note_repeated_content(results: Iterable[tuple[GraphBundle, FileResult]]
                          ) -> Iterator[tuple[GraphBundle, FileResult]]:
    """Note each file whose documents all came in earlier files (results in path order, from any process)."""
    first_seen: dict[str, str] = {}
    for bundle, result in results:
        ids = result.doc_ids
        earlier = {first_seen[i] for i in ids if i in first_seen}
        if ids and all(i in first_seen for i in ids):
            result.note = "; ".join(filter(None, [result.note, f"same content as {', '.join(sorted(earlier))} (one Document)"]))
        for i in ids:
            first_seen.setdefault(i, result.path)
        yield bundle, result


def set_aside_stored(paths: Iterable[str | Path], stored: Mapping[str, str]) -> tuple[list[str], list[FileResult]]:
    """Split `paths` into the files to load and those whose bytes a store holds already (`stored`:
    file id -> stored path), which would add nothing: each of those gets an "unchanged" result."""
    from loaders.read import file_id_at

    todo, unchanged = [], []
    for path in map(str, paths):
        known = stored.get(file_id_at(path) or "")
        if known is None:
            todo.append(path)
        else:
            reason = "already in the store" + ("" if known == path else f" (the same bytes as {known})")
            unchanged.append(FileResult(path, "unchanged", reason))
    return todo, unchanged


def build_bundle(paths: Iterable[str | Path], extractors: Sequence[Extractor] | None = None
                 ) -> tuple[GraphBundle, list[FileResult]]:
    """All files merged into one bundle, with a result per file."""
    total, results = GraphBundle(), []
    for bundle, result in process_files(paths, extractors):
        total.update(bundle)
        results.append(result)
    return total, results
