"""Reading: encodings from the bytes, HTML/docx/PDF, and a corpus of bad files that must not stop a batch."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import opencc
import pytest

from loaders.pipeline import split_documents
from loaders.read import UnreadableFile, decode_text, iter_paths, read_file
from tests.conftest import ROOT, SEEDS

# Written for these tests (not from any document).
SIMPLIFIED = ("全市创建全国文明城市工作推进会召开\n"
              "本报讯 3月5日上午，全市创建全国文明城市工作推进会召开。市委书记张某某出席会议并讲话，市长李某某主持会议。"
              "会议强调，要坚持问题导向，扎实推进背街小巷整治，确保创建工作取得实效。\n")
TRADITIONAL = opencc.OpenCC("s2t").convert(SIMPLIFIED)


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("codec,text,expected", [
    ("utf-8", SIMPLIFIED, "utf-8"),
    ("utf-8-sig", SIMPLIFIED, "utf-8-sig"),
    ("utf-16", SIMPLIFIED, "utf-16-le"),  # Python writes a little-endian BOM
    ("utf-16-be-bom", SIMPLIFIED, "utf-16-be"),
    ("utf-16-le", SIMPLIFIED, "utf-16-le"),  # no BOM
    ("utf-16-be", SIMPLIFIED, "utf-16-be"),  # no BOM
    ("gbk", SIMPLIFIED, "gb18030"),
    ("gb18030", SIMPLIFIED, "gb18030"),
    ("big5", TRADITIONAL, "big5hkscs"),
])
def test_encoding_is_detected_from_the_bytes(codec, text, expected):
    data = b"\xfe\xff" + text.encode("utf-16-be") if codec == "utf-16-be-bom" else text.encode(codec)
    decoded, encoding, warnings = decode_text(data)
    assert decoded == text and encoding == expected and not warnings


def test_a_gbk_file_named_txt_reads_like_its_utf8_twin(tmp_path):
    body = seed_text("003")
    (tmp_path / "a.txt").write_bytes(body.encode("gbk"))
    source = read_file(tmp_path / "a.txt")
    assert source.encoding == "gb18030" and source.text == body


def test_truncated_last_character_is_dropped_and_reported(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_bytes(SIMPLIFIED.rstrip().encode("utf-8")[:-1])
    source = read_file(path)
    assert source.text == SIMPLIFIED.rstrip()[:-1] and "truncated" in source.warnings[0]


def test_html_main_text_title_and_date(tmp_path):
    paragraphs = "".join(f"<p>{line}</p>" for line in SIMPLIFIED.splitlines()[1:] * 3)
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>推进会召开 - 某某网</title>"
            f"<meta property='article:published_time' content='2021-03-05'></head><body>"
            f"<nav><a href='/'>首页</a> <a href='/news'>新闻</a> 我要分享</nav>"
            f"<article><h1>全市创建全国文明城市工作推进会召开</h1>{paragraphs}</article>"
            f"<footer>版权所有 某某网 联系我们</footer></body></html>")
    path = tmp_path / "page.htm"
    path.write_text(page, encoding="utf-8")
    source = read_file(path)
    assert source.format == "html" and "背街小巷整治" in source.text
    assert "首页" not in source.text and "版权所有" not in source.text
    assert "推进会召开" in source.title and source.date == "2021-03-05"


def test_html_without_a_date_tag_has_no_date_rather_than_a_year_guessed_from_its_text(tmp_path):
    paragraphs = "".join(f"<p>2013年10月25日，{line}</p>" for line in SIMPLIFIED.splitlines()[1:] * 3)
    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>调度会召开</title></head><body>"
            f"<article><h1>全市创建国家卫生城市工作调度会召开</h1>{paragraphs}</article></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    source = read_file(path)
    assert source.title == "全市创建国家卫生城市工作调度会召开" and source.date is None  # not 2013-01-01


def make_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(path)


def make_text_pdf(path: Path, lines: list[str]) -> None:
    """A PDF whose text layer holds `lines` (CID font with a ToUnicode map; no font embedded)."""
    chars = sorted({ch for line in lines for ch in line})
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    content = "BT /F1 12 Tf 40 800 Td 14 TL " + " ".join(
        "<" + "".join(f"{cid[ch]:04X}" for ch in line) + "> Tj T*" for line in lines) + " ET"
    bfchar = "\n".join(f"<{cid[ch]:04X}> <{ord(ch):04X}>" for ch in chars)
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange "
            f"{len(chars)} beginbfchar\n{bfchar}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 8 0 R >>",
        f"<< /Length {len(cmap.encode())} >>\nstream\n{cmap}\nendstream",
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 "
        "/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    out.write("".join(f"{o:010d} 00000 n \n" for o in offsets).encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    path.write_bytes(out.getvalue())


def make_scan_pdf(path: Path) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).rectangle((40, 40, 360, 160), outline="black")
    image.save(path, "PDF")


def test_docx_and_text_pdf_are_read_and_a_scan_is_reported(tmp_path):
    lines = SIMPLIFIED.splitlines()
    make_docx(tmp_path / "a.docx", lines)
    assert read_file(tmp_path / "a.docx").text.split("\n") == lines
    make_text_pdf(tmp_path / "a.pdf", [lines[0], lines[1][:40]])
    pdf = read_file(tmp_path / "a.pdf")
    assert pdf.format == "pdf" and lines[0] in pdf.text and lines[1][:40] in pdf.text
    make_scan_pdf(tmp_path / "scan.pdf")
    with pytest.raises(UnreadableFile, match="no text layer"):
        read_file(tmp_path / "scan.pdf")


def test_same_content_in_two_scripts_and_two_names_is_one_document(tmp_path):
    body = seed_text("003")
    (tmp_path / "simplified.txt").write_text(body, encoding="utf-8")
    (tmp_path / "copy.md").write_text(body, encoding="utf-8")
    (tmp_path / "traditional.txt").write_text(opencc.OpenCC("s2t").convert(body), encoding="utf-8")
    ids = {p.name: [d.doc_id for d in split_documents(read_file(p))] for p in tmp_path.iterdir()}
    assert ids["simplified.txt"] == ids["copy.md"] == ids["traditional.txt"]
    assert split_documents(read_file(tmp_path / "traditional.txt"))[0].clean.script == "traditional"


def test_directories_are_walked_once_through_symlink_loops(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    paths = list(iter_paths([tmp_path, tmp_path / "sub"]))
    assert sorted(p.name for p in paths) == ["a.txt", "self.txt"]
    with pytest.raises(UnreadableFile, match="symbolic links"):
        read_file(tmp_path / "self.txt")


# ---- the bad-file corpus, loaded by `cckg load` in a subprocess ----

def build_bad_corpus(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Good files (name -> what must be true) and bad files (name -> a word the reason must hold)."""
    good, bad = {}, {}
    (root / "speech_utf8.txt").write_text(seed_text("000"), encoding="utf-8")
    good["speech_utf8.txt"] = "utf-8"
    (root / "report_gbk.txt").write_bytes(seed_text("003").encode("gbk"))
    good["report_gbk.txt"] = "gb18030"
    (root / "report_utf16_nobom.txt").write_bytes(seed_text("002").encode("utf-16-le"))
    good["report_utf16_nobom.txt"] = "utf-16-le"
    (root / "notice_big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    good["notice_big5.txt"] = "big5hkscs"
    make_docx(root / "speech.docx", seed_text("004").splitlines())
    good["speech.docx"] = "docx"
    make_text_pdf(root / "short.pdf", SIMPLIFIED.splitlines()[:1])
    good["short.pdf"] = "pdf"
    (root / "cut.txt").write_bytes(SIMPLIFIED.encode("utf-8")[:-2])  # 。\n -> 。 loses a byte of 。
    good["cut.txt"] = "truncated"

    (root / "empty.txt").write_bytes(b"")
    bad["empty.txt"] = "empty"
    (root / "binary.txt").write_bytes(random.Random(7).randbytes(8000))
    bad["binary.txt"] = "binary"
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    bad["image.txt"] = "PNG"
    with (root / "one_line_20mb.txt").open("wb") as fh:
        chunk = SIMPLIFIED.replace("\n", "").encode("utf-8")
        for _ in range(20 * 2**20 // len(chunk) + 1):
            fh.write(chunk)
    bad["one_line_20mb.txt"] = "too large"
    docx_bytes = io.BytesIO()
    make_docx(root / "tmp.docx", ["x"])
    docx_bytes.write((root / "tmp.docx").read_bytes())
    (root / "tmp.docx").unlink()
    (root / "corrupt.docx").write_bytes(docx_bytes.getvalue()[: len(docx_bytes.getvalue()) // 2])
    bad["corrupt.docx"] = "corrupt"
    with zipfile.ZipFile(root / "bundle.zip", "w") as z:
        z.writestr("inside.txt", SIMPLIFIED)
    bad["bundle.zip"] = "zip archive"
    make_scan_pdf(root / "scan.pdf")
    bad["scan.pdf"] = "no text layer"
    (root / "locked.txt").write_text(SIMPLIFIED, encoding="utf-8")
    os.chmod(root / "locked.txt", 0)
    bad["locked.txt"] = "permission denied"
    os.mkfifo(root / "pipe.txt")
    bad["pipe.txt"] = "not a regular file"
    (root / "loop.txt").symlink_to(root / "loop.txt")
    bad["loop.txt"] = "symbolic links"
    (root / "sub").mkdir()
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)
    (root / "sub" / "dup_of_gbk.txt").write_text(seed_text("003"), encoding="utf-8")
    good["dup_of_gbk.txt"] = "same content"
    return good, bad


# Peak RSS from /proc/self/status (VmHWM): getrusage's ru_maxrss survives execve, so in a
# child of a large pytest process it reports pytest's size, not the load's.
_LOAD_AND_MEASURE = """
import json, re, sys
from pathlib import Path
from cckg.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    hwm = re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)
    print("PEAK_RSS_KB", hwm, file=sys.stderr)
"""


def run_load_without_root_privilege(args: list[str]) -> subprocess.CompletedProcess:
    """`cckg load` in a subprocess; as root, without the capabilities that ignore file permissions."""
    cmd = [sys.executable, "-c", _LOAD_AND_MEASURE, "load", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if not setpriv:
            pytest.skip("running as root without setpriv: cannot make a file unreadable")
        drop = "-dac_override,-dac_read_search"
        cmd = [setpriv, f"--bounding-set={drop}", f"--inh-caps={drop}", *cmd]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_bad_files_are_reported_and_every_good_file_loads(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good, bad = build_bad_corpus(corpus)
    report = tmp_path / "report.json"
    proc = run_load_without_root_privilege([str(corpus), "--store", str(tmp_path / "store"), "--report", str(report)])
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    files = {Path(r["path"]).name: r for r in json.loads(report.read_text(encoding="utf-8"))["files"]}
    assert set(files) == set(good) | set(bad)
    for name, expect in good.items():
        row = files[name]
        assert row["status"] == "loaded", (name, row)
        assert expect in (row["encoding"], *row["note"].split(";")) or expect in row["note"], (name, row)
    assert files["dup_of_gbk.txt"]["note"].startswith("same content as") and "report_gbk.txt" in files["dup_of_gbk.txt"]["note"]
    for name, word in bad.items():
        row = files[name]
        assert row["status"] == "skipped" and word in row["reason"], (name, row)
        assert "\n" not in row["reason"], (name, row)
    peak_mb = int(next(line.split()[1] for line in proc.stderr.splitlines() if line.startswith("PEAK_RSS_KB"))) / 1024
    print(f"peak RSS of `cckg load` on the bad-file corpus: {peak_mb:.0f} MB")
    assert peak_mb < 1500  # bounded: the 20 MB file is refused before it is read


def test_the_id_of_a_file_on_disk_is_the_id_reading_it_gives(corpus_paths, tmp_path):
    # Loads skip the files whose id the store holds: both ways of computing it must agree.
    from loaders.read import file_id_at

    for path in corpus_paths:
        assert file_id_at(path) == read_file(path).file_id, path
    assert file_id_at(tmp_path / "missing.txt") is None
