"""`cckg extract --json` writes gold-shaped files; `cckg eval` scores them (seeds and the fresh set)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cckg.cli import app
from loaders.evaluate import evaluate, load_gold, predict_from_docs
from loaders.extract.gold import PART_FIELDS

FRESH = Path(__file__).resolve().parents[2] / "data" / "fresh"
runner = CliRunner()


def test_extract_writes_one_gold_shaped_file_per_input(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(FRESH / "docs"), "--json", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.glob("*.json"))
    assert files == sorted(p.stem + ".json" for p in (FRESH / "docs").iterdir())
    data = json.loads((out / "changde_rally_traditional.json").read_text(encoding="utf-8"))
    assert data["doc"] == "changde_rally_traditional.txt" and data["script"] == "traditional"
    gold_part = json.loads((FRESH / "gold" / "changde_rally_traditional.json").read_text(encoding="utf-8"))["parts"][0]
    part = data["parts"][0]
    assert set(gold_part) <= set(part) and set(PART_FIELDS) <= set(part)
    raw = (FRESH / "docs" / "changde_rally_traditional.txt").read_text(encoding="utf-8")
    assert raw[part["char_span"][0]:].startswith(part["starts_with"])


def test_eval_on_extracted_json_prints_scores_and_misses(tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(FRESH / "docs"), "--json", str(out)]).exit_code == 0
    result = runner.invoke(app, ["eval", "--gold", str(FRESH / "gold"), "--pred", str(out), "--fields", "cities,officials,roles"])
    assert result.exit_code == 0, result.output
    assert "cities" in result.output and "roles" in result.output and "F1" in result.output


def test_eval_reports_bad_arguments_in_one_line(tmp_path):
    result = runner.invoke(app, ["eval", "--gold", str(tmp_path / "nope"), "--docs", str(FRESH / "docs")])
    assert result.exit_code == 1 and "no such directory" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["eval", "--gold", str(FRESH / "gold"), "--docs", str(FRESH / "docs"), "--fields", "bogus"])
    assert result.exit_code == 1 and "unknown field" in result.output


def _scores(gold_dir, docs_dir, oracle=False):
    golds = load_gold(gold_dir)
    return evaluate(golds, predict_from_docs(docs_dir, golds if oracle else None),
                    ["cities", "officials", "roles", "honourees"]).fields


@pytest.mark.parametrize("oracle", [False, True], ids=["pipeline-split", "gold-split"])
def test_seed_targets_for_cities_officials_and_roles(seeds, oracle):
    from tests.conftest import GOLD

    scores = _scores(GOLD, seeds, oracle)
    assert scores["cities"].f1 >= 0.95, scores["cities"]
    assert scores["officials"].f1 >= 0.90, scores["officials"]
    assert scores["roles"].f1 >= 0.90, scores["roles"]


def test_fresh_documents_targets():
    scores = _scores(FRESH / "gold", FRESH / "docs")
    assert scores["cities"].f1 >= 0.95, scores["cities"]
    assert scores["officials"].f1 >= 0.90, scores["officials"]
    assert scores["roles"].f1 >= 0.90, scores["roles"]
