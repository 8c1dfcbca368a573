"""Organizations: named bodies (中央文明委, 市文明办, 创城办, 市城管局, 交警大队 …), kept as written.

Recognition follows loaders/data/organizations.yaml: national bodies by name, and local bodies by
their endings (…局, …办, …指挥部, …大队) with the stem in front of the ending, back to a level word
(市, 区, 旗 …) or a place name. Party committees and governments (市委, 市政府) count only when they
act in their own right, not when a title head follows (市委书记).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.bundle import GraphBundle
from loaders.datafiles import load_data
from loaders.document import Document
from loaders.extract.common import automaton, evidence_at, longest_matches

# Characters that cannot be inside a body's name: they end the stem looking left.
_STEM_STOP = re.compile(r"[^\u4e00-\u9fff（）()]|[的和与及在对由向了是为把将等要请各、让使从被给并或以其]")
# A title head right after an actor body makes it part of a title (市委书记, 市政府副市长).
_TITLE_AFTER = re.compile(r"(?:常务)?副?(?:书记|常委|委员|主任|秘书长|主席|市长|区长|县长|旗长|州长|盟长|省长|部长|局长|"
                          r"组长|党组|办公室|宣传部|组织部|统战部|政法委|督查室|副)")


@dataclass(frozen=True)
class OrgMention:
    start: int
    end: int
    name: str


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    data = load_data("organizations.yaml")
    national = {}
    for body in data["national_bodies"]:
        for form in (body["name"], body.get("full_name"), *(body.get("aliases") or ())):
            if form:
                national[form] = body["name"]
    suffixes = {s["suffix"]: bool(s.get("standalone")) for s in data["suffixes"]}
    for body in data["local_bodies"]:
        suffixes.setdefault(body["name"], True)
    actors = set(data["actor_only_bodies"])
    extra = load_data("organization_grammar.yaml")
    excl = data.get("exclusions") or {}
    return {
        "national": automaton(national),
        "suffixes": automaton({s: standalone for s, standalone in suffixes.items()}),
        "levels": tuple(sorted(data["level_prefixes"], key=len, reverse=True)),
        "actors": automaton({a: a for a in actors}),
        "actor_names": frozenset(actors),
        "exclude_forms": frozenset(excl.get("forms") or ()),
        "not_bodies": tuple(extra["not_bodies"]),
        "needs_level": frozenset(extra["needs_level"]),
        "exclude_patterns": tuple(re.compile(p) for p in excl.get("patterns") or ()),
    }


def _stem_start(text: str, start: int, standalone: bool) -> int | None:
    """Where a local body's name begins, looking left from its ending at `start`."""
    lo = start
    while lo > 0 and start - lo < 14 and not _STEM_STOP.match(text[lo - 1]):
        lo -= 1
    window = text[lo:start]
    if not window:
        return start if standalone else None
    from loaders.extract.places import find_places

    places = find_places(window)
    if places:
        first = places[0].start
        # 中共焦作市委: a party or national prefix right before the place belongs to the name
        for prefix in ("中共", "中国共产党"):
            if window[:first].endswith(prefix):
                first -= len(prefix)
        return lo + first
    levels = _lexicon()["levels"]
    for i in range(len(window)):
        if window.startswith(levels, i) and (i == 0 or window[i - 1] not in "市区县"):
            if window[i] in "区县旗" and i >= 2:
                return lo + i - 2  # a district or county named by its short form (解放区城管局)
            return lo + i
    if standalone:
        return start
    return max(lo, start - 3) if len(window) >= 2 else None


def _opens_with_level(name: str) -> bool:
    from loaders.extract.places import find_places

    places = find_places(name)
    return name.startswith(_lexicon()["levels"]) or bool(places and places[0].start == 0)


def _excluded(name: str) -> bool:
    lex = _lexicon()
    return name in lex["exclude_forms"] or any(p.fullmatch(name) for p in lex["exclude_patterns"])


def find_organizations(text: str) -> list[OrgMention]:
    """Named bodies in order of mention, each as written (national bodies by their canonical name)."""
    lex = _lexicon()
    found: list[OrgMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    for s, e, _w, name in longest_matches(lex["national"], text):
        if _TITLE_AFTER.match(text, e):
            continue
        found.append(OrgMention(s, e, name))
        taken.append((s, e))
    for s, e, word, standalone in longest_matches(lex["suffixes"], text):
        if not free(s, e):
            continue
        begin = _stem_start(text, s, standalone)
        if begin is None:
            continue
        name = text[begin:e]
        if len(name) < 2 or _excluded(name) or not free(begin, e) or name.endswith(lex["not_bodies"]):
            continue
        if word in lex["needs_level"] and not _opens_with_level(name):
            continue
        if name in lex["actor_names"] and _TITLE_AFTER.match(text, e):
            continue  # 市委书记: a title, not the committee acting
        found.append(OrgMention(begin, e, name))
        taken.append((begin, e))
    for s, e, _w, name in longest_matches(lex["actors"], text):
        if free(s, e) and not _TITLE_AFTER.match(text, e):
            found.append(OrgMention(s, e, name))
            taken.append((s, e))
    found.sort(key=lambda m: m.start)
    return found


class OrganizationExtractor:
    """Organization nodes and Document-NAMES_ORG->Organization, each with its sentence."""

    name = "organizations"

    def __call__(self, doc: Document, bundle: GraphBundle) -> None:
        doc_ref = ("Document", doc.doc_id)
        for mention in find_organizations(doc.text):
            evidence = [evidence_at(doc, mention.start, mention.end)]
            ref = bundle.add_node("Organization", mention.name, {}, evidence)
            bundle.add_edge("NAMES_ORG", doc_ref, ref, evidence=evidence)


def gold(doc: Document) -> dict[str, list]:
    """{"organizations": names as written, once each, in first-mention order}."""
    names: list[str] = []
    for mention in find_organizations(doc.text):
        if mention.name not in names:
            names.append(mention.name)
    return {"organizations": names}
