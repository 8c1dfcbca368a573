"""Rebuild the sample files of examples/corpus/ that are not plain UTF-8 text.

Each output is made from a UTF-8 source in examples/sources/ and is byte-for-byte
reproducible: the same sources always give the same bytes (the .docx included; its zip
entries and core properties carry fixed timestamps).

    python examples/make_binary_samples.py          # write the files
    python examples/make_binary_samples.py --check  # exit 1 if a file on disk differs

Outputs:
    shangqiu_gb18030.txt  GB18030, CRLF line ends (one name needs GB18030: GBK cannot decode it)
    xinyang_big5.txt      Big5, LF line ends
    utf16_notice.txt      UTF-16 LE with BOM, CRLF line ends
    mixed_utf8_bom.md     UTF-8 with BOM; prose lines end in CRLF, table lines in LF
    binzhou_push.docx     Word document (python-docx), with header, footer, headings and a table

The .docx source uses a small line markup:
    !header TEXT / !footer TEXT   page header / footer text
    # TEXT                        title (bold, centred)
    @ TEXT                        centred line (speaker, date)
    ## TEXT                       heading
    |a|b|c                        table row (consecutive rows form one table; the first is the header)
    anything else                 body paragraph
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
CORPUS = HERE / "corpus"

FIXED_TIME = dt.datetime(2021, 3, 9, 9, 0, 0)
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"


def read_source(name: str) -> str:
    """Return a UTF-8 source file's text with LF line ends."""
    return (SOURCES / name).read_text(encoding="utf-8").replace("\r\n", "\n")


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def build_gb18030() -> bytes:
    return crlf(read_source("shangqiu_gb18030.txt")).encode("gb18030")


def build_big5() -> bytes:
    return read_source("xinyang_big5.txt").encode("big5")


def build_utf16() -> bytes:
    return b"\xff\xfe" + crlf(read_source("utf16_notice.txt")).encode("utf-16-le")


def build_bom_markdown() -> bytes:
    lines = read_source("mixed_utf8_bom.md").split("\n")
    ends = ["\n" if line.startswith("|") else "\r\n" for line in lines]
    ends[-1] = ""  # the source ends with a newline, so the last element is empty
    return b"\xef\xbb\xbf" + "".join(l + e for l, e in zip(lines, ends)).encode("utf-8")


def _set_fonts(run, east_asian: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asian)


def build_docx() -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    props = doc.core_properties
    props.author = "市创文办"
    props.last_modified_by = "市创文办"
    props.title = ""
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME

    section = doc.sections[0]
    table_rows: list[list[str]] = []

    def flush_table() -> None:
        if not table_rows:
            return
        table = doc.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        table.style = "Table Grid"
        for r, cells in enumerate(table_rows):
            for c, value in enumerate(cells):
                cell_par = table.cell(r, c).paragraphs[0]
                _set_fonts(cell_par.add_run(value), BODY_FONT, 12, bold=(r == 0))
        table_rows.clear()

    for line in read_source("binzhou_push.txt").split("\n"):
        if not line.strip():
            continue
        if line.startswith("|"):
            table_rows.append(line.strip("|").split("|"))
            continue
        flush_table()
        if line.startswith("!header "):
            par = section.header.paragraphs[0]
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_fonts(par.add_run(line[len("!header "):]), BODY_FONT, 10.5)
        elif line.startswith("!footer "):
            par = section.footer.paragraphs[0]
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_fonts(par.add_run(line[len("!footer "):]), BODY_FONT, 10.5)
        elif line.startswith("# "):
            par = doc.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_fonts(par.add_run(line[2:]), TITLE_FONT, 22, bold=True)
        elif line.startswith("@ "):
            par = doc.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_fonts(par.add_run(line[2:]), "楷体_GB2312", 16)
        elif line.startswith("## "):
            par = doc.add_heading(level=2)
            _set_fonts(par.add_run(line[3:]), "黑体", 16, bold=True)
        else:
            par = doc.add_paragraph()
            par.paragraph_format.first_line_indent = Pt(32)
            _set_fonts(par.add_run(line), BODY_FONT, 16)
    flush_table()

    raw = io.BytesIO()
    doc.save(raw)
    return _normalize_zip(raw.getvalue())


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry timestamps and attributes, keeping entry order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


BUILDERS = {
    "shangqiu_gb18030.txt": build_gb18030,
    "xinyang_big5.txt": build_big5,
    "utf16_notice.txt": build_utf16,
    "mixed_utf8_bom.md": build_bom_markdown,
    "binzhou_push.docx": build_docx,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    args = parser.parse_args(argv)
    stale = []
    for name, build in BUILDERS.items():
        data = build()
        target = CORPUS / name
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                stale.append(name)
        else:
            CORPUS.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(f"wrote {target.relative_to(HERE.parent)} ({len(data)} bytes)")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
