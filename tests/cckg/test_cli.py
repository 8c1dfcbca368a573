import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from cckg.cli import app
from tests.conftest import GOLD

runner = CliRunner()


def cckg(*args, input=None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory, seeds):
    store = tmp_path_factory.mktemp("cli") / "s"
    result = cckg("load", str(seeds), "--store", str(store))
    assert result.exit_code == 0, result.output
    return store


def test_seed_cities_are_listed_and_no_placeholder(seed_store):
    result = cckg("query", "MATCH (c:City) RETURN c.name ORDER BY c.name", "--store", str(seed_store), "--json")
    assert result.exit_code == 0, result.output
    names = {row["c.name"] for row in json.loads(result.stdout)}
    assert {"焦作市", "商丘市", "信阳市", "杭锦旗", "彬州市", "武威市"} <= names
    assert not any(n.startswith(("X", "x", "某")) for n in names)


def test_second_identical_load_leaves_stats_unchanged(seed_store, seeds):
    before = json.loads(cckg("stats", "--store", str(seed_store), "--json").stdout)
    result = cckg("load", str(seeds), "--store", str(seed_store))
    assert result.exit_code == 0
    after = json.loads(cckg("stats", "--store", str(seed_store), "--json").stdout)
    assert before == after and before["Document"] >= 5


def test_load_report_names_bad_files_and_loads_the_rest(tmp_path, seeds):
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (bad / "good.txt").write_text((seeds / sorted(p.name for p in seeds.iterdir())[0]).read_text(encoding="utf-8"),
                                  encoding="utf-8")
    report = tmp_path / "report.json"
    result = cckg("load", str(bad), "--store", str(tmp_path / "s"), "--report", str(report))
    assert result.exit_code == 0, result.output
    files = {r["path"].rsplit("/", 1)[-1]: r for r in json.loads(report.read_text(encoding="utf-8"))["files"]}
    assert files["good.txt"]["status"] == "loaded"
    assert files["empty.txt"]["status"] == "skipped" and "empty" in files["empty.txt"]["reason"]
    assert files["binary.txt"]["status"] == "skipped" and files["binary.txt"]["reason"]
    assert "binary.txt" in result.output


def test_paths_from_stdin(tmp_path, seeds):
    chosen = sorted(seeds.iterdir())[:2]
    listing = "\n".join(str(p) for p in chosen)
    result = cckg("load", "-", "--store", str(tmp_path / "s"), input=listing)
    assert result.exit_code == 0, result.output
    stats = json.loads(cckg("stats", "--store", str(tmp_path / "s"), "--json").stdout)
    # One Document per part of each file (a compilation holds several; see ../shared/gold).
    gold_parts = sum(len(json.loads((GOLD / f"{p.stem}.json").read_text(encoding="utf-8"))["parts"]) for p in chosen)
    assert stats["Document"] == gold_parts


def test_errors_are_one_clear_line(tmp_path):
    missing = cckg("load", str(tmp_path / "nope"), "--store", str(tmp_path / "s"))
    assert missing.exit_code == 1 and "no such file" in missing.output
    no_store = cckg("stats", "--store", str(tmp_path / "absent"))
    assert no_store.exit_code == 1 and "cckg load" in no_store.output
    assert "Traceback" not in missing.output + no_store.output


def test_bad_query_is_reported_not_raised(seed_store):
    result = cckg("query", "MATCH (c:City RETURN c", "--store", str(seed_store))
    assert result.exit_code == 1 and "query failed" in result.output


@pytest.mark.parametrize("command", [[], ["load"], ["query"], ["stats"], ["app"]])
def test_help_teaches_with_an_example(command):
    result = subprocess.run([sys.executable, "-m", "cckg.cli", *command, "--help"],
                            capture_output=True, text=True, env={"COLUMNS": "200", "PATH": ""})
    assert result.returncode == 0
    assert "Example" in result.stdout and "cckg" in result.stdout
