"""Measurements that run in a fresh process each, so that time and memory are their own.

Each probe prints one JSON object as its last line of output. `benchmarks.run`
starts them; they can also be run by hand:

    python -m benchmarks.probes load LISTFILE STORE --workers 2
    python -m benchmarks.probes jieba LISTFILE
    python -m benchmarks.probes catalogue STORE --repeat 20
    python -m benchmarks.probes page STORE PAGE
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class TreeMemory:
    """Samples the resident memory of this process and all its descendants (the worker pool).

    Workers are started by a fork server, so they are not this process's
    children and getrusage(RUSAGE_CHILDREN) cannot see them; sampling the
    process tree can. The sum counts shared pages once per process, so it errs high.
    """

    def __init__(self, interval: float = 0.1) -> None:
        import threading

        self.interval, self.peak, self.worker_peak = interval, 0, 0
        self.cpu: dict[int, float] = {}  # last seen user + system seconds of each descendant
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            try:
                total = me.memory_info().rss
                for child in me.children(recursive=True):
                    try:
                        rss = child.memory_info().rss
                        times = child.cpu_times()
                    except psutil.Error:
                        continue
                    self.cpu[child.pid] = times.user + times.system
                    total += rss
                    self.worker_peak = max(self.worker_peak, rss)
            except psutil.Error:
                pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _peaks(tree: TreeMemory | None = None) -> dict[str, float]:
    """Peak resident memory (MB): this process (exact), the largest descendant and the whole tree (sampled)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    # VmHWM, not ru_maxrss: ru_maxrss survives execve and so includes the launcher's size.
    hwm = next((int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
                if line.startswith("VmHWM:")), me.ru_maxrss) if Path("/proc/self/status").exists() else me.ru_maxrss
    result = {"rss_parent_mb": hwm / 1024, "cpu_parent_s": me.ru_utime + me.ru_stime,
              "load_average": os.getloadavg()[0]}
    if tree is not None:
        result |= {"rss_worker_mb": tree.worker_peak / 2**20, "rss_tree_mb": tree.peak / 2**20,
                   "cpu_descendants_s": sorted(tree.cpu.values(), reverse=True)}
    return result


def load(listfile: str, store: str, workers: int, batch: int) -> dict:
    """`cckg load` exactly as a user runs it (paths on stdin), timed from the command's start."""
    from typer.main import get_command

    from cckg.cli import app

    command = get_command(app)
    args = ["load", "-", "--store", store, "--workers", str(workers), "--batch", str(batch),
            "--report", store + ".report.json"]
    start = time.perf_counter()
    with TreeMemory() as tree, open(listfile, encoding="utf-8") as sys.stdin:
        try:
            command.main(args, standalone_mode=False)
        finally:
            sys.stdin = sys.__stdin__
    seconds = time.perf_counter() - start
    report = json.loads(Path(store + ".report.json").read_text(encoding="utf-8"))
    files = report["files"]
    disk = sum(f.stat().st_size for f in Path(store).rglob("*") if f.is_file()) if Path(store).is_dir() \
        else Path(store).stat().st_size
    return {"seconds": seconds, "files": len(files), "loaded": sum(f["status"] == "loaded" for f in files),
            "documents": sum(f["documents"] for f in files), "counts": report["counts"],
            "store_mb": disk / 2**20, "workers": workers} | _peaks(tree)


def jieba_floor(listfile: str) -> dict:
    """Bare jieba segmentation (precise mode) of the text of every file, on one core.

    The text is what cckg's reader gets from each file (decoded, HTML/docx
    extracted); only the segmentation is timed.
    """
    import jieba

    from loaders.read import UnreadableFile, read_file

    start = time.perf_counter()
    jieba.initialize()
    init_seconds = time.perf_counter() - start
    seconds, cpu, chars, tokens = 0.0, 0.0, 0, 0
    for line in Path(listfile).read_text(encoding="utf-8").splitlines():
        try:
            text = read_file(line).text
        except UnreadableFile:
            continue
        t0, c0 = time.perf_counter(), time.process_time()
        tokens += len(jieba.lcut(text))
        seconds += time.perf_counter() - t0
        cpu += time.process_time() - c0
        chars += len(text)
    return {"seconds": seconds, "segment_cpu_s": cpu, "init_seconds": init_seconds, "chars": chars,
            "tokens": tokens, "chars_per_second": chars / seconds if seconds else 0.0} | _peaks()


def _catalogue(db) -> list[tuple[str, Callable[[], int]]] | None:
    """The project's query catalogue, if this checkout has one: (name, run it and count the rows)."""
    try:
        import cypher
    except ImportError:
        return None
    if not hasattr(cypher, "queries"):
        return None
    try:  # the public entry point, where it exists: the same path as `cckg query NAME`
        from graph.store import run_catalogue

        return [(name, lambda name=name: len(run_catalogue(db, name).rows)) for name in cypher.queries()]
    except ImportError:
        from graph.dialect import to_ladybug

        return [(name, lambda q=q: len(db.query(to_ladybug(q.text), q.example_params())[1]))
                for name, q in cypher.queries().items()]


# Stand-ins when no catalogue is importable: the questions the dashboard asks.
STAND_INS = [
    ("cities_by_documents", "MATCH (c:City)<-[:MENTIONS]-(d:Document) RETURN c.name AS city, "
     "count(DISTINCT d) AS documents ORDER BY documents DESC, city LIMIT 500", {}),
    ("documents_list", "MATCH (d:Document) RETURN d.title, d.kind, d.script, d.chars, d.source "
     "ORDER BY d.title LIMIT 1000", {}),
    ("city_documents", "MATCH (c:City {name: $city})<-[m:MENTIONS]-(d:Document) "
     "RETURN d.title, m.sentences LIMIT 500", {"city": "焦作市"}),
    ("cooccurring_cities", "MATCH (a:City {name: $city})<-[:MENTIONS]-(d:Document)-[:MENTIONS]->(b:City) "
     "RETURN b.name, count(d) AS n ORDER BY n DESC LIMIT 50", {"city": "焦作市"}),
]


def catalogue(store: str, repeat: int) -> dict:
    """p50 / p95 latency of every catalogue query with its default parameters (stand-ins when there is none)."""
    from graph.embedded import EmbeddedStore

    results = {}
    with EmbeddedStore(store, read_only=True) as db:
        entries, source = _catalogue(db), "catalogue"
        if not entries:
            source = "stand-ins (no query catalogue importable)"
            entries = [(name, lambda t=text, p=params: len(db.query(t, p)[1])) for name, text, params in STAND_INS]
        for name, run_query in entries:
            times, rows, error = [], 0, ""
            for _ in range(repeat):
                t0 = time.perf_counter()
                try:
                    rows = run_query()
                except Exception as exc:  # report the failing query, measure the others
                    error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ''}"
                    break
                times.append(time.perf_counter() - t0)
            if error:
                results[name] = {"error": error}
                continue
            times.sort()
            results[name] = {"p50_ms": 1000 * statistics.median(times),
                             "p95_ms": 1000 * times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))],
                             "first_ms": 1000 * times[0], "rows": rows}
    return {"source": source, "queries": results}


def _pages() -> list[str]:
    """The dashboard's pages: app.py's default page, then every page file app.py names (st.Page("….py"))."""
    import re

    app_py = (ROOT / "app.py").read_text(encoding="utf-8")
    named = dict.fromkeys(m for m in re.findall(r"[\"']([\w./-]+\.py)[\"']", app_py) if (ROOT / m).is_file())
    return ["app.py", *named]


def page(store: str, page_path: str, timeout: float) -> dict:
    """Time of the first render of one dashboard page (a cold process: nothing cached)."""
    from streamlit.testing.v1 import AppTest

    import streamlit as st

    os.environ["CCKG_STORE"] = store

    def render() -> tuple[float, AppTest]:
        start = time.perf_counter()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
        at.run()
        if page_path != "app.py":
            at.switch_page(page_path).run()
        return time.perf_counter() - start, at

    seconds, at = render()  # a cold process: imports, store opening, every query
    st.cache_data.clear()
    warm, _ = render()  # a new visitor on a running server: modules and store open, data not cached
    errors = [e.value for e in at.exception] + [e.value for e in at.error]
    return {"page": page_path, "seconds": seconds, "warm_seconds": warm, "errors": [str(e)[:160] for e in errors]}


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def ceiling(rounds: int, n: int = 20_000_000) -> dict:
    """What two processes get over one on this machine for pure CPU work (a Python loop): the
    bound on any speed-up of two workers. Each round times the loop twice one after the other,
    then twice side by side; on a machine whose cores are shared with other guests it is below 2."""
    from concurrent.futures import ProcessPoolExecutor

    ratios = []
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(_spin, [1000, 1000]))  # both processes started
        for _ in range(rounds):
            start = time.perf_counter()
            for _ in range(2):
                pool.submit(_spin, n).result()
            one_after_other = time.perf_counter() - start
            start = time.perf_counter()
            list(pool.map(_spin, [n, n]))
            ratios.append(one_after_other / (time.perf_counter() - start))
    return {"ratios": ratios, "median": statistics.median(ratios)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probes")
    sub = parser.add_subparsers(dest="probe", required=True)
    p = sub.add_parser("load")
    p.add_argument("listfile")
    p.add_argument("store")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--batch", type=int, default=200)
    p = sub.add_parser("jieba")
    p.add_argument("listfile")
    p = sub.add_parser("catalogue")
    p.add_argument("store")
    p.add_argument("--repeat", type=int, default=20)
    p = sub.add_parser("page")
    p.add_argument("store")
    p.add_argument("page")
    p.add_argument("--timeout", type=float, default=120)
    sub.add_parser("pages")
    p = sub.add_parser("ceiling")
    p.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if args.probe == "load":
        result = load(args.listfile, args.store, args.workers, args.batch)
    elif args.probe == "jieba":
        result = jieba_floor(args.listfile)
    elif args.probe == "catalogue":
        result = catalogue(args.store, args.repeat)
    elif args.probe == "page":
        result = page(args.store, args.page, args.timeout)
    elif args.probe == "ceiling":
        result = ceiling(args.rounds)
    else:
        result = {"pages": _pages()}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
