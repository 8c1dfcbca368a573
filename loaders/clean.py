"""Cleaning text for extraction while keeping a map back to the original.

Every step either deletes characters or replaces one character with one, so
`CleanText.index[i]` is the offset in the original text of clean character i,
and any span the extractors find maps back to the sentence as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import opencc

# A converter artifact writes the pinyin after a character: 創(chuàng)建, 全國(guó).
_PINYIN_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,7})[)）]")

_WIDTH = {0x3000: " ", 0x00A0: " "}
_WIDTH.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF10, 0xFF1A)})  # ０-９
_WIDTH.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDTH.update({ord(a): b for a, b in zip("％．", "%.")})


@dataclass(frozen=True)
class Removal:
    start: int  # offsets into the original text
    end: int
    reason: str
    text: str


@dataclass
class CleanText:
    original: str
    text: str
    index: list[int]  # original offset of each clean character
    script: str = "simplified"
    removals: list[Removal] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span [start, end) to the original text."""
        if start >= len(self.index):
            return len(self.original), len(self.original)
        o_start = self.index[start]
        o_end = self.index[end - 1] + 1 if end > start else o_start
        return o_start, o_end


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """OpenCC t2s that never changes the length (converts line by line, char by char if needed)."""
    converter = _t2s()
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    lines = []
    for line in text.splitlines(keepends=True):
        out = converter.convert(line)
        lines.append(out if len(out) == len(line) else "".join(
            c if len(c) == 1 else ch for ch, c in ((ch, converter.convert(ch)) for ch in line)))
    return "".join(lines)


def detect_script(text: str) -> str:
    """'traditional' when conversion to simplified changes a noticeable share of the Han characters."""
    sample = text[:20_000]
    han = sum("\u4e00" <= ch <= "\u9fff" for ch in sample)
    if not han:
        return "simplified"
    changed = sum(a != b for a, b in zip(sample, to_simplified(sample)))
    return "traditional" if changed / han > 0.03 else "simplified"


def _delete(text: str, index: list[int], pattern: re.Pattern[str], reason: str,
            removals: list[Removal], original: str) -> tuple[str, list[int]]:
    keep_text, keep_index, pos = [], [], 0
    for m in pattern.finditer(text):
        keep_text.append(text[pos:m.start()])
        keep_index.extend(index[pos:m.start()])
        o_start, o_end = index[m.start()], index[m.end() - 1] + 1
        removals.append(Removal(o_start, o_end, reason, original[o_start:o_end]))
        pos = m.end()
    keep_text.append(text[pos:])
    keep_index.extend(index[pos:])
    return "".join(keep_text), keep_index


def clean(original: str) -> CleanText:
    """Strip converter artifacts, convert to simplified script and unify character widths."""
    removals: list[Removal] = []
    text, index = _delete(original, list(range(len(original))), _PINYIN_GLOSS, "pinyin gloss", removals, original)
    script = detect_script(text)
    if script == "traditional":
        text = to_simplified(text)
    text = text.translate(_WIDTH)
    return CleanText(original, text, index, script, removals)
