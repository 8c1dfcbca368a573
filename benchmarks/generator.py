"""A seeded generator of realistic campaign documents, for benchmarks.

Documents are assembled from our own templates and word lists
(benchmarks/data/*.yaml) and real place names from the gazetteer: speeches,
news reports and notices of 2,000 to 20,000 characters, in Simplified or
Traditional script, with the junk and artifacts of real files (web page
chrome, rows of ★, converter pinyin glosses, masked years, XX市
placeholders, compilations of several speeches), saved as UTF-8, GB18030,
Big5, UTF-16, HTML pages and .docx.

Document i depends only on (seed, i), so a corpus of 2,000 documents is the
first 2,000 of a corpus of 20,000, and the same seed gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import random
import re
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
MIN_CHARS, MAX_CHARS = 2_000, 20_000
FILES_PER_DIR = 1_000
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class GeneratedDoc:
    name: str  # file name, with suffix
    text: str  # the document's text as a reader would see it (before encoding / page chrome)
    data: bytes  # the file's bytes
    kind: str  # speech | news | notice | compilation
    script: str  # simplified | traditional
    encoding: str  # utf-8 | utf-8-sig | gb18030 | big5 | utf-16 | html | docx
    city: str  # adcode of the document's city


@lru_cache(maxsize=1)
def _data() -> tuple[dict, dict]:
    lexicon = yaml.safe_load((DATA / "lexicon.yaml").read_text(encoding="utf-8"))
    templates = yaml.safe_load((DATA / "templates.yaml").read_text(encoding="utf-8"))
    return lexicon, templates


@lru_cache(maxsize=1)
def _prefectures() -> tuple[tuple, ...]:
    """(prefecture unit, its county-level units) for every prefecture with counties."""
    from loaders.gazetteer import units

    children: dict[str, list] = {}
    for unit in units():
        if unit.parent_adcode:
            children.setdefault(unit.parent_adcode, []).append(unit)
    return tuple((u, tuple(children[u.adcode])) for u in units()
                 if u.level == "prefecture" and u.name.endswith("市") and children.get(u.adcode))


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2tw")  # Taiwan forms (群眾為) fit Big5


class _Filler:
    """Fills template slots for one document, drawing fresh values per slot."""

    def __init__(self, rng: random.Random, lexicon: dict, masked_year: bool, placeholder: bool) -> None:
        self.rng, self.lex = rng, lexicon
        prefecture, counties = rng.choice(_prefectures())
        self.adcode = prefecture.adcode
        self.full_city = "XX市" if placeholder else prefecture.name
        self.short_city = prefecture.short_name
        self.province = prefecture.province
        self.counties = [c.name for c in counties]
        self.year = "20__" if masked_year else str(rng.randint(2012, 2025))
        self.campaign = rng.choice(lexicon["campaigns"][:3]) if rng.random() < 0.8 else rng.choice(lexicon["campaigns"])
        self.cverb = rng.choice(lexicon["campaign_verbs"])
        self.meeting = rng.choice(lexicon["meeting_types"])
        self.people = [(rng.choice(lexicon["titles"]), self._name()) for _ in range(rng.randint(2, 5))]
        self.focus_tactics = rng.sample(lexicon["tactics"], 6)

    def _name(self) -> str:
        given = "".join(self.rng.choice(self.lex["given_chars"]) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(self.lex["surnames"]) + given

    def fill(self, template: str) -> str:
        person, other = self.rng.sample(self.people, 2)
        metric, unit = self.rng.choice(self.lex["metrics"])
        fixed = {"title": person[0], "official": person[1], "title2": other[0], "official2": other[1],
                 "metric": metric, "unit": unit}
        return _SLOT.sub(lambda m: fixed.get(m.group(1)) or self._slot(m.group(1)), template)

    def _slot(self, name: str) -> str:
        rng, lex = self.rng, self.lex
        match name:
            case "full_city":
                return self.full_city
            case "city":
                return self.short_city
            case "province":
                return self.province
            case "district" | "district2":
                return rng.choice(self.counties)
            case "campaign":
                return self.campaign
            case "cverb":
                return self.cverb
            case "meeting":
                return self.meeting
            case "tactic" | "tactic2":
                return rng.choice(self.focus_tactics) if rng.random() < 0.7 else rng.choice(lex["tactics"])
            case "org":
                return rng.choice(lex["organizations"])
            case "pub":
                return rng.choice(lex["publications"])
            case "place":
                return rng.choice(lex["places_in_city"])
            case "problem":
                return rng.choice(lex["problems"])
            case "edition":
                return rng.choice(lex["honour_editions"])
            case "year":
                return self.year
            case "month":
                return str(rng.randint(1, 12))
            case "day":
                return str(rng.randint(1, 28))
            case "small":
                return str(rng.randint(2, 9))
            case "value" | "value2":
                return rng.choice((str(rng.randint(12, 3000)), f"{rng.uniform(60, 99.9):.1f}"))
            case "name":
                return self._name()
            case "number":
                return str(rng.randint(100, 99999))
        raise KeyError(f"unknown template slot {{{name}}}")


def _speech_body(rng: random.Random, filler: _Filler, templates: dict, kind: str, target: int) -> str:
    lines = [filler.fill(rng.choice(templates["headline"][kind]))]
    lines += [filler.fill(t) for t in templates["opening"][kind]]
    heads = list(templates["section_heads"])
    length = sum(map(len, lines))
    closing = [filler.fill(t) for t in templates["closing"][kind]]
    length += sum(map(len, closing))
    indent = "　　" if rng.random() < 0.4 else ""
    while length < target:
        if kind == "speech" and heads and rng.random() < 0.25:
            lines.append(filler.fill(heads.pop(0)))
        paragraph = "".join(filler.fill(rng.choice(templates["body"])) for _ in range(rng.randint(2, 6)))
        lines.append(indent + paragraph)
        length += len(lines[-1]) + 1
    return "\n".join(lines + closing)


def _add_junk(rng: random.Random, filler: _Filler, lexicon: dict, text: str) -> str:
    junk = lexicon["web_junk"]
    head = [filler.fill(j) for j in rng.sample(junk, rng.randint(1, 3))]
    tail = [filler.fill(j) for j in rng.sample(junk, rng.randint(2, 5))]
    return "\n".join(head + [text] + tail)


def _add_pinyin_glosses(rng: random.Random, lexicon: dict, text: str) -> str:
    table = lexicon["pinyin"]
    return "".join(f"{ch}({table[ch]})" if ch in table and rng.random() < 0.3 else ch for ch in text)


def _html_page(rng: random.Random, title: str, text: str) -> str:
    paragraphs = "\n".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
    nav = "".join(f'<li><a href="/c{i}.html">栏目{i}</a></li>' for i in range(rng.randint(5, 12)))
    # Most government pages carry their date in a meta tag; some do not.
    meta = (f'<meta name="PubDate" content="{rng.randint(2012, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}">'
            if rng.random() < 0.7 else "")
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">{meta}<title>{title}</title>"
            f"<script>var _stat = {{id: {rng.randint(1000, 9999)}}};</script></head>\n"
            f"<body><div class=\"nav\"><ul>{nav}</ul></div>\n<div class=\"article\"><h1>{title}</h1>\n"
            f"{paragraphs}\n</div><div class=\"footer\">版权所有 网站标识码{rng.randint(10**9, 10**10)}</div>"
            "</body></html>\n")


def _docx_bytes(title: str, text: str) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.core_properties.created = document.core_properties.modified = datetime(2024, 1, 1)
    buffer = io.BytesIO()
    document.save(buffer)
    # Same bytes for the same seed: zip entries carry the time they were written.
    fixed = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0)), src.read(info))
    return fixed.getvalue()


def _encode(rng: random.Random, script: str, title: str, text: str) -> tuple[str, bytes, str]:
    """(encoding label, bytes, suffix) for a document's text."""
    r = rng.random()
    choices = ([(0.70, "utf-8"), (0.82, "gb18030"), (0.87, "utf-16"), (0.91, "utf-8-sig"), (0.97, "html")]
               if script == "simplified" else [(0.65, "utf-8"), (0.85, "big5"), (0.92, "utf-16"), (0.97, "html")])
    encoding = next((enc for limit, enc in choices if r < limit), "docx")
    if encoding == "html":
        return encoding, _html_page(rng, title, text).encode("utf-8"), ".html"
    if encoding == "docx":
        return encoding, _docx_bytes(title, text), ".docx"
    try:
        return encoding, text.encode(encoding), ".txt"
    except UnicodeEncodeError:  # a character outside Big5: such files are saved as UTF-8
        return "utf-8", text.encode("utf-8"), ".txt"


def _document_text(rng: random.Random, filler: _Filler, templates: dict, kind: str, target: int) -> str:
    if kind != "compilation":
        return _speech_body(rng, filler, templates, kind, target)
    parts = rng.randint(2, 4)
    return "\n\n".join(f"篇{i + 1}\n" + _speech_body(rng, filler, templates, "speech", target // parts)
                       for i in range(parts))


def generate_document(index: int, seed: int = 0) -> GeneratedDoc:
    """Document number `index` of the corpus with this seed (independent of every other document)."""
    rng = random.Random(f"cckg-bench:{seed}:{index}")
    lexicon, templates = _data()
    filler = _Filler(rng, lexicon, masked_year=rng.random() < 0.08, placeholder=rng.random() < 0.04)
    target = int(math.exp(rng.uniform(math.log(MIN_CHARS + 200), math.log(MAX_CHARS - 1_500))))
    kind = rng.choices(("speech", "news", "notice", "compilation"), (0.45, 0.35, 0.12, 0.08))[0]
    junk, script, glosses = rng.random() < 0.4, "traditional" if rng.random() < 0.3 else "simplified", rng.random() < 0.5
    while True:  # junk and glosses lengthen the text: shorten the body until the whole fits
        text = _document_text(rng, filler, templates, kind, target)
        if junk:
            text = _add_junk(rng, filler, lexicon, text)
        if script == "traditional":
            text = _s2t().convert(_add_pinyin_glosses(rng, lexicon, text) if glosses else text)
        if len(text) <= MAX_CHARS:
            break
        target = int(target * 0.9)
    title = text.split("\n", 1)[0][:60]
    encoding, data, suffix = _encode(rng, script, title, text)
    return GeneratedDoc(f"doc_{index:06d}{suffix}", text, data, kind, script, encoding, filler.adcode)


def corpus_fingerprint() -> str:
    """Changes whenever the generator or its data change (cached corpora are then rebuilt)."""
    digest = hashlib.sha1(Path(__file__).read_bytes())
    for path in sorted(DATA.glob("*.yaml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def write_corpus(out_dir: str | Path, n: int, seed: int = 0) -> list[Path]:
    """Write documents 0..n-1 under out_dir (1,000 per sub-directory); return their paths in order.

    Files already written by the same generator version and seed are kept, so a
    corpus of 20,000 extends one of 2,000.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / "manifest.json"
    stamp = {"seed": seed, "generator": corpus_fingerprint()}
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    names: list[str] = manifest.get("names", []) if {k: manifest.get(k) for k in stamp} == stamp else []
    if not names:
        for stale in out_dir.glob("part-*"):
            shutil.rmtree(stale)
    paths = []
    for i in range(n):
        sub = out_dir / f"part-{i // FILES_PER_DIR:04d}"
        if i < len(names) and (sub / names[i]).exists():
            paths.append(sub / names[i])
            continue
        doc = generate_document(i, seed)
        sub.mkdir(exist_ok=True)
        (sub / doc.name).write_bytes(doc.data)
        paths.append(sub / doc.name)
    if len(paths) > len(names):
        manifest_path.write_text(json.dumps(stamp | {"names": [p.name for p in paths]}))
    return paths


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a generated benchmark corpus.")
    parser.add_argument("out_dir")
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"{len(write_corpus(args.out_dir, args.n, args.seed))} files in {args.out_dir}")
