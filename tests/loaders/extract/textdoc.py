"""Documents made from sentences written for the extraction B tests (not from the seeds)."""

from __future__ import annotations

import hashlib

from loaders.clean import clean
from loaders.document import Document
from loaders.read import SourceText


def text_document(text: str, name: str = "sample.txt", **meta) -> Document:
    """A whole-file Document holding `text`, as the pipeline would build it."""
    data = text.encode("utf-8")
    source = SourceText(name, hashlib.sha1(data).hexdigest(), len(data), "text", "utf-8", text)
    return Document(source, "whole", 0, clean(text), dict(meta))
