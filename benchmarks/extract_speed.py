"""Speed of the extractors, family by family, and of the segmenter alone.

Run:  python benchmarks/extract_speed.py [FILES or DIRS]   (from the repository root; default: the
seeds, the sample corpus and tests/data/fresh/docs, each repeated 5 times)

Prints characters per second of the cleaned text for every extractor family and for jieba inside
spaCy's zh pipeline with the domain user dictionary. Start-up (loading jieba, the gazetteer and the
lexicons, about 2-4 s) is measured separately.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(paths: list[str]) -> None:
    from graph.bundle import GraphBundle
    from loaders.read import iter_paths, read_file
    from loaders.pipeline import split_documents

    started = time.perf_counter()
    from loaders.extract import default_extractors
    from loaders.nlp import Tokens, pipeline

    extractors = default_extractors()
    pipeline()
    startup = time.perf_counter() - started
    default = [ROOT.parent / "shared" / "corpus" / "seeds", ROOT / "examples" / "corpus", ROOT / "tests" / "data" / "fresh" / "docs"]
    files = list(iter_paths(paths or [str(p) for p in default if p.exists()]))
    repeat = 1 if paths else 5
    docs = [d for f in files for d in split_documents(read_file(f))]
    chars = sum(len(d.text) for d in docs) * repeat
    seconds: Counter[str] = Counter()
    for _ in range(repeat):
        for doc in [d for f in files for d in split_documents(read_file(f))]:  # fresh documents: no cached analyses
            bundle = GraphBundle()
            for extractor in extractors:
                t = time.perf_counter()
                extractor(doc, bundle)
                seconds[extractor.name] += time.perf_counter() - t
            t = time.perf_counter()
            Tokens(doc.text)
            seconds["(segmenter alone)"] += time.perf_counter() - t
    print(f"start-up {startup:.1f} s; {len(docs) * repeat} documents, {chars:,} characters")
    total = sum(v for k, v in seconds.items() if not k.startswith("("))
    for name, s in seconds.most_common():
        print(f"{name:20s} {s:7.2f} s  {chars / s:12,.0f} chars/s")
    print(f"{'all extractors':20s} {total:7.2f} s  {chars / total:12,.0f} chars/s")


if __name__ == "__main__":
    main(sys.argv[1:])
