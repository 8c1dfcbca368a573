"""The benchmark corpus generator: reproducible, realistic lengths, both scripts, readable by cckg."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from benchmarks.generator import MAX_CHARS, MIN_CHARS, generate_document, write_corpus
from loaders.clean import detect_script
from loaders.read import read_file

N = 120


@pytest.fixture(scope="module")
def docs():
    return [generate_document(i, seed=3) for i in range(N)]


def test_same_seed_same_bytes_other_seed_other_bytes(docs):
    again = [generate_document(i, seed=3) for i in range(N)]
    assert [d.data for d in again] == [d.data for d in docs]
    other = [generate_document(i, seed=4) for i in range(N)]
    assert sum(a.data != b.data for a, b in zip(docs, other)) == N


def test_written_corpus_is_reproducible_and_extends_a_smaller_one(tmp_path):
    small = write_corpus(tmp_path / "a", 5, seed=1)
    large = write_corpus(tmp_path / "a", 12, seed=1)
    fresh = write_corpus(tmp_path / "b", 12, seed=1)
    assert large[:5] == small and len(large) == 12
    assert [p.read_bytes() for p in large] == [p.read_bytes() for p in fresh]
    assert len({p.name for p in large}) == 12


def test_lengths_span_the_realistic_range(docs):
    lengths = [len(d.text) for d in docs]
    assert all(MIN_CHARS <= n <= MAX_CHARS for n in lengths)
    assert min(lengths) < 4_000 and max(lengths) > 12_000  # the range is used, not one size


def test_both_scripts_as_cckg_detects_them(docs):
    detected = Counter(detect_script(d.text) for d in docs)
    assert detected["traditional"] >= N // 8 and detected["simplified"] >= N // 2
    assert all(detect_script(d.text) == d.script for d in docs)


def test_encodings_formats_and_artifacts_of_real_files(docs, tmp_path):
    encodings = Counter(d.encoding for d in docs)
    assert {"utf-8", "gb18030", "big5", "utf-16", "html"} <= set(encodings)
    joined = "\n".join(d.text for d in docs)
    assert re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔù]+\)", joined)  # converter pinyin glosses
    assert "★★★" in joined and "责任编辑" in joined  # web junk
    assert "20__年" in joined and "XX市" in joined  # masked years, placeholders
    assert sum(d.kind == "compilation" for d in docs) >= 2
    # every file reads back to its text through cckg's own reader
    for doc in docs:
        if doc.encoding in ("html", "docx"):
            continue
        path = tmp_path / doc.name
        path.write_bytes(doc.data)
        assert read_file(path).text.replace("\r\n", "\n") == doc.text


def test_no_long_run_shared_with_the_seeds(docs, seeds):
    """The generated text is ours: no 18-character run of a seed document appears in it."""
    from loaders.read import read_file as read

    seed_runs = set()
    for path in seeds.iterdir():
        text = read(path).text
        seed_runs.update(text[i:i + 18] for i in range(len(text) - 17))
    for doc in docs:
        text = doc.text
        assert not any(text[i:i + 18] in seed_runs for i in range(len(text) - 17)), doc.name
