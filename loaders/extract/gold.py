"""The gold-shaped JSON of a file: what `cckg extract --json` writes and `cckg eval` scores.

One object per input file, shaped like the hand annotations in ../shared/gold (see its README):
`doc` = the file's name, `parts` = one object per Document part with the gold schema's fields.
Every extractor family contributes its fields through its module's `gold(doc)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from loaders.document import Document
from loaders.extract import family_modules

# The gold schema's part fields, in its order (../shared/gold/README.md).
PART_FIELDS = ("part", "starts_with", "char_span", "duplicate_of", "kind", "primary_city", "date", "meeting",
               "other_meetings", "cities", "city_aliases", "officials", "honourees", "campaigns", "honours",
               "cited_documents", "organizations", "slogans", "tactics", "metrics", "notes")
LIST_FIELDS = ("other_meetings", "cities", "city_aliases", "officials", "honourees", "campaigns", "honours",
               "cited_documents", "organizations", "slogans", "tactics", "metrics", "notes")


def family_gold(doc: Document) -> dict[str, Any]:
    """Every family's fields for one document (each family module's gold(doc))."""
    fields: dict[str, Any] = {}
    for module in family_modules():
        fields.update(module.gold(doc))
    return fields


def guess_kind(doc: Document) -> str:
    """speech | news_report | meeting_agenda_speech (doc.meta["kind"] when ingestion set it)."""
    if doc.meta.get("kind"):
        return doc.meta["kind"]
    head = doc.text[:800]
    if re.search(r"议程", doc.text) and re.search(r"下面[:：,，]?请", doc.text):
        return "meeting_agenda_speech"
    if re.search(r"同志们|各位领导|朋友们|在[^。\n]{2,40}上的讲话", head):
        return "speech"
    return "news_report"


def part_object(doc: Document) -> dict[str, Any]:
    """The gold-shaped object of one Document part."""
    from loaders.extract.meetings import analyse_meetings
    from loaders.extract.places import document_city

    original = doc.clean.original
    city = document_city(doc)
    date = analyse_meetings(doc).date
    fields = family_gold(doc)
    part: dict[str, Any] = {
        "part": doc.part,
        "starts_with": original.lstrip()[:40],
        "char_span": [doc.offset, doc.offset + len(original)],
        "duplicate_of": doc.meta.get("duplicate_of"),
        "kind": guess_kind(doc),
        "primary_city": city.display_name if city else None,
        "date": {"text": date.get("text"), "iso": date.get("iso")},
        "meeting": fields.pop("meeting", None),
    }
    for name in LIST_FIELDS:
        part[name] = fields.pop(name, [])
    part.update(fields)  # any extra field a family adds
    return part


def file_object(path: str | Path, documents: Iterable[Document]) -> dict[str, Any]:
    """The gold-shaped object of one file."""
    documents = list(documents)
    script = documents[0].clean.script if documents else None
    return {"doc": Path(path).name, "script": script, "noise_notes": [],
            "parts": [part_object(doc) for doc in documents]}


def extract_file(path: str | Path, parts: list[dict] | None = None) -> dict[str, Any]:
    """Read, split and extract one file into its gold-shaped object (raises UnreadableFile).

    path (str | Path): the file.
    parts (list[dict] | None): gold parts whose `part` and `char_span` replace the splitter's parts
        (an oracle split, to measure extraction apart from splitting).
    RETURNS (dict): the gold-shaped object.
    """
    from loaders.clean import clean
    from loaders.pipeline import split_documents
    from loaders.read import read_file

    source = read_file(path)
    if parts:
        documents = [Document(source, p["part"], p["char_span"][0],
                              clean(source.text[p["char_span"][0]:p["char_span"][1]]),
                              {"duplicate_of": p.get("duplicate_of")})
                     for p in parts if p.get("char_span")]
    else:
        documents = split_documents(source)
    return file_object(path, documents)
