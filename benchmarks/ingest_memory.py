"""Peak memory and time of reading, cleaning and splitting, each case in a fresh subprocess.

Run:  python benchmarks/ingest_memory.py            (from the repository root)

Cases: the seeds; a file just under the size limit (one line, ~9.5 MB of UTF-8
Chinese); a 9.5 MB file of short paragraphs, many repeated; `cckg load` of the
bad-file corpus the tests build (tests/loaders/test_read.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_MEASURE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from loaders.read import read_file
from loaders.pipeline import split_documents
start = time.perf_counter()
docs = 0
for path in sys.argv[1:]:
    docs += len(split_documents(read_file(path)))
print(json.dumps({{"docs": docs, "seconds": round(time.perf_counter() - start, 2),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}}))
"""


def measure(paths: list[Path]) -> dict:
    out = subprocess.run([sys.executable, "-c", _MEASURE.format(root=str(ROOT)), *map(str, paths)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    from tests.conftest import SEEDS

    sentence = "全市上下要坚持问题导向，扎实推进背街小巷和农贸市场整治，确保创建工作取得实效。"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        baseline = measure([])
        print("python + imports only:", baseline)
        print("seeds (5 files):", measure(sorted(SEEDS.glob("*.txt"))))
        one_line = tmp / "one_line.txt"
        one_line.write_text(sentence * (9_500_000 // len(sentence.encode())), encoding="utf-8")
        print(f"one line, {one_line.stat().st_size / 2**20:.1f} MB:", measure([one_line]))
        paragraphs = tmp / "paragraphs.txt"
        with paragraphs.open("w", encoding="utf-8") as fh:
            n = 0
            while fh.tell() < 9_500_000:
                fh.write(f"第{n % 5000}段：{sentence}\n")
                n += 1
        print(f"short paragraphs, {paragraphs.stat().st_size / 2**20:.1f} MB:", measure([paragraphs]))


if __name__ == "__main__":
    main()
