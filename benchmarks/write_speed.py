"""Write CPU per document and peak memory of the embedded store's writer, apart from extraction.

Run:  python benchmarks/write_speed.py LISTFILE N STORE [--cache DIR]   (from the repository root)

The first N files of LISTFILE (one path a line) are extracted once, 200 files to a
batch merged as `cckg load` merges them, and each batch's bundle is pickled into the cache directory, so later runs time only the writes.
The store is written from scratch, one transaction per batch, then reopened
read-only. Prints the CPU per document of each batch (it grows with the store), the
cost of the final checkpoint (close), the average over all of it, the resident memory
after each batch and at its peak, and the store's size.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BATCH = 200


def cached_batches(listfile: Path, n: int, cache: Path) -> list[Path]:
    from graph.bundle import GraphBundle
    from loaders.extract import default_extractors
    from loaders.pipeline import process_files

    paths = listfile.read_text(encoding="utf-8").split()[:n]
    cache.mkdir(parents=True, exist_ok=True)
    extractors, out = None, []
    for i in range(0, len(paths), BATCH):
        target = cache / f"batch-{i:05d}.pkl"
        if not target.exists():
            extractors = extractors or default_extractors()
            pending = GraphBundle()
            for bundle, _ in process_files(paths[i:i + BATCH], extractors):
                pending.update(bundle)
            target.write_bytes(pickle.dumps(pending))
        out.append(target)
    return out


def _rss_mb() -> float:
    """This process's resident memory now (Linux), in MB."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python benchmarks/write_speed.py")
    parser.add_argument("listfile", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("store")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/cckg-write-cache"))
    args = parser.parse_args(argv)
    from graph.embedded import EmbeddedStore

    batches = cached_batches(args.listfile, args.n, args.cache)
    for f in (args.store, args.store + ".wal"):
        if os.path.exists(f):
            os.remove(f)
    per_doc, total = [], 0.0
    with EmbeddedStore(args.store) as store:
        for path in batches:
            bundle = pickle.loads(path.read_bytes())
            start = time.process_time()
            store.write(bundle)
            cpu = time.process_time() - start
            total += cpu
            per_doc.append(round(1000 * cpu / BATCH, 1))
            print(f"batch {len(per_doc)}: write CPU {per_doc[-1]} ms per file, RSS now {_rss_mb():.0f} MB", flush=True)
            del bundle
        start, wall = time.process_time(), time.perf_counter()
    cpu = time.process_time() - start
    total += cpu
    print(f"close (final checkpoint): CPU {cpu:.1f} s, wall {time.perf_counter() - wall:.1f} s", flush=True)
    with EmbeddedStore(args.store, read_only=True) as store:
        documents = store.counts()["Document"]
    docs = len(batches) * BATCH
    print("write CPU ms per document, batch by batch:", per_doc)
    print(f"files {docs}: write CPU {1000 * total / docs:.1f} ms per file, "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
          f"store {os.path.getsize(args.store) / 2**20:.0f} MiB, {documents} Documents after reopening")


if __name__ == "__main__":
    main()
