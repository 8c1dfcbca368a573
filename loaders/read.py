"""Reading files of any format and encoding a Chinese user meets into text.

The encoding is detected from the bytes (BOM first, then charset-normalizer),
never from the file name.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# The detector names the narrowest charset that fits; decode with its superset so
# characters outside the narrow set (common in names) survive.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs", "ascii": "utf-8"}


class UnreadableFile(Exception):
    """A file that cannot be loaded; `reason` is one line for the load report."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class SourceText:
    path: str
    file_id: str  # sha1 of the bytes
    size: int
    format: str  # text | html | docx | pdf
    encoding: str
    text: str
    title: str | None = None
    date: str | None = None


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode text bytes; returns (text, encoding name)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec).lstrip("\ufeff"), codec
    if b"\x00" in data[:4096]:
        guess = _utf16_without_bom(data)
        if guess:
            return guess
        raise UnreadableFile(path, "binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise UnreadableFile(path, "no text encoding fits these bytes (binary or corrupt)")
    codec = _SUPERSETS.get(best.encoding.lower(), best.encoding)
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as exc:
        raise UnreadableFile(path, f"bytes are not valid {codec} at offset {exc.start}") from exc


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    even_nuls = data[0:4096:2].count(0)
    odd_nuls = data[1:4096:2].count(0)
    codec = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch.isspace() for ch in text[:2000])
    return (text, codec) if printable > 0.95 * min(len(text), 2000) else None


def read_file(path: Path | str) -> SourceText:
    """Read one file into text; raises UnreadableFile with the reason."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except PermissionError as exc:
        raise UnreadableFile(path, "permission denied") from exc
    except IsADirectoryError as exc:
        raise UnreadableFile(path, "is a directory") from exc
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise UnreadableFile(path, "empty file")
    file_id = hashlib.sha1(data).hexdigest()[:16]
    suffix = path.suffix.lower()
    if suffix == ".docx" or data.startswith(b"PK\x03\x04"):
        text, title = _read_docx(data, path)
        return SourceText(str(path), file_id, len(data), "docx", "docx", text, title)
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return SourceText(str(path), file_id, len(data), "pdf", "pdf", _read_pdf(data, path))
    text, encoding = decode_bytes(data, path)
    if suffix in HTML_SUFFIXES or text.lstrip()[:200].lower().startswith(("<!doctype html", "<html")):
        body, title, date = _read_html(text, path)
        return SourceText(str(path), file_id, len(data), "html", encoding, body, title, date)
    return SourceText(str(path), file_id, len(data), "text", encoding, text)


def _read_docx(data: bytes, path: Path) -> tuple[str, str | None]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken archive
        raise UnreadableFile(path, f"corrupt .docx ({type(exc).__name__})") from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append("\t".join(cell.text for cell in row.cells))
    text = "\n".join(paragraphs)
    if not text.strip():
        raise UnreadableFile(path, ".docx holds no text")
    return text, document.core_properties.title or None


def _read_pdf(data: bytes, path: Path) -> str:
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:  # pypdf raises many kinds for a broken file
        raise UnreadableFile(path, f"corrupt PDF ({type(exc).__name__})") from exc
    if not text.strip():
        raise UnreadableFile(path, "PDF has no text layer (a scan?); run OCR first")
    return text


def _read_html(html: str, path: Path) -> tuple[str, str | None, str | None]:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, include_comments=False, include_tables=True,
                                            favor_precision=True, with_metadata=True)
    if extracted is None or not (extracted.text or "").strip():
        raise UnreadableFile(path, "HTML page holds no main text")
    return extracted.text, extracted.title, extracted.date


def iter_paths(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Files under the given paths, recursively, each real file once (symlink loops end)."""
    seen: set[tuple[int, int]] = set()

    def visit(path: Path) -> Iterator[Path]:
        try:
            st = path.stat()
        except OSError:
            yield path  # let read_file report it
            return
        ident = (st.st_dev, st.st_ino)
        if ident in seen:
            return
        seen.add(ident)
        if path.is_dir():
            try:
                children = sorted(os.scandir(path), key=lambda e: e.name)
            except OSError:
                yield path
                return
            for child in children:
                if child.name.startswith("."):
                    continue
                child_path = Path(child.path)
                if child_path.is_dir() or child_path.suffix.lower() in SUPPORTED:
                    yield from visit(child_path)
        else:
            yield path

    for item in inputs:
        yield from visit(Path(item))
