"""Acceptance: extraction B's fields on the five seeds against ../shared/gold, scored by
loaders.evaluate. Each gold part is extracted on its own (cut at the gold char_span), so the
figures measure these extractors, not the splitter."""

from __future__ import annotations

import json

import pytest

from loaders.clean import clean
from loaders.document import Document
from loaders.evaluate import Report, score_file
from loaders.extract.campaign_facts import gold_fields
from loaders.read import read_file
from tests.conftest import GOLD

FIELDS = ("campaigns", "honours", "cited_documents", "tactics", "metrics", "organizations", "slogans")


@pytest.fixture(scope="module")
def report(seeds) -> Report:
    total = Report(fields={})
    for gold_file in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        source = read_file(seeds / gold["doc"])
        parts = []
        for part in gold["parts"]:
            if part.get("duplicate_of"):
                continue  # verbatim copies are skipped on both sides
            start, end = part["char_span"]
            doc = Document(source, part["part"], start, clean(source.text[start:end]))
            parts.append({"part": part["part"], "char_span": [start, end], **gold_fields(doc)})
        total.add(score_file(gold, {"doc": gold["doc"], "parts": parts}, FIELDS, skip_duplicates=True))
    return total


@pytest.mark.parametrize("field", ["campaigns", "honours", "cited_documents"])
def test_set_fields_reach_f1_090(report, field):
    score = report.fields[field]
    misses = [e for e in report.errors if e.field == field]
    assert score.f1 >= 0.90, f"{field}: P={score.precision:.2f} R={score.recall:.2f}; {misses}"


@pytest.mark.parametrize("field", ["tactics", "metrics"])
def test_list_fields_reach_recall_080(report, field):
    score = report.fields[field]
    assert score.recall >= 0.80, f"{field}: recall {score.recall:.2f} ({score.found}/{score.gold})"


def test_every_evidence_is_in_the_text(seeds):
    for path in sorted(seeds.iterdir()):
        source = read_file(path)
        doc = Document(source, "whole", 0, clean(source.text))
        fields = gold_fields(doc)
        for name in ("tactics", "metrics", "honours"):
            for item in fields[name]:
                assert item["evidence"] in doc.text, (path.name, name, item)
