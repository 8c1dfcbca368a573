"""Scoring extraction B's fields against ../shared/gold, part by part (used by the acceptance test).

Sets (campaigns, cited documents, honours as city + honour, organizations, slogans) are scored by
precision/recall/F1 over normalized strings; tactics and metrics, which the gold lists "less
strictly", by recall: a gold item is found when a predicted item's evidence overlaps its evidence
in the part's text (and, for metrics, the value's digits agree).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from loaders.clean import clean
from loaders.document import Document
from loaders.read import read_file

SET_FIELDS = ("campaigns", "honours", "cited_documents", "organizations", "slogans")
RECALL_FIELDS = ("tactics", "metrics")


def gold_parts(seeds: Path, gold: Path, skip_duplicates: bool = True) -> list[tuple[Document, dict]]:
    """(Document, gold part) for each annotated part of each seed."""
    result = []
    for gold_file in sorted(gold.glob("*.json")):
        annotation = json.loads(gold_file.read_text(encoding="utf-8"))
        source = read_file(seeds / annotation["doc"])
        for part in annotation["parts"]:
            if skip_duplicates and part.get("duplicate_of"):
                continue
            start, end = part.get("char_span") or (0, len(source.text))
            doc = Document(source, part["part"], start, clean(source.text[start:end]))
            result.append((doc, part))
    return result


def _norm(text: str | None) -> str:
    return re.sub(r"[\s《》“”\"「」]", "", text or "")


def set_items(field: str, items: list) -> set:
    if field == "honours":
        return {(_norm(h.get("city")), _norm(h.get("honour"))) for h in items}
    return {_norm(x) for x in items}


def _overlap(text: str, a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    flat = _norm(text)
    ia, ib = flat.find(a), flat.find(b)
    if ia < 0 or ib < 0:
        return False
    return min(ia + len(a), ib + len(b)) - max(ia, ib) >= 4


def _digits(value: str) -> str:
    return re.sub(r"[^0-9.一二两三四五六七八九十百千万亿]", "", value or "")


def recall_found(field: str, text: str, gold_item: dict, predicted: list[dict]) -> bool:
    for item in predicted:
        if field == "tactics" and _norm(item["tactic"]) == _norm(gold_item["tactic"]):
            return True
        if not _overlap(text, gold_item.get("evidence", ""), item.get("evidence", "")):
            continue
        if field == "metrics":
            g, p = _digits(gold_item["value"]), _digits(item["value"])
            if not g or not p or not (g in p or p in g):
                continue
        return True
    return False


def score(parts: list[tuple[Document, dict]], predict: Callable[[Document], dict]) -> dict[str, dict]:
    """Micro-averaged figures per field: tp/fp/fn/precision/recall/f1 (sets), found/total/recall (lists)."""
    totals = {f: {"tp": 0, "fp": 0, "fn": 0} for f in SET_FIELDS}
    totals |= {f: {"found": 0, "total": 0, "missed": []} for f in RECALL_FIELDS}
    for doc, part in parts:
        predicted = predict(doc)
        for field in SET_FIELDS:
            if field not in predicted:
                continue
            g, p = set_items(field, part.get(field) or []), set_items(field, predicted[field])
            t = totals[field]
            t["tp"] += len(g & p)
            t["fp"] += len(p - g)
            t["fn"] += len(g - p)
            t.setdefault("errors", []).append({"part": (part["part"], doc.source.path[-25:]),
                                               "missed": sorted(g - p), "extra": sorted(p - g)})
        for field in RECALL_FIELDS:
            if field not in predicted:
                continue
            for item in part.get(field) or []:
                t = totals[field]
                t["total"] += 1
                if recall_found(field, doc.text, item, predicted[field]):
                    t["found"] += 1
                else:
                    t["missed"].append(item)
    for field, t in totals.items():
        if field in SET_FIELDS:
            p = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 0.0
            r = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 0.0
            t.update(precision=p, recall=r, f1=2 * p * r / (p + r) if p + r else 0.0)
        else:
            t["recall"] = t["found"] / t["total"] if t["total"] else 0.0
    return totals
