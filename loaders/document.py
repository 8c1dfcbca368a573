"""A Document: one speech or report (one part of a file), cleaned, with sentences."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from graph.bundle import Evidence
from loaders.clean import CleanText
from loaders.read import SourceText

_SENTENCE = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』)]?|\n|$)")


_NOT_CONTENT = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")


def content_id(text: str) -> str:
    """An id of the words alone: punctuation, spacing and the 著/着 variant do not change it."""
    body = _NOT_CONTENT.sub("", text).replace("著", "着")
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Sentence:
    start: int  # offsets into the clean text
    end: int
    text: str


@dataclass
class Document:
    source: SourceText
    part: str  # "whole", "teaser", "篇1" …
    offset: int  # where the part starts in the source text
    clean: CleanText
    meta: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def doc_id(self) -> str:
        """Stable id from the cleaned simplified text, so the same speech in either script is one Document."""
        return content_id(self.clean.text)

    @property
    def end(self) -> int:
        """Where the part ends in the source text (offset + length of its original text)."""
        return self.offset + len(self.clean.original)

    @property
    def text(self) -> str:
        """The cleaned simplified text the extractors read."""
        return self.clean.text

    @cached_property
    def sentences(self) -> list[Sentence]:
        result = []
        for m in _SENTENCE.finditer(self.clean.text):
            start, end = m.start(), m.end()
            while start < end and self.clean.text[start].isspace():
                start += 1
            while end > start and self.clean.text[end - 1].isspace():
                end -= 1
            if end > start:
                result.append(Sentence(start, end, self.clean.text[start:end]))
        return result

    def sentence_at(self, pos: int) -> Sentence:
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if pos < s.start:
                hi = mid - 1
            elif pos >= s.end:
                lo = mid + 1
            else:
                return s
        return Sentence(pos, pos + 1, self.clean.text[pos:pos + 1])

    def text_spans(self) -> list[tuple[int, int]]:
        """Spans of the original text that spell it in order: each sentence, and the text between two."""
        spans: list[tuple[int, int]] = []
        pos = 0
        for sentence in self.sentences:
            start, end = self.clean.to_original(sentence.start, sentence.end)
            start = max(start, pos)
            if end <= start:
                continue
            if start > pos:
                spans.append((pos, start))
            spans.append((start, end))
            pos = end
        if pos < len(self.clean.original):
            spans.append((pos, len(self.clean.original)))
        return spans

    def evidence(self, start: int, end: int | None = None) -> Evidence:
        """Evidence for a clean-text span: the enclosing sentence as written in the original."""
        sentence = self.sentence_at(start)
        o_start, o_end = self.clean.to_original(sentence.start, sentence.end)
        return Evidence(self.doc_id, o_start, o_end, self.clean.original[o_start:o_end])
