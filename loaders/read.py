"""Reading files of any format and encoding a Chinese user meets into text.

The encoding is detected from the bytes (BOM first, then charset-normalizer),
never from the file name.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import charset_normalizer

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# Files larger than this are reported, not loaded: a speech compilation is well under 1 MB, and the
# cleaning map costs about 12 bytes per character. Raise it with CCKG_MAX_FILE_MB.
DEFAULT_MAX_MB = 10.0
# Magic numbers of binary formats users drop in beside their texts.
_MAGIC = ((b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
          (b"\x1f\x8b", "gzip archive"), (b"7z\xbc\xaf", "7z archive"), (b"Rar!", "RAR archive"),
          (b"\x7fELF", "executable"), (b"MZ", "Windows executable"), (b"\xd0\xcf\x11\xe0", "old Office file (.doc/.xls); save it as .docx"),
          (b"{\\rtf", "RTF document; save it as .docx or .txt"), (b"ID3", "MP3 audio"), (b"\x00\x00\x00", "binary data"))
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
    warnings: tuple[str, ...] = ()  # loaded, but the user should know (a truncated last character …)


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode text bytes; returns (text, encoding name). See `decode_text` for warnings."""
    text, encoding, _ = decode_text(data, path)
    return text, encoding


def decode_text(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode text bytes, detecting the encoding from the bytes.

    data (bytes): the file's bytes.
    path (Path | str): for error messages.
    RETURNS (tuple): text, encoding name, warnings (damage that was repaired).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_tolerant(data, codec, path)
    if b"\x00" in data[:4096]:
        guess = _utf16_without_bom(data)
        if guess:
            return guess[0], guess[1], []
        raise UnreadableFile(path, "binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        # A file that is UTF-8 except for a cut-off last character, or a few damaged bytes, stays UTF-8.
        bad = data.decode("utf-8", errors="replace").count("\ufffd")
        if exc.start >= len(data) - 3 or bad <= max(3, len(data) // 5000):
            return _decode_tolerant(data, "utf-8", path)
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise UnreadableFile(path, "no text encoding fits these bytes (binary or corrupt)")
    codec = _SUPERSETS.get(best.encoding.lower(), best.encoding)
    if codec.replace("_", "").lower() not in _CHINESE_CODECS and _looks_binary(str(best)):
        raise UnreadableFile(path, f"binary content, not text (best guess {codec} makes no sense)")
    text, codec, warnings = _decode_tolerant(data, codec, path)
    if _looks_binary(text):
        raise UnreadableFile(path, "binary content, not text")
    return text, codec, warnings


_CHINESE_CODECS = {"gb18030", "big5hkscs", "big5", "gbk", "gb2312", "utf8", "utf-8", "utf16", "hz"}


# Control characters (other than tab, newlines, form feed and the DOS end-of-file mark) and private-use ones.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f-\x9f\ue000-\uf8ff]")


def _looks_binary(text: str) -> bool:
    sample = text[:20_000]
    if not sample:
        return False
    return len(_CONTROL.findall(sample)) > 0.02 * len(sample)


def _decode_tolerant(data: bytes, codec: str, path: Path | str) -> tuple[str, str, list[str]]:
    try:
        return data.decode(codec).lstrip("\ufeff"), codec, []
    except UnicodeDecodeError as exc:
        text = data.decode(codec, errors="replace").lstrip("\ufeff")
        bad = text.count("\ufffd")
        if exc.start >= len(data) - 3 and bad == 1:
            return text.rstrip("\ufffd"), codec, [f"truncated: the last character is cut off ({len(data) - exc.start} byte(s) dropped)"]
        if bad <= max(3, len(text) // 5000):
            return text, codec, [f"{bad} damaged byte sequence(s) replaced by \ufffd (first at byte {exc.start})"]
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


def max_file_bytes() -> int:
    return int(float(os.environ.get("CCKG_MAX_FILE_MB", DEFAULT_MAX_MB)) * 1024 * 1024)


def file_id_of(data: bytes | BinaryIO) -> str:
    """A file's id: the SHA-1 of its bytes (16 hex digits), so a file moved or renamed keeps it."""
    digest = hashlib.sha1(data) if isinstance(data, bytes) else hashlib.file_digest(data, "sha1")
    return digest.hexdigest()[:16]


def file_id_at(path: Path | str) -> str | None:
    """The id of the file at `path` (read in pieces), or None when it cannot be read."""
    try:
        with Path(path).open("rb") as fh:
            return file_id_of(fh)
    except OSError:
        return None


def read_file(path: Path | str, max_bytes: int | None = None) -> SourceText:
    """Read one file into text; raises UnreadableFile with a one-line reason.

    path (Path | str): a .txt/.md (any encoding), .html, .docx or .pdf file.
    max_bytes (int): larger files are refused (default CCKG_MAX_FILE_MB, 10 MB).
    RETURNS (SourceText): the text, its format, detected encoding and any warnings.
    """
    path = Path(path)
    limit = max_file_bytes() if max_bytes is None else max_bytes
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            kind = "a directory" if stat.S_ISDIR(st.st_mode) else "not a regular file (pipe, socket or device)"
            raise UnreadableFile(path, kind)
        if st.st_size > limit:
            raise UnreadableFile(path, f"too large: {st.st_size / 2**20:.1f} MB (limit {limit / 2**20:.0f} MB; "
                                       f"set CCKG_MAX_FILE_MB to raise it)")
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except PermissionError as exc:
        raise UnreadableFile(path, "permission denied") from exc
    except IsADirectoryError as exc:
        raise UnreadableFile(path, "is a directory") from exc
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise UnreadableFile(path, "empty file")
    file_id = file_id_of(data)
    suffix = path.suffix.lower()
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        text, title = _read_docx(data, path)
        return SourceText(str(path), file_id, len(data), "docx", "docx", text, title)
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return SourceText(str(path), file_id, len(data), "pdf", "pdf", _read_pdf(data, path))
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise UnreadableFile(path, f"binary content ({what}), not text")
    if suffix not in SUPPORTED:
        raise UnreadableFile(path, f"unsupported file type '{suffix}' (cckg reads .txt .md .html .docx .pdf)")
    text, encoding, warnings = decode_text(data, path)
    if suffix in HTML_SUFFIXES or text.lstrip()[:200].lower().startswith(("<!doctype html", "<html")):
        body, title, date = _read_html(text, path)
        return SourceText(str(path), file_id, len(data), "html", encoding, body, title, date, tuple(warnings))
    if not text.strip():
        raise UnreadableFile(path, "no text (only whitespace)")
    return SourceText(str(path), file_id, len(data), "text", encoding, text, warnings=tuple(warnings))


def _read_docx(data: bytes, path: Path) -> tuple[str, str | None]:
    import docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise UnreadableFile(path, "zip archive, not a .docx (unpack it and load the files inside)")
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(path, "corrupt .docx (not a complete zip archive)") from exc
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
    from trafilatura.settings import set_date_params

    # The date from the page's date tags and markup only: htmldate's extensive search through the
    # page's text costs ~170 ms a page and turns a year it finds there into a wrong date (2013-01-01).
    extracted = trafilatura.bare_extraction(html, include_comments=False, include_tables=True,
                                            favor_precision=True, with_metadata=True,
                                            date_extraction_params=set_date_params(extensive=False))
    if extracted is None or not (extracted.text or "").strip():
        raise UnreadableFile(path, "HTML page holds no main text")
    return extracted.text, extracted.title, extracted.date


def iter_paths(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Files under the given paths, recursively, each real file once (symlink loops end).

    Hidden files and directories (.git …) are passed over; every other file is
    yielded, so `read_file` can report the ones it cannot load.
    """
    seen: set[tuple[int, int]] = set()

    def visit(path: Path) -> Iterator[Path]:
        try:
            st = path.stat()
        except OSError:
            yield path  # a dangling link or a symlink loop: let read_file report it
            return
        ident = (st.st_dev, st.st_ino)
        if ident in seen:
            return
        seen.add(ident)
        if stat.S_ISDIR(st.st_mode):
            try:
                children = sorted(os.scandir(path), key=lambda e: e.name)
            except OSError:
                yield path
                return
            for child in children:
                if not child.name.startswith("."):
                    yield from visit(Path(child.path))
        else:
            yield path

    for item in inputs:
        yield from visit(Path(item))
