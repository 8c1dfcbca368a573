"""Rows per second of the Neo4j writer for several batch sizes (the --neo4j-batch default).

Needs a live, EMPTY Neo4j database (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE);
it writes the seeds and the sample corpus, copied N times under new keys, once per batch size,
and deletes everything after each run.

    NEO4J_URI=neo4j://localhost:7687 NEO4J_PASSWORD=… python benchmarks/neo4j_batch.py --copies 20

Without a server, ``--fake`` times the writer against the test suite's recording fake driver:
reading, merging and building rows, plus the fake's own bookkeeping (it copies its graph per
transaction), so it says nothing about a server's speed; it only shows the client is not the limit.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.bundle import Edge, GraphBundle, Node  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402


def corpus(copies: int) -> GraphBundle:
    from loaders.pipeline import build_bundle
    from loaders.read import iter_paths

    base, _ = build_bundle(list(iter_paths([ROOT.parent / "shared" / "corpus" / "seeds", ROOT / "examples" / "corpus"])))
    out = GraphBundle()
    for i in range(copies):
        def k(ref):
            return (ref[0], f"{ref[1]}#{i}")
        for n in base.nodes.values():
            out._put_node(Node(n.label, f"{n.key}#{i}", dict(n.props), n.evidence))
        for e in base.edges.values():
            out._put_edge(Edge(e.type, k(e.src), k(e.dst), dict(e.props), e.evidence))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--sizes", default="250,1000,5000")
    parser.add_argument("--fake", action="store_true", help="time the client side against the fake driver")
    args = parser.parse_args()
    bundle = corpus(args.copies)
    rows = len(bundle.nodes) + len(bundle.edges)
    print(f"{rows} rows ({len(bundle.nodes)} nodes, {len(bundle.edges)} relationships)")
    for size in (int(s) for s in args.sizes.split(",")):
        if args.fake:
            sys.path.insert(0, str(ROOT))
            from tests.graph.fake_neo4j import FakeDriver

            store = Neo4jStore(driver=FakeDriver(), batch_size=size)
        else:
            store = Neo4jStore.from_env(batch_size=size)
            if sum(store.counts().values()):
                sys.exit("the database is not empty; point NEO4J_DATABASE at an empty database")
        started = time.perf_counter()
        store.write(bundle)
        elapsed = time.perf_counter() - started
        print(f"batch {size:>5}: {elapsed:7.2f}s  {rows / elapsed:9.0f} rows/s")
        if not args.fake:
            with store._session() as session:
                session.execute_write(lambda tx: tx.run("MATCH (n) DETACH DELETE n").consume())
        store.close()


if __name__ == "__main__":
    main()
