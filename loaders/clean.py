"""Cleaning text for extraction while keeping a map back to the original.

Every step either deletes characters or replaces one character with one, so
`CleanText.index[i]` is the offset in the original text of clean character i,
and any span the extractors find maps back to the sentence as written.

Steps, in order: pinyin glosses out (`全國(guó)`), Traditional -> Simplified
(OpenCC, length-preserving), full/half width and punctuation unified, web junk
out (patterns in data/cleaning.yaml), whitespace tidied, lines broken mid-
sentence by page breaks joined, and repeated paragraphs dropped. The steps run
until nothing changes, so cleaning clean text changes nothing.
"""

from __future__ import annotations

import operator
import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

import opencc

from loaders.datafiles import load_data

# A converter artifact writes the pinyin of one syllable after each character:
# 創(chuàng)建, 全國(guó). A dictionary gloss of a whole word (发言(fāyán)) has
# two syllables and is not matched.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = (rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
             rf"(?:[aeiouüv{_TONED}]{{1,3}})(?:ng|n|r)?")
# Written to start with the bracket (the lookbehind checks the character before it): the regex engine
# then skips quickly to the next bracket instead of trying the lookbehind at every character.
_PINYIN_GLOSS = re.compile(rf"[(（](?<=[\u3400-\u9fff][(（]){_SYLLABLE}[)）](?:[(（]{_SYLLABLE}[)）])*")

_HAN = r"\u3400-\u9fff"
_CJK_PUNCT = "，。、；：！？“”‘’（）《》【】…—"
_SENTENCE_PUNCT = "，,、；;：:。"
_SENTENCE_PUNCT_RE = re.compile(f"[{_SENTENCE_PUNCT}]")
_HAN_CHAR = re.compile(f"[{_HAN}]")
_JOINS_ON = re.compile(rf"[{_HAN}，。、；：！？”）]")  # a line that can continue a sentence broken before it

_WIDTH = {0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x200B: " ", 0xFEFF: " ",
          0x0009: " ", 0x000B: " ", 0x000C: " ", 0x000D: "\n", 0x2028: "\n", 0x2029: "\n", 0x0085: "\n"}
_WIDTH.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF10, 0xFF1A)})  # ０-９
_WIDTH.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDTH.update({ord(a): b for a, b in zip("％．＋＝／＿＆＃＠「」『』", "%.+=/_&#@“”‘’")})

_WIDTH_RE = re.compile("[" + "".join(map(re.escape, map(chr, sorted(_WIDTH)))) + "]+")

# ASCII punctuation beside Chinese text becomes the full-width form a Chinese
# writer uses, so `,` and `，` versions of one text compare equal.
_TO_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_ASCII_PUNCT = re.compile(r"[,:;!?()]")
_ASCII_PUNCT_NEAR_HAN = re.compile(rf"(?<=[{_HAN}{_CJK_PUNCT}])[ ]*[,:;!?()]|[,:;!?()](?=[ ]*[{_HAN}])")

# The whitespace patterns start with the character they delete (lookbehinds after it), for speed as above.
_MULTI_SPACE = re.compile(r" (?<=  ) *")  # spaces after a space
_LINE_EDGE_SPACE = re.compile(r"(?m) (?:(?<=^ ) *| *$)")  # spaces at the start or end of a line
_SPACE_NEAR_HAN = re.compile(rf" (?:(?<=[0-9{_CJK_PUNCT}] )(?=[{_HAN}])|(?<=[{_HAN}] )(?=[0-9{_CJK_PUNCT}])"
                             rf"|(?<=[{_CJK_PUNCT}] )(?=[{_CJK_PUNCT}0-9A-Za-z])|(?<=[0-9A-Za-z] )(?=[{_CJK_PUNCT}]))")

MIN_REPEAT_CHARS = 12  # shorter repeated lines (同志们：) are ordinary, not pasted copies


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
    index: array  # original offset of each clean character (array of ints)
    script: str = "simplified"
    removals: list[Removal] = field(default_factory=list)
    settled: bool = True  # cleaning reached a text that cleaning again leaves unchanged

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span [start, end) to the original text."""
        if start >= len(self.index):
            return len(self.original), len(self.original)
        o_start = self.index[start]
        o_end = self.index[end - 1] + 1 if end > start else o_start
        return o_start, o_end


@dataclass(frozen=True)
class JunkPattern:
    reason: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def cleaning_data() -> dict:
    """The patterns in loaders/data/cleaning.yaml."""
    return load_data("cleaning.yaml")


@lru_cache(maxsize=1)
def junk_patterns() -> tuple[JunkPattern, ...]:
    return tuple(JunkPattern(item["reason"], re.compile(item["pattern"])) for item in cleaning_data()["junk"])


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


_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")


def detect_script(text: str) -> str:
    """'traditional' when conversion to simplified changes a noticeable share of the Han characters."""
    sample = text[:20_000]
    converted = to_simplified(sample)
    if converted == sample:
        return "simplified"
    han = len(_NOT_HAN.sub("", sample))
    changed = sum(map(operator.ne, sample, converted))
    return "traditional" if han and changed / han > 0.03 else "simplified"


_COUNTING = array("i")  # 0, 1, 2 …: a prefix of it starts each index map


def _counting(n: int) -> array:
    """array("i", range(n)), copied from a kept array (much faster than counting anew)."""
    global _COUNTING
    if n > 1_000_000:
        return array("i", range(n))
    if n > len(_COUNTING):
        _COUNTING = array("i", range(max(n, 2 * len(_COUNTING), 65_536)))
    return _COUNTING[:n]


class _Work:
    """Text being cleaned, with the original offset of each character and the removals so far."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = original
        self.index = _counting(len(original))
        self.removals: list[Removal] = []

    def delete(self, spans: list[tuple[int, int]], reason: str | None) -> None:
        """Delete sorted, non-overlapping [start, end) spans; record them unless reason is None."""
        if not spans:
            return
        pieces, index, pos = [], array("i"), 0
        for start, end in spans:
            if end <= start or start < pos:
                continue
            pieces.append(self.text[pos:start])
            index.extend(self.index[pos:start])
            if reason is not None:
                o_start, o_end = self.index[start], self.index[end - 1] + 1
                self.removals.append(Removal(o_start, o_end, reason, self.original[o_start:o_end]))
            pos = end
        pieces.append(self.text[pos:])
        index.extend(self.index[pos:])
        self.text, self.index = "".join(pieces), index

    def delete_matches(self, pattern: re.Pattern[str], reason: str | None) -> None:
        self.delete([m.span() for m in pattern.finditer(self.text) if m.end() > m.start()], reason)

    def replace_chars(self, text: str) -> None:
        assert len(text) == len(self.text)
        self.text = text


def clean(original: str, *, dedupe: bool = True) -> CleanText:
    """Clean a text for extraction, keeping the map back to the original.

    original (str): the text as read from the file (or one part of it).
    dedupe (bool): drop paragraphs that repeat an earlier one. Splitting turns
        this off, since a pasted copy of a whole speech is a part of its own.
    RETURNS (CleanText): simplified, tidied text with `index` and `removals`.
    """
    work = _Work(original)
    script = None
    settled = False
    for _ in range(_MAX_PASSES):
        before = work.text
        script_now = _clean_once(work, dedupe)
        script = script or script_now
        if work.text == before:
            settled = True
            break
    work.removals.sort(key=lambda r: (r.start, r.end))
    return CleanText(original, work.text, work.index, script or "simplified", work.removals, settled)


_MAX_PASSES = 6


def clean_part(whole: CleanText, start: int, end: int) -> CleanText:
    """`clean(whole.original[start:end])`, cut from the whole text's cleaning instead of cleaning again.

    Cleaning works line by line (no step looks across a line break except to
    join a broken sentence, which a part boundary never splits), so the clean
    lines of a part are the whole text's clean lines; only the paragraphs the
    part repeats are left to drop. A part that does not start and end on a
    clean line, cuts through a removal, or has another script than the whole
    text is cleaned on its own.

    whole (CleanText): `clean(text, dedupe=False)` of the file's text.
    start (int): where the part starts in the file's text.
    end (int): where it ends.
    RETURNS (CleanText): the same as `clean(text[start:end])`: offsets into the part's own text.
    """
    original = whole.original[start:end]
    lo, hi = bisect_left(whole.index, start), bisect_left(whole.index, end)
    t = whole.text
    while lo < hi and t[lo] == "\n":  # the part alone has no line break at its edges
        lo += 1
    while hi > lo and t[hi - 1] == "\n":
        hi -= 1
    if (lo == hi or not whole.settled or (lo > 0 and t[lo - 1] != "\n") or (hi < len(t) and t[hi] != "\n")
            or any(r.start < end and r.end > start and not (start <= r.start and r.end <= end) for r in whole.removals)):
        return clean(original)
    if start == 0 and not whole.original[end:].strip():
        script = whole.script  # the part is the whole text: the same first 20,000 characters decide
    else:
        script = detect_script(_PINYIN_GLOSS.sub("", original))
    if script != whole.script:
        return clean(original)
    work = _Work.__new__(_Work)
    work.original, work.text = original, t[lo:hi]
    work.index = whole.index[lo:hi] if not start else array("i", map(operator.sub, whole.index[lo:hi], repeat(start)))
    work.removals = [Removal(r.start - start, r.end - start, r.reason, r.text)
                     for r in whole.removals if start <= r.start and r.end <= end]
    settled = True
    before = work.text
    for spans, reason in _repeated_lines(work.text):
        work.delete(spans, reason)
    if work.text != before:  # a paragraph dropped: clean again, as `clean` would after its first pass
        settled = False
        for _ in range(_MAX_PASSES - 1):
            before = work.text
            _clean_once(work, dedupe=True)
            if work.text == before:
                settled = True
                break
    work.removals.sort(key=lambda r: (r.start, r.end))
    return CleanText(original, work.text, work.index, script, work.removals, settled)


def _clean_once(work: _Work, dedupe: bool) -> str:
    work.delete_matches(_PINYIN_GLOSS, "pinyin gloss")
    script = detect_script(work.text)
    # Converted even when mostly simplified: a Traditional passage inside (a quoted report) gets converted too.
    simplified = to_simplified(work.text)
    work.replace_chars(_fix_zhe(simplified) if script == "traditional" else simplified)
    work.replace_chars(_unify_width(work.text))
    for junk in junk_patterns():
        work.delete_matches(junk.pattern, junk.reason)
    _tidy_whitespace(work)
    work.delete(_page_break_joins(work.text), None)
    if dedupe:
        for spans, reason in _repeated_lines(work.text):
            work.delete(spans, reason)
    return script


_PAREN_PAIR = re.compile(r"\(([^()\n]{0,80})\)")


def _unify_width(text: str) -> str:
    # str.translate looks every character up; a regex finds the few to replace much faster.
    text = _WIDTH_RE.sub(lambda m: m.group(0).translate(_WIDTH), text)
    text = _PAREN_PAIR.sub(lambda m: f"（{m.group(1)}）" if re.search(rf"[{_HAN}]", m.group(1))
                           or (m.start() and re.match(rf"[{_HAN}]", text[m.start() - 1])) else m.group(0), text)
    if not _ASCII_PUNCT.search(text):
        return text
    return _ASCII_PUNCT_NEAR_HAN.sub(lambda m: m.group(0)[:-1] + _TO_FULL[m.group(0)[-1]], text)


@lru_cache(maxsize=1)
def _zhu_words() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, cleaning_data()["zhu_words"])))


def _fix_zhe(text: str) -> str:
    """著 -> 着 outside the words where 著 is zhù (OpenCC leaves 朝著, 顶著 unconverted)."""
    if "著" not in text:
        return text
    keep = {i for m in _zhu_words().finditer(text) for i in range(m.start(), m.end())}
    return "".join("着" if ch == "著" and i not in keep else ch for i, ch in enumerate(text))


_BLANK_LINES = re.compile(r"\n(?:(?<=\n\n)\n*|(?<=\A\n)\n*|\n*\Z)")  # after a newline, at the start, at the end


def _tidy_whitespace(work: _Work) -> None:
    work.delete_matches(_MULTI_SPACE, None)
    work.delete_matches(_LINE_EDGE_SPACE, None)
    work.delete_matches(_SPACE_NEAR_HAN, None)
    work.delete_matches(_BLANK_LINES, None)  # one line per paragraph; blank lines carry nothing


_ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+[、是要]|[(（][一二三四五六七八九十0-9]+[)）]|第[一二三四五六七八九十]|[0-9]+[.、])")


def _page_break_joins(text: str) -> list[tuple[int, int]]:
    """Newline runs that split one sentence across lines (a page break mid-word: 城市更\\n\\n好)."""
    spans = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    merged_has_punct = False
    for k, (start, end) in enumerate(lines):
        line = text[start:end]
        merged_has_punct = merged_has_punct or _SENTENCE_PUNCT_RE.search(line) is not None
        if k + 1 == len(lines):
            break
        nxt_start, nxt_end = lines[k + 1]
        nxt = text[nxt_start:nxt_end]
        if (merged_has_punct and _HAN_CHAR.match(line[-1])
                and _JOINS_ON.match(nxt[0]) and not _ENUMERATOR.match(nxt)
                and _SENTENCE_PUNCT_RE.search(nxt) and not is_salutation(nxt)):
            spans.append((end, nxt_start))
        else:
            merged_has_punct = False
    return spans


_KEY_IGNORES = re.compile(r"[\s，。、；：！？“”‘’（）《》…,.;:!?()\"'·—-]+")


def _paragraph_key(line: str) -> str:
    return _KEY_IGNORES.sub("", line)


def _repeated_lines(text: str) -> list[tuple[list[tuple[int, int]], str]]:
    """Lines that repeat an earlier line, and truncated lines (ending in …) that a later line completes."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+\n?", text)]
    keys = [_paragraph_key(text[s:e]) for s, e in lines]
    seen: set[str] = set()
    repeated, truncated = [], []
    for k, ((start, end), key) in enumerate(zip(lines, keys)):
        if not key:
            continue
        if key in seen and len(key) >= MIN_REPEAT_CHARS:
            repeated.append(k)
        seen.add(key)
        line = text[start:end].rstrip()
        if line.endswith(("...", "…", "。。。")):
            stem = key.rstrip("…")
            if len(stem) >= MIN_REPEAT_CHARS and any(later.startswith(stem) and later != key
                                                     for later in keys[k + 1:]):
                truncated.append(k)
    # A short line (同志们：) seen before, between two dropped repeats, belongs to the pasted run.
    first: dict[str, int] = {}
    for k, key in enumerate(keys):
        first.setdefault(key, k)
    dropped = set(repeated)
    for k in range(1, len(lines) - 1):
        if (k not in dropped and keys[k] and first[keys[k]] < k
                and (k - 1) in dropped and (k + 1) in dropped):
            repeated.append(k)
    return [([lines[k] for k in sorted(repeated)], "repeats an earlier paragraph"),
            ([lines[k] for k in truncated], "truncated copy of a later paragraph")]


@lru_cache(maxsize=1)
def _salutation_re() -> re.Pattern[str]:
    terms = "|".join(sorted(cleaning_data()["salutation_terms"], key=len, reverse=True))
    return re.compile(rf"^[ \t]*(?:(?:{terms})[、，,和及 ]*){{1,4}}[：:！!，,]?[ \t]*$")


def is_salutation(line: str) -> bool:
    """A line that only addresses the audience (同志们：, 各位领导、同志们！)."""
    return bool(_salutation_re().match(line))
