"""The segmenter: a cached spaCy Chinese pipeline fed the domain user dictionary.

Two segmenters, chosen by setting, never by scattered `if`s:

- `jieba` (default): its dictionary ships in the package, so it works offline.
- `pkuseg`: spacy-pkuseg, when a model directory is given (its pretrained models
  are downloaded at first use, which an offline machine cannot do).

Both get the same user dictionary (every administrative unit from the gazetteer
and every Chinese term of loaders/data/*.yaml), so 焦作市, 全国文明城市 or 网格化管理
stay single tokens. Extractors use the tokens to reject a lexicon match that sits
inside a longer word (中山 in 中山装).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from loaders.datafiles import DATA, YAMLError, load_data

_HAN_TERM = re.compile(r"[\u3400-\u9fff]{2,12}")


class Segmenter(str, Enum):
    jieba = "jieba"
    pkuseg = "pkuseg"


@dataclass(frozen=True)
class Settings:
    """segmenter (Segmenter): which word segmenter the pipeline uses.
    pkuseg_model (str | None): a spacy-pkuseg model directory (needed for pkuseg).
    """

    segmenter: Segmenter = Segmenter.jieba
    pkuseg_model: str | None = None


def settings_from_env() -> Settings:
    """CCKG_SEGMENTER=jieba|pkuseg and CCKG_PKUSEG_MODEL=DIR select the segmenter."""
    model = os.environ.get("CCKG_PKUSEG_MODEL") or None
    name = os.environ.get("CCKG_SEGMENTER") or ("pkuseg" if model else "jieba")
    try:
        return Settings(Segmenter(name), model)
    except ValueError:
        raise ValueError(f"CCKG_SEGMENTER must be jieba or pkuseg, not {name!r}") from None


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


@lru_cache(maxsize=1)
def user_terms() -> tuple[str, ...]:
    """Domain terms kept whole: unit names (full and short) and the Chinese terms of the data files."""
    from loaders.gazetteer import units

    terms: set[str] = set()
    for unit in units():
        if len(unit.name) > 2:  # 和县 as a word would split 镇|和县|城管; the matcher finds it anyway
            terms.add(unit.name)
        if unit.level != "county" and len(unit.short_name) >= 2:
            terms.add(unit.short_name)
    for path in sorted(DATA.glob("*.yaml")):
        try:
            data = load_data(path.name)
        except (OSError, YAMLError):
            continue
        for text in _strings(data):
            if _HAN_TERM.fullmatch(text):
                terms.add(text)
    return tuple(sorted(terms))


def _jieba_tokenizer():
    import jieba

    tokenizer = jieba.Tokenizer()  # our own instance: the global jieba dictionary stays untouched
    # spaCy's jieba segmenter has loaded the global dictionary already (as shipped, unless the
    # calling program changed it); a copy is ~40x cheaper than loading it again: 0.6 s at the
    # start of every load and worker.
    jieba.dt.initialize()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
    for term in user_terms():
        # Enough to keep the term whole, never so much that it splits a longer lexical word.
        tokenizer.add_word(term, freq=max(tokenizer.FREQ.get(term, 0), 60))
    return tokenizer


@lru_cache(maxsize=4)
def pipeline(settings: Settings | None = None):
    """A blank spaCy `zh` pipeline with the chosen segmenter and the domain user dictionary.

    settings (Settings | None): segmenter choice; None reads CCKG_SEGMENTER / CCKG_PKUSEG_MODEL.
    RETURNS (spacy.language.Language): the pipeline (cached per settings).
    """
    import logging

    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    settings = settings or settings_from_env()
    if settings.segmenter is Segmenter.pkuseg:
        if not settings.pkuseg_model:
            raise ValueError("the pkuseg segmenter needs a model directory (CCKG_PKUSEG_MODEL=DIR); "
                             "offline, use the default jieba segmenter")
        try:
            import spacy_pkuseg  # noqa: F401
        except ImportError:
            raise ImportError("the pkuseg segmenter needs spacy-pkuseg: pip install spacy-pkuseg") from None
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
        nlp.tokenizer.initialize(pkuseg_model=settings.pkuseg_model, pkuseg_user_dict="default")
        nlp.tokenizer.pkuseg_update_user_dict(list(user_terms()))
        return nlp
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.tokenizer.jieba_seg = _jieba_tokenizer()
    return nlp


def segment(text: str, settings: Settings | None = None) -> list[str]:
    """The words of a text, from the pipeline's own segmenter without building a spaCy Doc
    (the extractors ask about many short windows; the Doc adds nothing there)."""
    tokenizer = pipeline(settings).tokenizer
    if getattr(tokenizer.segmenter, "value", tokenizer.segmenter) == "pkuseg":
        return tokenizer.pkuseg_seg.cut(text)
    return [w for w in tokenizer.jieba_seg.cut(text, cut_all=False) if w]


class Tokens:
    """Token boundaries of a text, for asking whether a span is whole words."""

    def __init__(self, text: str, settings: Settings | None = None) -> None:
        self.text = text
        self.starts, self.ends, self.words = [], [], []
        pos = 0
        for word in segment(text, settings):
            start = text.find(word, pos)  # pkuseg drops whitespace; jieba keeps every character
            if start < 0:
                continue
            self.starts.append(start)
            self.ends.append(start + len(word))
            self.words.append(word)
            pos = start + len(word)

    def covering(self, start: int, end: int) -> tuple[int, int, str] | None:
        """The single token that strictly contains [start, end), if any."""
        i = bisect_right(self.starts, start) - 1
        if i < 0:
            return None
        if self.starts[i] <= start and end <= self.ends[i] and (self.starts[i], self.ends[i]) != (start, end):
            return self.starts[i], self.ends[i], self.words[i]
        return None

    def token_start(self, pos: int) -> int:
        """Start of the token holding pos."""
        i = bisect_right(self.starts, pos) - 1
        return self.starts[i] if i >= 0 else 0

    def crosses(self, boundary: int) -> bool:
        """True when a token runs across `boundary` (starts before it and ends after it)."""
        i = bisect_right(self.starts, boundary) - 1
        return i >= 0 and self.starts[i] < boundary < self.ends[i]

    def is_whole(self, start: int, end: int) -> bool:
        """True when [start, end) begins and ends on token boundaries."""
        i = bisect_right(self.starts, start) - 1
        if i < 0 or self.starts[i] != start:
            return False
        j = bisect_right(self.starts, end - 1) - 1
        return self.ends[j] == end


def word_frequency(word: str) -> int:
    """How common the word is in jieba's dictionary (0 if absent)."""
    import jieba

    if not jieba.dt.initialized:
        import logging

        jieba.setLogLevel(logging.WARNING)
        jieba.dt.initialize()
    return jieba.dt.FREQ.get(word, 0)
