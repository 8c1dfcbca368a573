"""CPU per document of ingestion: reading, cleaning, splitting and describing (no extractors).

Run:  python benchmarks/ingest_speed.py [FILES or DIRS or a .txt list of paths]   (from the repository
root; default: the seeds, the sample corpus and tests/data/fresh/docs)

Each step is timed where `split_documents` calls it (process CPU time), so the figures add up to the
total: read_file, the file's one clean, find_parts, clean_part (each part cut from the file's clean)
and describe (metadata, including its place lookup).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(module, name: str, seconds: Counter) -> None:
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            seconds[name] += time.process_time() - start

    setattr(module, name, wrapper)


def main(args: list[str]) -> None:
    import loaders.metadata
    import loaders.pipeline
    import loaders.split
    from loaders.read import UnreadableFile, iter_paths, read_file

    if len(args) == 1 and args[0].endswith(".txt") and Path(args[0]).read_text().lstrip().startswith("/"):
        files = [Path(p) for p in Path(args[0]).read_text().split()]
    else:
        default = [ROOT.parent / "shared" / "corpus" / "seeds", ROOT / "examples" / "corpus",
                   ROOT / "tests" / "data" / "fresh" / "docs"]
        files = list(iter_paths(args or [str(p) for p in default if p.exists()]))
    for path in files[:3]:  # warm up: data files, OpenCC, trafilatura imports
        try:
            loaders.pipeline.split_documents(read_file(path))
        except UnreadableFile:
            pass
    seconds: Counter[str] = Counter()
    for module, name in ((loaders.pipeline, "clean"), (loaders.pipeline, "clean_part"),
                         (loaders.split, "find_parts"), (loaders.metadata, "describe")):
        _timed(module, name, seconds)
    docs = 0
    started = time.process_time()
    for path in files:
        t = time.process_time()
        try:
            source = read_file(path)
        except UnreadableFile:
            continue
        finally:
            seconds["read_file"] += time.process_time() - t
        docs += len(loaders.pipeline.split_documents(source))
    total = time.process_time() - started
    print(f"{len(files)} files, {docs} documents; CPU ms per document")
    for name in ("read_file", "clean", "find_parts", "clean_part", "describe"):
        print(f"  {name:12s} {1000 * seconds[name] / docs:6.2f}")
    print(f"  {'total':12s} {1000 * total / docs:6.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
