"""What `cckg inspect` shows: how one file is read, cleaned and split, as plain data."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from loaders.clean import clean
from loaders.pipeline import split_documents
from loaders.read import read_file


_EXTRACTED = {
    "html": "main text taken from the page by trafilatura (navigation, sidebars, comments, footer and scripts "
            "left out); offsets are into that text",
    "docx": "paragraphs and table rows of the .docx body (page headers and footers left out)",
    "pdf": "the PDF's text layer, page by page",
}


def inspect_file(path: str | Path) -> dict[str, Any]:
    """Encoding, script, parts with their metadata, and every removal with its reason.

    path (str | Path): the file to inspect; raises UnreadableFile if it cannot be loaded.
    RETURNS (dict): JSON-ready; offsets are into the file's decoded text.
    """
    source = read_file(path)
    whole = clean(source.text, dedupe=False)
    documents = split_documents(source, whole)
    removals = []
    for doc in documents:
        for r in doc.clean.removals:
            removals.append({"part": doc.part, "start": doc.offset + r.start, "end": doc.offset + r.end,
                             "reason": r.reason, "text": r.text})
    spans = [(d.offset, d.end) for d in documents]
    for r in whole.removals:  # junk between or after the parts (推荐访问 … to the end)
        if not any(s <= r.start and r.end <= e for s, e in spans):
            removals.append({"part": "(outside parts)", "start": r.start, "end": r.end, "reason": r.reason,
                             "text": r.text})
    removals = _outermost(removals)
    scripts = Counter(d.clean.script for d in documents)
    return {
        "source": {"path": source.path, "format": source.format, "encoding": source.encoding, "bytes": source.size,
                   "chars": len(source.text), "title": source.title, "date": source.date,
                   "warnings": list(source.warnings), "extracted": _EXTRACTED.get(source.format)},
        "script": whole.script if len(scripts) <= 1 else "mixed",
        "parts": [{"part": d.part, "doc_id": d.doc_id, "start": d.offset, "end": d.end,
                   "boundary": d.meta["boundary"], "heading": d.meta["heading"],
                   "duplicate_of": d.meta["duplicate_of"], "script": d.clean.script,
                   "starts_with": d.clean.original[:40],
                   "meta": {k: v for k, v in d.meta.items()
                            if k not in ("part_start", "part_end", "heading", "boundary", "duplicate_of")}}
                  for d in documents],
        "removals": removals,
        "removal_counts": dict(Counter(r["reason"] for r in removals)),
    }


def _outermost(removals: list[dict]) -> list[dict]:
    """Removals in file order; one inside a larger one (a gloss inside a junk block) is folded into it."""
    result: list[dict] = []
    reach = -1
    for r in sorted(removals, key=lambda r: (r["start"], -r["end"])):
        if r["end"] <= reach and r["start"] < reach:
            continue
        result.append(r)
        reach = max(reach, r["end"])
    return result
