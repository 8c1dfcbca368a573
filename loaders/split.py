"""Splitting a file into the documents it holds.

Web compilations (范文六篇) put several speeches in one file, some with a
heading (篇1, 【篇二】, 第三篇, 范文四), some without, some pasted twice. The
genre gives the boundaries:

- a heading line starts a part; text before the first heading is the teaser
  (the compiler's preview and preface);
- a title line (在…上的讲话) after a body starts a part;
- a salutation line (同志们：) after a body starts a part when it opens a speech:
  it ends with a colon, or it starts a pasted copy of earlier text. A closing
  salutation (同志们，朋友们！ before the last paragraph) does not.

Boundaries are found on the cleaned text (not deduplicated: a pasted copy is a
part of its own) and mapped back to offsets in the source text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from loaders.clean import MIN_REPEAT_CHARS, CleanText, _paragraph_key, clean, cleaning_data, is_salutation

MIN_BODY_CHARS = 200  # a boundary needs this much text since the previous one
MIN_OPENING_FOLLOW_CHARS = 300  # an opening salutation is followed by a speech, not one paragraph
DUPLICATE_SHARE = 0.8  # a part whose paragraphs are this share of an earlier part's is a copy of it
_SENTENCE_END = "。！？!?"
_MARKUP_REASON = "markup left by the page converter"
_INTRODUCES = re.compile(r"[：:]\s*$|以下(?:为|是)[^。]{0,20}(?:讲话|发言|致辞)|(?:讲话|发言|致辞)(?:摘要|全文|原文)?如下")


@dataclass(frozen=True)
class Part:
    name: str  # whole | teaser | 篇1 …
    start: int  # offsets into the source text
    end: int
    boundary: str  # start | heading | title | salutation
    heading: str | None = None  # the heading line, cleaned
    duplicate_of: str | None = None


@lru_cache(maxsize=1)
def _heading_res() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in cleaning_data()["headings"])


@lru_cache(maxsize=1)
def _section_res() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in cleaning_data().get("section_headings", []))


_NUMBER = re.compile(r"(?:篇|范文|例文|材料|第)[ \t]*([0-9一二三四五六七八九十]{1,3})")
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def heading_number(heading: str) -> int | None:
    """The number a heading gives its piece: 篇3 -> 3, 【篇二】 -> 2, 第十一篇 -> 11."""
    m = _NUMBER.search(heading)
    if not m:
        return None
    digits = m.group(1)
    if digits.isdigit():
        return int(digits)
    if "十" in digits:
        tens, _, units = digits.partition("十")
        return _CN.get(tens, 1) * 10 + _CN.get(units, 0)
    return _CN.get(digits)


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern[str]:
    return re.compile(cleaning_data()["title_line"])


def find_parts(text: str, cleaned: CleanText | None = None) -> list[Part]:
    """The parts of a file's text, in order, with offsets into `text`.

    text (str): the whole text of the file.
    cleaned (CleanText): `clean(text, dedupe=False)` if already computed.
    RETURNS (list[Part]): one part named "whole", or a teaser and 篇1 … 篇N.
    """
    c = cleaned or clean(text, dedupe=False)
    t = c.text
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", t)]
    if not lines:
        return [Part("whole", 0, len(text), "start")]
    cuts = _junk_cut_points(c)
    keys = [_paragraph_key(t[s:e]) for s, e in lines]
    copy_starts = _copy_run_starts(keys)

    candidates: list[tuple[int, str, str | None, int]] = []  # (clean pos, kind, heading, line no)
    for k, (s, e) in enumerate(lines):
        line = t[s:e]
        heading_start = _heading_start(t, s, e, cuts)
        if heading_start is not None:
            candidates.append((heading_start, "heading", t[heading_start:e].strip(), k))
        elif any(p.match(line) for p in _section_res()):
            candidates.append((s, "section", line.strip(), k))
        elif _title_re().match(line):
            candidates.append((s, "title", None, k))
        elif is_salutation(line):
            candidates.append((s, "salutation", None, k))
        elif _DATELINE.match(line) and _DATE_IN_LEAD.search(line[:60]):
            candidates.append((s, "dateline", None, k))

    boundaries: list[tuple[int, str, str | None]] = []
    last = 0
    for n, (pos, kind, heading, k) in enumerate(candidates):
        body = _chars(t, last, pos)
        if kind == "heading":
            accept = True
        elif kind in ("title", "section", "dateline"):
            accept = body >= MIN_BODY_CHARS
        else:
            opening = t[lines[k][0]:lines[k][1]].rstrip().endswith(("：", ":")) or k in copy_starts
            # A report that introduces the speech it quotes (以下为讲话摘要：) is one document with it.
            introduced = k > 0 and _INTRODUCES.search(t[lines[k - 1][0]:lines[k - 1][1]])
            opening = opening and not introduced and not _continues(t, lines, k, last)
            nxt = candidates[n + 1][0] if n + 1 < len(candidates) else len(t)
            follow_lines = sum(1 for s, _ in lines if lines[k][1] <= s < nxt)
            accept = (opening and body >= MIN_BODY_CHARS and follow_lines >= 2
                      and _chars(t, lines[k][1], nxt) >= MIN_OPENING_FOLLOW_CHARS)
        if accept:
            if kind not in ("heading", "section"):
                pos = _with_header_lines(t, lines, k, last)
            boundaries.append((pos, kind, heading))
            last = pos
    return _parts(text, c, boundaries)


_DATELINE = re.compile(r"^(?:本报讯|本台讯|[\u4e00-\u9fff]{2,10}(?:消息|讯|电))(?:[ （(【]|[0-9一二三四五六七八九十]{1,2}月)")
_DATE_IN_LEAD = re.compile(r"[0-9一二三四五六七八九十]{1,2}月[0-9一二三四五六七八九十]{1,3}日")
_ENUMERATED = re.compile(r"^(?P<style>第|[（(]|)(?P<n>[一二三四五六七八九十]{1,3})(?:[）)]|[、是要]|，|个方面)")
_CONNECTIVE = re.compile(r"^(?:最后|总之|总而言之|另外|此外|同时|再次|还要|再强调|下面)")


def _continues(t: str, lines: list[tuple[int, int]], k: int, floor: int) -> bool:
    """Whether the text after a salutation at line k goes on with the speech before it:
    it opens with a connective (最后，…), or its first enumerator (三、) carries on the earlier ones."""
    if k + 1 >= len(lines):
        return True
    first = t[lines[k + 1][0]:lines[k + 1][1]].strip()
    if _CONNECTIVE.match(first):
        return True
    after = next((m for s, e in lines[k + 1:k + 12] if (m := _ENUMERATED.match(t[s:e].strip()))), None)
    if after is None or after.group("n") == "一":
        return False
    before = [m for s, e in lines if floor <= s < lines[k][0] and (m := _ENUMERATED.match(t[s:e].strip()))]
    return any(m.group("style") == after.group("style") for m in before)


def _chars(t: str, start: int, end: int) -> int:
    return sum(1 for ch in t[start:end] if not ch.isspace())


def _junk_cut_points(c: CleanText) -> list[int]:
    """Clean positions where junk was cut out (a heading may start right after one)."""
    points = set()
    for r in c.removals:
        if r.reason != "pinyin gloss":
            points.add(bisect_left(c.index, r.end))
    return sorted(points)


def _heading_start(t: str, s: int, e: int, cuts: list[int]) -> int | None:
    line = t[s:e]
    limit = cleaning_data()["max_heading_chars"]
    for pattern in _heading_res():
        m = pattern.search(line)
        if not m:
            continue
        start = s
        i = bisect_right(cuts, s + m.start())  # the heading starts after the last junk cut before it …
        if i and cuts[i - 1] > s:
            start = cuts[i - 1]
        ends = [i for i in range(start, s + m.start()) if t[i] in _SENTENCE_END]  # … or sentence end
        if ends:
            start = ends[-1] + 1
        if e - start <= limit:
            return start
    return None


def _with_header_lines(t: str, lines: list[tuple[int, int]], k: int, floor: int) -> int:
    """Move a boundary up over the speech's header lines (title, speaker, date) right above it."""
    pos = lines[k][0]
    for j in range(k - 1, max(k - 5, -1), -1):
        s, e = lines[j]
        line = t[s:e].strip()
        if s < floor or len(line) > 60 or line[-1] in _SENTENCE_END + "；;，," or is_salutation(line):
            break
        pos = s
    return pos


def _copy_run_starts(keys: list[str], window: int = 200) -> set[int]:
    """Lines where a pasted copy of earlier lines begins (at least two lines long).

    window (int): how many earlier occurrences of a line are compared (bounds the work on files
        that repeat one short line thousands of times).
    """
    seen: dict[str, list[int]] = {}
    earlier: list[set[int]] = []
    for k, key in enumerate(keys):
        occurrences = seen.setdefault(key, []) if key else []
        earlier.append(set(occurrences[-window:]))
        if key:
            occurrences.append(k)
    starts = set()
    for k in range(len(keys) - 1):
        here = earlier[k]
        if not here or len(keys[k + 1]) < MIN_REPEAT_CHARS:
            continue
        continued_from_before = k > 0 and any(j - 1 in earlier[k - 1] for j in here)
        continues_after = any(j + 1 in earlier[k + 1] for j in here)
        if not continued_from_before and continues_after:
            starts.add(k)
    return starts


def _original_start(c: CleanText, pos: int) -> int:
    """The source offset of a part starting at clean position pos; markup right before a heading goes with it."""
    start = c.index[pos]
    for r in c.removals:
        if r.reason == _MARKUP_REASON and r.end <= start and not c.original[r.end:start].strip():
            start = min(start, r.start)
    return start


def _parts(text: str, c: CleanText, boundaries: list[tuple[int, str, str | None]]) -> list[Part]:
    t = c.text
    spans: list[tuple[int, int, str, str | None]] = []
    if not boundaries or boundaries[0][1] != "heading":
        # Un-headed boundaries need a body before them, so the text before the first one is a part.
        boundaries = [(0, "start", None)] + boundaries
    elif _chars(t, 0, boundaries[0][0]):
        boundaries = [(0, "teaser", None)] + boundaries  # the compiler's preview and preface
    starts = [b[0] for b in boundaries]
    for n, (pos, kind, heading) in enumerate(boundaries):
        end = starts[n + 1] if n + 1 < len(starts) else len(t)
        while pos < end and t[pos].isspace():
            pos += 1
        last = end
        while last > pos and t[last - 1].isspace():
            last -= 1
        if last > pos:
            spans.append((pos, last, kind, heading))
    parts: list[Part] = []
    starts = [_original_start(c, pos) for pos, *_ in spans]
    for n, (pos, last, kind, heading) in enumerate(spans):
        # Junk between two parts stays with the first (nothing is lost); junk after the last part is not a part.
        start, end = starts[n], (starts[n + 1] if n + 1 < len(spans) else c.index[last - 1] + 1)
        while end > start and text[end - 1].isspace():
            end -= 1
        parts.append(Part("teaser" if kind == "teaser" else "", start, end,
                          "start" if kind == "teaser" else kind, heading))
    return _name_parts(_mark_duplicates(c, parts))


def _name_parts(parts: list[Part]) -> list[Part]:
    """篇N from the heading's own number; un-headed parts continue the count in file order, and a pasted
    copy that the count cannot fit before the next heading's number is 篇N_copy."""
    if len(parts) == 1:
        return [Part("whole", parts[0].start, parts[0].end, "start", parts[0].heading)]
    numbers = [heading_number(p.heading) if p.boundary == "heading" and p.heading else None for p in parts]
    names: list[str] = []
    last = 0
    used: set[str] = set()
    for i, part in enumerate(parts):
        if part.name == "teaser":
            names.append("teaser")
            continue
        later = {n for n in numbers[i + 1:] if n is not None}
        number = numbers[i] if numbers[i] is not None and f"篇{numbers[i]}" not in used else None
        if number is None and last + 1 not in later and f"篇{last + 1}" not in used:
            number = last + 1
        if number is not None:
            name, last = f"篇{number}", number
        else:
            copied = names[int(part.duplicate_of)] if part.duplicate_of is not None else None
            name = f"{copied}_copy" if copied else f"篇{last}_{i}"
            while name in used:
                name += "'"
        used.add(name)
        names.append(name)
    by_index = dict(enumerate(names))
    return [Part(by_index[i], p.start, p.end, p.boundary, p.heading,
                 by_index[int(p.duplicate_of)] if p.duplicate_of is not None else None) for i, p in enumerate(parts)]


def _mark_duplicates(c: CleanText, parts: list[Part]) -> list[Part]:
    """duplicate_of: the earlier part that holds (nearly) all of this part's paragraphs."""
    key_sets = []
    for part in parts:
        lo, hi = bisect_left(c.index, part.start), bisect_left(c.index, part.end)
        keys = [k for k in (_paragraph_key(x) for x in c.text[lo:hi].split("\n")) if len(k) >= MIN_REPEAT_CHARS]
        key_sets.append(keys)
    result = []
    for i, part in enumerate(parts):
        keys = key_sets[i]
        total = sum(map(len, keys))
        duplicate_of = None
        for j in range(i):
            if parts[j].name == "teaser" or not total:
                continue
            earlier = set(key_sets[j])
            if sum(len(k) for k in keys if k in earlier) >= DUPLICATE_SHARE * total:
                duplicate_of = str(j)  # the index; _name_parts turns it into the part's name
                break
        result.append(Part(part.name, part.start, part.end, part.boundary, part.heading, duplicate_of))
    return result
