"""Meetings: the meeting a document records (name, type, date, city) and the others it mentions.

A meeting name is a stretch of text ending in a meeting type (推进会, 动员大会 …, from
loaders/data/meetings.yaml). The recorded meeting is the one in the heading (在…上的讲话) or
the one the text says is held (召开, 举行); the others are `other_meetings`.
Ingestion may already have put the meeting, date and kind in doc.meta; those win.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from graph.bundle import GraphBundle, NodeRef
from loaders.datafiles import load_data
from loaders.document import Document
from loaders.extract.common import evidence_at
from loaders.extract.places import add_city, analyse, find_places

HAN = "\u3400-\u9fff"
_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:上午|下午|晚上|晚)?")


@lru_cache(maxsize=1)
def _data() -> dict:
    return load_data("meetings.yaml")


@dataclass(frozen=True)
class MeetingMention:
    start: int
    end: int
    name: str
    type: str
    held: bool  # the text says this meeting is held / is the occasion of the speech


def meeting_type(name: str) -> str | None:
    """The type a meeting name ends with; a joint meeting keeps both heads (表彰暨动员大会)."""
    types = sorted(_data()["types"], key=len, reverse=True)
    found = next((t for t in types if name.endswith(t)), None)
    if found and "暨" in name:
        before = name.split("暨")[0]
        head = next((h for h in _data()["type_heads"] if before.endswith(h)), None)
        if head:
            return f"{head}暨{found}"
    return found


def find_meetings(text: str) -> list[MeetingMention]:
    types = sorted(_data()["types"], key=len, reverse=True)
    cuts = sorted(_data()["cut_after"], key=len, reverse=True)
    leading = sorted(_data()["strip_leading"], key=len, reverse=True)
    result = []
    for m in re.finditer(f"(?:{'|'.join(map(re.escape, types))})", text):
        end = m.end()
        start = end
        while start > 0 and (re.match(f"[{HAN}“”]", text[start - 1])) and end - start < 45:
            start -= 1
        name = text[start:end]
        for word in cuts:  # 今天我们召开全市…推进会 -> 全市…推进会
            idx = name.rfind(word)
            if idx >= 0 and len(name) - idx - len(word) >= 3:
                name = name[idx + len(word):]
        for word in leading:
            if name.startswith(word) and len(name) - len(word) >= 2:
                name = name[len(word):]
        if name.startswith("“") and "”" not in name:
            name = name[1:]
        elif name.endswith("“"):
            name = name[:-1]
        start = end - len(name)
        if len(name) < 4 or name in types:
            continue
        after = text[end:end + 12]
        before = text[max(0, start - 12):start]
        held = bool(re.match(r"(?:上的讲话|上的发言|在.{0,8}(?:召开|举行)|召开|举行|隆重召开|隆重举行)", after)) or \
            bool(re.search(r"(?:召开|举行|在)$", before)) and not re.search(r"[北京]在$", before)
        mtype = meeting_type(name)
        if mtype:
            result.append(MeetingMention(start, end, name, mtype, held))
    return result


def find_date(text: str, other_meetings: list[MeetingMention] = ()) -> dict:
    """The first full date in the opening of the text, as {"text", "iso"} (iso only with a written year).

    A date in the sentence of another meeting (11月20日，…在北京召开…表彰大会) is that meeting's date.
    """
    for m in _DATE.finditer(text[:800]):
        end = min((text.find(c, m.end()) for c in "。\n" if text.find(c, m.end()) >= 0), default=len(text))
        if any(m.end() <= o.start < end for o in other_meetings):
            continue
        iso = None
        if m.group(1):
            iso = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        return {"text": m.group(0), "iso": iso}
    return {"text": None, "iso": None}


@dataclass
class Meetings:
    main: MeetingMention | None
    others: list[dict]
    date: dict


def analyse_meetings(doc: Document) -> Meetings:
    cache = doc.__dict__.setdefault("_cckg", {})
    if "meetings" in cache:
        return cache["meetings"]
    text = doc.text
    found = find_meetings(text)
    # The name written before its verb (X在…召开) is the fullest form; then any held meeting.
    main = next((m for m in found if m.held and m.start < 1500 and re.match(r"(?:在[^。，,]{0,12})?(?:隆重)?(?:召开|举行)|上的讲话", text[m.end:m.end + 16])), None) or \
        next((m for m in found if m.held and m.start < 1500), None) or (found[0] if found and found[0].start < 400 else None)
    others_held = [m for m in found if m is not main and m.held and (main is None or m.name != main.name)]
    date = {"text": doc.meta.get("date_text"), "iso": doc.meta.get("date_iso")} if doc.meta.get("date_text") \
        else find_date(text, others_held)
    others, seen = [], {main.name} if main else set()
    for m in found:
        if m is main or m.name in seen or not m.held:
            continue
        seen.add(m.name)
        sentence_start = max(text.rfind(c, 0, m.start) for c in "。\n；") + 1
        sentence = text[sentence_start:m.end]
        dates = list(_DATE.finditer(sentence))
        places = [p for p in find_places(sentence) if p.how == "name"]
        others.append({"name": m.name, "type": m.type, "date_text": dates[-1].group(0) if dates else None,
                       "place": sentence[places[-1].start:places[-1].end] if places else None})
    result = Meetings(main, others, date)
    cache["meetings"] = result
    return result


def gold(doc: Document) -> dict:
    """The gold-schema fields of this family: "meeting" (one object or None) and "other_meetings"."""
    main = analyse_meetings(doc).main
    if main is not None:
        meeting = {"name": main.name, "type": main.type}
    elif doc.meta.get("meeting_name") or doc.meta.get("meeting_type"):  # ingestion's reading as fallback
        meeting = {"name": doc.meta.get("meeting_name"), "type": doc.meta.get("meeting_type")}
    else:
        meeting = None
    return {"meeting": meeting, "other_meetings": analyse_meetings(doc).others}


def meeting_ref(doc: Document, bundle: GraphBundle, always: bool = False) -> NodeRef | None:
    """The Meeting node the document records (with RECORDS and HELD_IN edges).

    always (bool): when no meeting is named, still record the document's unnamed meeting (people
        presided over or spoke at something), keyed by the document; otherwise return None.
    """
    meeting = gold(doc)["meeting"]
    if not meeting or not (meeting.get("name") or meeting.get("type")):
        if not always:
            return None
        meeting = {"name": None, "type": None}
    meetings = analyse_meetings(doc)
    city = analyse(doc).city
    date = meetings.date
    name = meeting.get("name") or meeting.get("type") or doc.meta.get("title") or f"meeting of {doc.part} {doc.doc_id}"
    basis = f"{city.adcode if city else ''}|{meeting.get('type')}|{date.get('iso') or date.get('text') or doc.doc_id}|{name}"
    key = hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
    pos = meetings.main.start if meetings.main else 0
    evidence = [evidence_at(doc, pos, pos + 1)]
    ref = bundle.add_node("Meeting", key, {"name": name, "type": meeting.get("type"), "date_text": date.get("text"),
                                           "date_iso": date.get("iso"), "city": city.adcode if city else None}, evidence)
    bundle.add_edge("RECORDS", ("Document", doc.doc_id), ref, evidence=evidence)
    if city is not None:
        bundle.add_edge("HELD_IN", ref, add_city(bundle, city), evidence=evidence)
    return ref


class MeetingExtractor:
    """Adds the Meeting a document records, with RECORDS and HELD_IN edges."""

    name = "meetings"

    def __call__(self, doc: Document, bundle: GraphBundle) -> None:
        meeting_ref(doc, bundle)
