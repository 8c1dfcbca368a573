"""Export speed and memory on a synthetic graph of the shape cckg builds.

    python -m benchmarks.export_speed --documents 20000    (from the repository root)

Builds documents about random cities, each citing a few tactics (power-law popularity),
then times every format (and the city-city projection) and, with --memory, the peak
memory the export adds on top of the bundle (tracemalloc).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from graph.bundle import Evidence, GraphBundle
from graph.export import export_graph


def synthetic_bundle(documents: int, cities: int = 300, tactics: int = 400, seed: int = 1) -> GraphBundle:
    rnd = random.Random(seed)
    b = GraphBundle()
    for c in range(cities):
        b.add_node("City", f"{410000 + c}", {"name": f"城市{c}市", "province": f"省{c % 31}",
                                             "level": "prefecture", "lon": 100 + rnd.random() * 20,
                                             "lat": 25 + rnd.random() * 15})
    for t in range(tactics):
        b.add_node("Tactic", f"措施{t}", {"category": f"类别{t % 12}", "status": "curated"})
        b.add_node("TacticCategory", f"类别{t % 12}")
        b.add_edge("IN_CATEGORY", ("Tactic", f"措施{t}"), ("TacticCategory", f"类别{t % 12}"))
    weights = [1 / (i + 1) for i in range(tactics)]
    for d in range(documents):
        doc = f"doc{d:06d}"
        city = f"{410000 + rnd.randrange(cities)}"
        day = f"{2015 + rnd.randrange(8)}-{1 + rnd.randrange(12):02d}-{1 + rnd.randrange(28):02d}"
        ref = b.add_node("Document", doc, {"title": f"文件{d}", "date_iso": day, "primary_city": city})
        b.add_edge("ABOUT", ref, ("City", city), evidence=[Evidence(doc, 0, 10, f"{city}召开创文工作会议。")])
        for i, t in enumerate(set(rnd.choices(range(tactics), weights, k=5))):
            sentence = f"全面推行措施{t}，确保创建工作取得实效。"
            b.add_edge("CITES", ref, ("Tactic", f"措施{t}"), evidence=[Evidence(doc, 20 + i * 40, 40 + i * 40, sentence)])
    return b


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=20000)
    parser.add_argument("--memory", action="store_true", help="also trace peak memory (slows the export down)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    bundle = synthetic_bundle(args.documents)
    print(f"bundle: {len(bundle.nodes)} nodes, {len(bundle.edges)} edges, built in {time.perf_counter() - t0:.1f}s")
    with tempfile.TemporaryDirectory() as tmp:
        runs = [(fmt, None, False) for fmt in ("gexf", "graphml", "json", "csv")]
        runs += [("gexf", None, True), ("gexf", "city-city", True)]
        for fmt, projection, dynamic in runs:
            out = Path(tmp) / f"out-{fmt}-{projection}-{dynamic}"
            if args.memory:
                tracemalloc.start()
            t0 = time.perf_counter()
            result = export_graph(bundle, fmt, out, projection=projection, dynamic=dynamic)
            seconds = time.perf_counter() - t0
            peak = tracemalloc.get_traced_memory()[1] if args.memory else 0
            tracemalloc.stop()
            size = sum(p.stat().st_size for p in result.paths)
            print(f"{fmt:8} projection={projection or '-':10} dynamic={dynamic!s:5} {result.nodes:7} nodes "
                  f"{result.edges:7} edges  {seconds:6.2f}s  {(result.nodes + result.edges) / seconds:8.0f} items/s  "
                  f"file {size / 1e6:6.1f} MB" + (f"  peak extra memory {peak / 1e6:6.1f} MB" if args.memory else ""))


if __name__ == "__main__":
    main()
