"""The parallel loader gives the same results, in the same order, as the sequential one."""

from __future__ import annotations

import os

import pytest

from graph.bulk import BulkLoad, StagedFile
from graph.bundle import GraphBundle
from graph.embedded import EmbeddedStore
from loaders.extract import default_extractors
from loaders.parallel import process_files_parallel
from loaders.pipeline import process_files

CRASH_MARKER = "本文件让工作进程崩溃"


def crashing_extractors():
    """The default extractors plus one that kills its process on a marked document (a parser segfault)."""

    class Crash:
        name = "crash"

        def __call__(self, doc, bundle):
            if CRASH_MARKER in doc.text:
                os._exit(139)

    return [*default_extractors(), Crash()]


@pytest.fixture(scope="module")
def mixed_paths(tmp_path_factory, corpus_paths):
    """The seeds, the sample corpus, generated documents and two bad files, interleaved."""
    from benchmarks.generator import write_corpus

    generated = write_corpus(tmp_path_factory.mktemp("gen"), 12, seed=7)
    bad = tmp_path_factory.mktemp("bad")
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (bad / "copy.txt").write_bytes(generated[0].read_bytes())  # the same content under another name
    paths = [*corpus_paths, *generated, bad / "copy.txt"]
    paths.insert(3, bad / "empty.txt")
    paths.insert(9, bad / "binary.txt")
    return paths


def test_two_workers_yield_the_sequential_results_in_order(mixed_paths):
    sequential = list(process_files(mixed_paths))
    parallel = list(process_files_parallel(mixed_paths, workers=2, chunk_size=2))
    assert [r.path for _, r in parallel] == [str(p) for p in mixed_paths]
    assert [r.as_dict() for _, r in parallel] == [r.as_dict() for _, r in sequential]
    for (b_par, _), (b_seq, _) in zip(parallel, sequential):
        assert b_par == b_seq
    assert parallel[-1][1].note.startswith("same content as") and "doc_000000" in parallel[-1][1].note
    skipped = {os.path.basename(r.path): r.reason for _, r in parallel if r.status == "skipped"}
    assert set(skipped) == {"empty.txt", "binary.txt"} and all(skipped.values())
    # the generated documents really produced facts (the comparison is not between empty bundles)
    assert sum(r.facts for _, r in parallel if "gen" in r.path) > 12


def _store_of(path, results) -> GraphBundle:
    with EmbeddedStore(path) as store:
        pending = GraphBundle()
        for i, (bundle, _) in enumerate(results, 1):
            pending.update(bundle)
            if i % 5 == 0:  # several write transactions, as `cckg load --batch 5` does
                store.write(pending)
                pending = GraphBundle()
        store.write(pending)
        return store.read_bundle()


def test_same_stored_graph_for_one_and_two_workers(tmp_path, mixed_paths):
    one = _store_of(tmp_path / "w1", process_files_parallel(mixed_paths, workers=1))
    two = _store_of(tmp_path / "w2", process_files_parallel(mixed_paths, workers=2, chunk_size=3))
    assert one == two
    assert one.counts()["Document"] >= 12 + 5 and one.counts()["MENTIONS"] > 0


def test_staged_in_the_workers_the_bulk_load_is_the_same_graph(tmp_path, mixed_paths):
    """`prepare` runs where each bundle is made; staged there (a file repeating another's document
    included), one worker or two, the store holds what batch-by-batch writes give."""
    expected = _store_of(tmp_path / "written", process_files(mixed_paths))
    for workers in (1, 2):
        with EmbeddedStore(tmp_path / f"w{workers}") as store:
            bulk = BulkLoad(store, files_per_part=4)
            for staged, _ in process_files_parallel(mixed_paths, workers=workers, chunk_size=3, prepare=StagedFile):
                assert isinstance(staged, StagedFile)
                bulk.add(staged)
            assert bulk.late.nodes, "the copy of a generated file was not set aside"
            bulk.finish()
            assert store.read_bundle() == expected


def test_a_file_that_kills_its_worker_is_reported_and_its_neighbours_load(tmp_path, mixed_paths):
    killer = tmp_path / "killer.txt"
    killer.write_text("焦作市召开会议。" + CRASH_MARKER + "。", encoding="utf-8")
    paths = [*mixed_paths[:6], killer, *mixed_paths[6:12]]
    results = list(process_files_parallel(paths, workers=2, extractors=crashing_extractors, chunk_size=4,
                                          prepare=StagedFile))
    assert [r.path for _, r in results] == [str(p) for p in paths]
    assert all(isinstance(staged, StagedFile) for staged, _ in results)
    by_path = {r.path: r for _, r in results}
    assert by_path[str(killer)].status == "skipped" and "worker process died" in by_path[str(killer)].reason
    expected = {r.path: r.as_dict() for _, r in process_files(paths[:6] + paths[7:])}
    assert {p: r.as_dict() for p, r in by_path.items() if p != str(killer)} == expected


def test_cli_workers_option_loads_the_same_graph(tmp_path, seeds):
    from typer.testing import CliRunner

    from cckg.cli import app

    runner = CliRunner()
    for n in (1, 2):
        result = runner.invoke(app, ["load", str(seeds), "--store", str(tmp_path / f"s{n}"),
                                     "--workers", str(n), "--batch", "2"])
        assert result.exit_code == 0, result.output
    with EmbeddedStore(tmp_path / "s1", read_only=True) as s1, EmbeddedStore(tmp_path / "s2", read_only=True) as s2:
        assert s1.read_bundle() == s2.read_bundle()
        assert s1.counts()["Document"] >= 5


def test_workers_start_whatever_the_parent_main_module_is(monkeypatch, tmp_path, corpus_paths):
    """Streamlit's AppTest leaves a dashboard page as __main__; workers must not run it."""
    import sys
    import types

    main = types.ModuleType("__main__")
    main.__file__ = str(tmp_path / "page.py")
    (tmp_path / "page.py").write_text("raise SystemExit('a page that must not run in a worker')\n")
    monkeypatch.setitem(sys.modules, "__main__", main)
    results = list(process_files_parallel(corpus_paths[:4], workers=2, chunk_size=1))
    assert [r.status for _, r in results] == [r.status for _, r in process_files(corpus_paths[:4])]
    assert all(r.status == "loaded" for _, r in results)


def test_workers_of_a_killed_load_exit(tmp_path, mixed_paths):
    """A load killed with SIGKILL cannot shut its pool down: its worker processes notice and exit
    instead of waiting for work forever (each holds the extractors, ~400 MB)."""
    import signal
    import subprocess
    import sys
    import time

    import psutil

    listing = "\n".join(map(str, mixed_paths * 20))
    proc = subprocess.Popen([sys.executable, "-m", "cckg.cli", "load", "-", "--store", str(tmp_path / "s"),
                             "--workers", "2", "--batch", "1"], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    proc.stdin.write(listing)
    proc.stdin.close()
    load = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # until both workers are extracting
        workers = [p for p in load.children(recursive=True) if p.cpu_percent(interval=0.2) > 5]
        if len(workers) >= 2:
            break
    else:
        pytest.fail("the load's workers never started")
    family = load.children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    _, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, f"workers still running after their load was killed: {alive}"
    _, alive = psutil.wait_procs(family, timeout=15)  # then the forkserver and the resource tracker
    assert not alive, f"helper processes still running after their load was killed: {alive}"
