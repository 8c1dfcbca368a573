"""Scoring extraction against hand annotations: precision, recall and F1 per field.

Gold and prediction are both gold-shaped JSON objects (one per file, see loaders/extract/gold.py).
Parts are aligned by the overlap of their `char_span`s: every connected group of overlapping gold
and predicted parts is scored as one unit, so a prediction that has not split a compilation
(one "whole" part against 篇1…篇6) is still scored fairly, and a finer one part by part.

Set fields are compared after normalisation (simplified script, no spaces, no 《》 or quotes);
officials by name, their roles as (name, role) pairs, honours as (city, honour) pairs.
Tactics and metrics are fuzzy: a gold item is found when a predicted one has the same canonical
phrase or when their evidence fragments overlap (one holds the other or they share a run of
four characters).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

# Fields scored as sets of hashable keys: field -> function(part) -> keys.
_QUOTES = re.compile(r"[\s《》〈〉“”\"'‘’「」『』]")


@lru_cache(maxsize=4096)
def norm(text: str | None) -> str:
    """Simplified script, without spaces, title marks or quotes."""
    if not text:
        return ""
    from loaders.clean import to_simplified

    return _QUOTES.sub("", to_simplified(str(text)))


def _names(items: Iterable[dict], key: str = "name") -> set:
    return {norm(i.get(key)) for i in items if isinstance(i, dict) and i.get(key)}


def _strings(items: Iterable[Any]) -> set:
    return {norm(i if isinstance(i, str) else (i or {}).get("name")) for i in items if i} - {""}


SET_FIELDS: dict[str, Callable[[dict], set]] = {
    "cities": lambda p: _strings(p.get("cities") or []),
    "city_aliases": lambda p: {(norm(a.get("alias")), norm(a.get("city"))) for a in p.get("city_aliases") or []},
    "officials": lambda p: _names(p.get("officials") or []),
    "roles": lambda p: {(norm(o.get("name")), r) for o in p.get("officials") or [] for r in o.get("roles") or []},
    "titles": lambda p: {(norm(o.get("name")), norm(t)) for o in p.get("officials") or [] for t in o.get("titles") or []},
    "honourees": lambda p: _names(p.get("honourees") or []),
    "campaigns": lambda p: _strings(p.get("campaigns") or []),
    "honours": lambda p: {(norm(h.get("city")), norm(h.get("honour"))) for h in p.get("honours") or []},
    "honour_status": lambda p: {(norm(h.get("city")), norm(h.get("honour")), h.get("status"))
                                for h in p.get("honours") or []},
    "cited_documents": lambda p: _strings(p.get("cited_documents") or []),
    "organizations": lambda p: _strings(p.get("organizations") or []),
    "slogans": lambda p: _strings(p.get("slogans") or []),
    "primary_city": lambda p: {norm(p.get("primary_city"))} - {""},
    "kind": lambda p: {p.get("kind")} - {None},
    "meeting_type": lambda p: {norm((p.get("meeting") or {}).get("type"))} - {""},
    "meeting_name": lambda p: {norm((p.get("meeting") or {}).get("name"))} - {""},
    "date": lambda p: {norm((p.get("date") or {}).get("text"))} - {""},
}


def _shares_run(a: str, b: str, run: int = 4) -> bool:
    if not a or not b:
        return False
    if a in b or b in a:
        return min(len(a), len(b)) >= 2
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= run


def _tactic_match(g: dict, p: dict) -> bool:
    if norm(g.get("tactic")) and norm(g.get("tactic")) == norm(p.get("tactic")):
        return True
    if not g.get("evidence"):  # a bare phrase: found when the predicted clause says it
        return _shares_run(norm(g.get("tactic")), norm(p.get("evidence")))
    return _shares_run(norm(g.get("evidence")), norm(p.get("evidence")))


def _metric_match(g: dict, p: dict) -> bool:
    if not g.get("evidence") and not g.get("indicator"):  # a bare value, e.g. "54个"
        return norm(g.get("value")) in (norm(p.get("value")), *([norm(p.get("evidence"))] if g.get("value") else [])) \
            or bool(g.get("value")) and norm(g.get("value")) in norm(p.get("evidence"))
    if norm(g.get("indicator")) and norm(g.get("indicator")) == norm(p.get("indicator")) \
            and norm(g.get("value")) == norm(p.get("value")):
        return True
    return _shares_run(norm(g.get("evidence")), norm(p.get("evidence"))) and \
        (not g.get("value") or norm(g.get("value")) in norm(p.get("evidence")) or norm(g.get("value")) == norm(p.get("value")))


FUZZY_FIELDS: dict[str, Callable[[dict, dict], bool]] = {"tactics": _tactic_match, "metrics": _metric_match}
# An annotator may list a tactic or metric as a bare string: the phrase, or the value as written.
_BARE_KEY = {"tactics": "tactic", "metrics": "value"}


def _fuzzy_items(name: str, parts: list[dict]) -> list[dict]:
    return _dedupe([i if isinstance(i, dict) else {_BARE_KEY[name]: str(i)} for p in parts for i in p.get(name) or []])
ALL_FIELDS = (*SET_FIELDS, *FUZZY_FIELDS)


@dataclass
class FieldScore:
    gold: int = 0  # gold items
    predicted: int = 0  # predicted items
    found: int = 0  # gold items matched (recall numerator)
    correct: int = 0  # predicted items matched (precision numerator)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: FieldScore) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.found += other.found
        self.correct += other.correct


@dataclass(frozen=True)
class Error:
    doc: str
    parts: str  # the gold parts of the aligned group, e.g. "篇4" or "whole"
    field: str
    kind: str  # miss | false
    item: str


@dataclass
class Report:
    fields: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in ALL_FIELDS})
    errors: list[Error] = field(default_factory=list)
    files: int = 0
    unmatched: list[str] = field(default_factory=list)  # gold files with no prediction
    failed: list[str] = field(default_factory=list)  # documents whose extraction failed, with the reason

    def add(self, other: Report) -> None:
        for name, score in other.fields.items():
            self.fields.setdefault(name, FieldScore()).add(score)
        self.errors += other.errors
        self.files += other.files
        self.unmatched += other.unmatched
        self.failed += other.failed

    def as_dict(self) -> dict[str, Any]:
        return {"files": self.files, "unmatched": self.unmatched, "failed": self.failed,
                "fields": {name: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                                  "f1": round(s.f1, 4), "gold": s.gold, "predicted": s.predicted,
                                  "found": s.found, "correct": s.correct} for name, s in self.fields.items()},
                "errors": [e.__dict__ for e in self.errors]}


def _overlap(a: list[int], b: list[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def align(gold_parts: list[dict], pred_parts: list[dict],
          skip_duplicates: bool = False) -> list[tuple[list[dict], list[dict]]]:
    """Groups of overlapping gold and predicted parts (connected components of the overlap graph).

    Gold written without char_span is aligned as a whole file: all its parts against all predicted ones.
    """
    golds = [g for g in gold_parts if not (skip_duplicates and g.get("duplicate_of"))]
    if golds and not any(g.get("char_span") for g in golds):
        return [(golds, list(pred_parts))]
    nodes = [("g", i) for i in range(len(golds))] + [("p", j) for j in range(len(pred_parts))]
    parent = {n: n for n in nodes}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i, g in enumerate(golds):
        for j, p in enumerate(pred_parts):
            if g.get("char_span") and p.get("char_span") and _overlap(g["char_span"], p["char_span"]):
                parent[find(("g", i))] = find(("p", j))
    groups: dict[tuple, tuple[list, list]] = {}
    for n in nodes:
        root = find(n)
        gs, ps = groups.setdefault(root, ([], []))
        (gs if n[0] == "g" else ps).append(golds[n[1]] if n[0] == "g" else pred_parts[n[1]])
    return list(groups.values())


def _label(parts: list[dict]) -> str:
    return "+".join(str(p.get("part")) for p in parts) or "-"


def score_file(gold: dict, pred: dict | None, fields: Iterable[str] = ALL_FIELDS,
               skip_duplicates: bool = False) -> Report:
    """Score one file's prediction against its gold object."""
    fields = tuple(fields)
    report = Report(fields={f: FieldScore() for f in fields}, files=1)
    doc = gold.get("doc", "?")
    if pred is None:
        report.unmatched.append(doc)
        pred = {"parts": []}
    for golds, preds in align(gold.get("parts") or [], pred.get("parts") or [], skip_duplicates):
        label = _label(golds) if golds else "(extra part " + _label(preds) + ")"
        for name in fields:
            score = report.fields.setdefault(name, FieldScore())
            if name in SET_FIELDS:
                g_items = set().union(*(SET_FIELDS[name](p) for p in golds)) if golds else set()
                p_items = set().union(*(SET_FIELDS[name](p) for p in preds)) if preds else set()
                hit = g_items & p_items
                score.add(FieldScore(len(g_items), len(p_items), len(hit), len(hit)))
                report.errors += [Error(doc, label, name, "miss", _show(i)) for i in sorted(g_items - p_items, key=str)]
                report.errors += [Error(doc, label, name, "false", _show(i)) for i in sorted(p_items - g_items, key=str)]
            elif name in FUZZY_FIELDS:
                match = FUZZY_FIELDS[name]
                g_items = _fuzzy_items(name, golds)
                p_items = _fuzzy_items(name, preds)
                found = [g for g in g_items if any(match(g, p) for p in p_items)]
                correct = [p for p in p_items if any(match(g, p) for g in g_items)]
                score.add(FieldScore(len(g_items), len(p_items), len(found), len(correct)))
                report.errors += [Error(doc, label, name, "miss", _show_item(g)) for g in g_items if g not in found]
                report.errors += [Error(doc, label, name, "false", _show_item(p)) for p in p_items if p not in correct]
    return report


def _dedupe(items: list[dict]) -> list[dict]:
    seen, result = set(), []
    for item in items:
        key = json.dumps(item, ensure_ascii=False, sort_keys=True)
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result


def _show(item: Any) -> str:
    return " / ".join(map(str, item)) if isinstance(item, tuple) else str(item)


def _show_item(item: dict) -> str:
    head = item.get("tactic") or item.get("indicator") or ""
    value = f" = {item['value']}" if item.get("value") else ""
    return f"{head}{value} ({item.get('evidence') or ''})"


def load_gold(directory: str | Path) -> list[dict]:
    """Every gold JSON object of a directory (files with a "doc" and "parts")."""
    result = []
    for path in sorted(Path(directory).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: not a gold JSON file ({exc})") from None
        if isinstance(data, dict) and "doc" in data and "parts" in data:
            result.append(data)
    return result


def evaluate(golds: list[dict], predict: Callable[[str], dict | None], fields: Iterable[str] = ALL_FIELDS,
             skip_duplicates: bool = False, progress: Callable[[str], None] | None = None) -> Report:
    """Score predictions for every gold object; `predict(doc_name)` returns the prediction or None."""
    fields = tuple(fields)
    report = Report(fields={f: FieldScore() for f in fields})
    for gold in golds:
        try:
            prediction = predict(gold["doc"])
        except Exception as exc:  # one failing document is reported, the others still count
            prediction = None
            report.failed.append(f"{gold['doc']}: {type(exc).__name__}: {exc}")
        report.add(score_file(gold, prediction, fields, skip_duplicates))
        if progress:
            progress(gold["doc"])
    return report


def predict_from_docs(docs_dir: str | Path, oracle: list[dict] | None = None) -> Callable[[str], dict | None]:
    """A predictor that extracts the named file of docs_dir (None when it is missing).

    oracle (list[dict] | None): gold objects whose parts split the files (an oracle split), to
        measure extraction apart from document splitting.
    """
    from loaders.extract.gold import extract_file

    parts = {g["doc"]: g["parts"] for g in oracle or []}

    def predict(name: str) -> dict | None:
        path = Path(docs_dir) / name
        return extract_file(path, parts.get(name)) if path.exists() else None

    return predict


def predict_from_json(pred_dir: str | Path) -> Callable[[str], dict | None]:
    """A predictor that reads what `cckg extract --json` wrote."""
    by_doc = {p["doc"]: p for p in load_gold(pred_dir)}
    return by_doc.get
