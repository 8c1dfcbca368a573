import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from cckg.cli import app
from graph.bundle import canonical
from graph.embedded import EmbeddedStore
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


def _report(path):
    return {r["path"].rsplit("/", 1)[-1]: r for r in json.loads(path.read_text(encoding="utf-8"))["files"]}


def test_loading_a_grown_folder_reads_only_the_new_and_changed_files(tmp_path, seeds):
    folder = tmp_path / "in"
    folder.mkdir()
    names = sorted(p.name for p in seeds.iterdir())
    for name in names[:-1]:
        (folder / name).write_bytes((seeds / name).read_bytes())
    stores = {"skips": str(tmp_path / "skips"), "reads all": str(tmp_path / "reads-all")}
    for store in stores.values():
        assert cckg("load", str(folder), "--store", store).exit_code == 0
    (folder / names[-1]).write_bytes((seeds / names[-1]).read_bytes())  # a new file
    changed = folder / names[0]
    changed.write_bytes(changed.read_bytes() + "\n焦作市推行门前三包责任制。\n".encode())  # a changed file
    report = tmp_path / "report.json"
    result = cckg("load", str(folder), "--store", stores["skips"], "--report", str(report))
    assert result.exit_code == 0, result.output
    files = _report(report)
    assert files[names[-1]]["status"] == "loaded" and files[names[0]]["status"] == "loaded"
    assert {files[n]["status"] for n in names[1:-1]} == {"unchanged"}
    assert all(files[n]["reason"] == "already in the store" for n in names[1:-1])
    # The same graph as reading every file again (the changed file's first version stays stored).
    assert cckg("load", str(folder), "--store", stores["reads all"], "--reextract").exit_code == 0
    with EmbeddedStore(stores["skips"], read_only=True) as a, EmbeddedStore(stores["reads all"], read_only=True) as b:
        grown = a.read_bundle()
        assert canonical(grown) == canonical(b.read_bundle())
    assert grown.counts()["SourceFile"] == len(names) + 1


def test_a_stored_file_under_another_name_is_unchanged_and_reextract_reads_it(tmp_path, seeds):
    first = sorted(seeds.iterdir())[0]
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "copy.txt").write_bytes(first.read_bytes())
    store = str(tmp_path / "s")
    assert cckg("load", str(first), "--store", store).exit_code == 0
    report = tmp_path / "r.json"
    assert cckg("load", str(tmp_path / "a"), "--store", store, "--report", str(report)).exit_code == 0
    row = _report(report)["copy.txt"]
    assert row["status"] == "unchanged" and str(first) in row["reason"]
    assert cckg("load", str(tmp_path / "a"), "--store", store, "--report", str(report), "--reextract").exit_code == 0
    assert _report(report)["copy.txt"]["status"] == "loaded"


def test_many_files_into_a_store_that_holds_documents_rebuild_it_as_batch_merges_would(tmp_path, seeds):
    paths = [str(p) for p in sorted(seeds.iterdir())]
    stores = {"rebuilt": str(tmp_path / "rebuilt"), "merged": str(tmp_path / "merged")}
    for store in stores.values():
        assert cckg("load", paths[0], "--store", store).exit_code == 0
    rebuilt = cckg("load", *paths, "--store", stores["rebuilt"], "--batch", "1")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "rebuilt" in rebuilt.output
    # --reextract reads the stored file again and merges batch by batch, as loads did before rebuilds.
    merged = cckg("load", *paths, "--store", stores["merged"], "--batch", "1", "--reextract")
    assert merged.exit_code == 0 and "rebuilt" not in merged.output
    with EmbeddedStore(stores["rebuilt"], read_only=True) as a, EmbeddedStore(stores["merged"], read_only=True) as b:
        assert canonical(a.read_bundle()) == canonical(b.read_bundle())
