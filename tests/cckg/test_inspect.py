"""`cckg inspect`: what a user needs to trust the cleaning of one file."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cckg.cli import app
from tests.conftest import GOLD, SEEDS

runner = CliRunner()


def seed(prefix: str):
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def inspect_json(path) -> dict:
    result = runner.invoke(app, ["inspect", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_compilation_shows_parts_metadata_and_removals():
    path = seed("001")
    report = inspect_json(path)
    gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))["parts"]
    assert (report["source"]["encoding"], report["script"]) == ("utf-8", "simplified")
    assert [p["part"] for p in report["parts"]] == [g["part"] for g in gold]
    assert [p["duplicate_of"] for p in report["parts"]] == [g["duplicate_of"] for g in gold]
    assert [p["meta"]["primary_city"] for p in report["parts"]] == [g["primary_city"] for g in gold]
    reasons = report["removal_counts"]
    assert reasons["compiler's preface"] == 1 and reasons["markup left by the page converter"] >= 1
    text = path.read_text(encoding="utf-8")
    for r in report["removals"]:
        assert text[r["start"]:r["end"]] == r["text"]


def test_traditional_file_in_gbk_reports_encoding_script_and_glosses(tmp_path):
    # Seed 002 re-encoded: its pinyin glosses carry tone marks, which GB18030 can encode.
    path = tmp_path / "report.txt"
    path.write_bytes(seed("002").read_text(encoding="utf-8").encode("gb18030"))
    report = inspect_json(path)
    assert (report["source"]["encoding"], report["script"]) == ("gb18030", "traditional")
    assert report["removal_counts"]["pinyin gloss"] > 100
    assert report["removal_counts"]["share button"] == 2
    assert report["parts"][0]["meta"]["primary_city"] == "商丘市"


def test_human_output_names_encoding_parts_and_reasons():
    result = runner.invoke(app, ["inspect", str(seed("004"))])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "utf-8" in out and "traditional" in out
    assert "decorative row" in out and "pinyin gloss" in out
    assert "杭锦旗" in out and "2020 年 5 月 12 日" in out


def test_unreadable_file_is_one_clear_line(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["inspect", str(tmp_path / "empty.txt")])
    assert result.exit_code == 1 and "empty file" in result.output and "Traceback" not in result.output
    missing = runner.invoke(app, ["inspect", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "no such file" in missing.output


def test_help_has_an_example():
    result = runner.invoke(app, ["inspect", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
