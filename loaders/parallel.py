"""Reading, cleaning and extraction in parallel processes.

`process_files_parallel` distributes `loaders.pipeline.process_file` over a
pool of worker processes and yields exactly what `process_files` would, in
the same order: one `(GraphBundle, FileResult)` per path, or, given `prepare`,
`(prepare(bundle), FileResult)`: the form in which the bundle is wanted, made in
the worker (a bundle's objects cost more to send than what a writer makes of
them). It holds no pipeline logic of its own, so the graph cannot depend on the
number of workers. Each worker builds its extractors once (gazetteer, automata,
segmenter) and then processes chunks of files.

Only a bounded window of chunks is in flight, so memory stays flat however
many files there are, and the parent (which writes the store) is never
buried in finished results. A worker that dies (a crash in a parser library)
costs nothing but the file that killed it: the chunk is re-run one file per
task and that file alone is reported as skipped.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
import types
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.bundle import GraphBundle
from loaders.extract import Extractor, default_extractors
from loaders.pipeline import FileResult, note_repeated_content, process_file, process_files

ExtractorFactory = Callable[[], Sequence[Extractor]]
Prepare = Callable[[GraphBundle], Any]
Result = tuple[Any, FileResult]

# Chunks in flight per worker, and files in flight in all: enough to keep every
# worker busy while the parent writes a whole batch (`cckg load --batch`, 200
# files by default), few enough that finished results never pile up.
_WINDOW_PER_WORKER = 3
_FILES_IN_FLIGHT = 256
_MAX_CHUNK = 16
# How often a worker checks that the process that started it is still alive.
_PARENT_POLL_SECONDS = 2.0

_worker_extractors: Sequence[Extractor] | None = None
_worker_prepare: Prepare | None = None


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunk_size_for(n_files: int, workers: int) -> int:
    """Files per task: large enough to amortise the hand-off, small enough to balance the load."""
    return max(1, min(_MAX_CHUNK, n_files // (workers * 8)))


def _init_worker(factory: ExtractorFactory, prepare: Prepare | None, parent: int) -> None:
    global _worker_extractors, _worker_prepare
    threading.Thread(target=_exit_with, args=(parent,), name="cckg-parent-watch", daemon=True).start()
    _worker_extractors, _worker_prepare = factory(), prepare


def _exit_with(parent: int) -> None:
    """Exit once the process that started the pool is gone: killed (SIGKILL, OOM), it cannot shut the
    pool down, and its workers would otherwise wait for work forever, holding their memory."""
    while True:
        time.sleep(_PARENT_POLL_SECONDS)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass


def _run_chunk(paths: list[str]) -> list[Result]:
    assert _worker_extractors is not None, "worker started without its extractors"
    return list(_prepared((process_file(path, _worker_extractors) for path in paths), _worker_prepare))


def _prepared(results: Iterable[tuple[GraphBundle, FileResult]], prepare: Prepare | None) -> Iterator[Result]:
    if prepare is None:
        yield from results
    else:
        yield from ((prepare(bundle), result) for bundle, result in results)


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: workers never inherit the parent's threads or open store
    # (forking a process that holds a LadybugDB database is unsafe).
    method = "forkserver" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)


@contextmanager
def _main_module_hidden(factory: ExtractorFactory) -> Iterator[None]:
    """Start workers without re-running the parent's __main__ in them.

    A new worker imports the parent's main script, unless told otherwise. The
    workers need nothing from it (unless the extractor factory is defined
    there), and it may not be importable: Streamlit's AppTest, for one, leaves
    the dashboard page as __main__, and running that in a worker kills it.
    """
    if getattr(factory, "__module__", None) == "__main__":
        yield
        return
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


class _Pool:
    def __init__(self, workers: int, factory: ExtractorFactory, prepare: Prepare | None) -> None:
        self.workers, self.factory, self.prepare = workers, factory, prepare
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=_context(), initializer=_init_worker,
                                   initargs=(self.factory, self.prepare, os.getpid()))

    def submit(self, paths: list[str]) -> Future:
        with _main_module_hidden(self.factory):  # workers are started here, on demand
            return self.executor.submit(_run_chunk, paths)

    def restart(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.executor = self._start()

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _one_by_one(pool: _Pool, paths: list[str]) -> list[Result]:
    """Re-run a chunk whose worker died, isolating the file that kills a worker."""
    results = []
    for path in paths:
        try:
            results += pool.submit([path]).result()
        except BrokenProcessPool:
            pool.restart()
            died = FileResult(path, "skipped", "the worker process died reading this file (a crash in a parser library?)")
            results += _prepared([(GraphBundle(), died)], pool.prepare)
    return results


def process_files_parallel(paths: Iterable[str | Path], workers: int | None = None,
                           extractors: ExtractorFactory = default_extractors,
                           chunk_size: int | None = None, prepare: Prepare | None = None) -> Iterator[Result]:
    """What `loaders.pipeline.process_files` yields, computed by a pool of processes.

    Args:
        paths (Iterable[str | Path]): the files, in the order results are wanted.
        workers (int | None): worker processes; None = the number of cores; 1 runs in this process.
        extractors (Callable[[], Sequence[Extractor]]): builds the extractors, once per worker;
            must be picklable (a module-level function).
        chunk_size (int | None): files per task; None picks one from the number of files.
        prepare (Callable[[GraphBundle], Any] | None): applied to each file's bundle where it is made
            (in the worker); must be picklable. None yields the bundles.

    Returns:
        Iterator[tuple[Any, FileResult]]: one per path, in the order of `paths`, computed lazily (the
        pool starts at the first `next`).
    """
    paths = [str(p) for p in paths]
    workers = default_workers() if workers is None else max(1, workers)
    workers = min(workers, len(paths)) or 1
    if workers == 1:
        return _prepared(process_files(paths, extractors()), prepare)
    return note_repeated_content(_map_in_pool(paths, workers, extractors, chunk_size, prepare))


def _map_in_pool(paths: list[str], workers: int, extractors: ExtractorFactory,
                 chunk_size: int | None, prepare: Prepare | None) -> Iterator[Result]:
    size = chunk_size or chunk_size_for(len(paths), workers)
    chunks = iter([paths[i:i + size] for i in range(0, len(paths), size)])
    window = max(workers * _WINDOW_PER_WORKER, -(-_FILES_IN_FLIGHT // size))
    pool = _Pool(workers, extractors, prepare)
    in_flight: deque[tuple[list[str], Future]] = deque()
    try:
        while True:
            while len(in_flight) < window and (chunk := next(chunks, None)) is not None:
                in_flight.append((chunk, pool.submit(chunk)))
            if not in_flight:
                return
            chunk, future = in_flight.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                pool.restart()
                results = _one_by_one(pool, chunk)
                in_flight = deque((c, pool.submit(c)) for c, _ in in_flight)
            yield from results
    finally:
        pool.shutdown()
