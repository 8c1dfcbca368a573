"""Officials and model citizens: who is named, with which titles, and what they did at the meeting.

The genre names people in a few fixed shapes, and these rules read those shapes rather than
trusting a name tagger (jieba's `nr` tag takes 隆重举行 for a name and cuts 李民生 to 李):

- title chain + name: 市委副书记、市长徐衣显主持会议; 旗委常委、政府副旗长任光飞宣读…
- list head + names: 市领导刘涛、王建修、…等出席会议; 张某、李某等在家的市级领导出席
- name + 同志: 刘航同志总结并安排部署了…
- a sentence opened by a name and a speech verb: 柳鹏指出，…
- surname or given name + title: 张书记, 昭萍主席 (partial names), resolved to a full name when
  the document has one (金书记 -> 金广军)
- descriptor + name in praise: 全国道德模范谢某、“最美医生”赵某 (model citizens, not officials)
- the speaker of a speech: a title line and a name line under the heading

Roles come from the verb attached to a person (or to a group of people joined by 、 or commas):
讲话, 主持, 出席, 宣读, 通报, 发言, 颁奖, 部署; a person with no verb is "mentioned".
All the words live in loaders/data/official_grammar.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from graph.bundle import GraphBundle
from loaders.datafiles import DATA, load_data
from loaders.document import Document
from loaders.extract.common import evidence_at
from loaders.extract.places import add_city, analyse
from loaders.gazetteer import Unit

HAN = "\u3400-\u9fff"
_IS_HAN = re.compile(f"[{HAN}]")
_SEPARATORS = set("、，, \u3000\t")
_CLAUSE_END = "，,。；;！!？?：:\n"
_SENTENCE_END = "。；;！!？?\n"
# Characters of ordinary words that never occur inside the long (ethnic) names closed by 同志.
_NOT_IN_NAMES = set("是的一了在和名女男为有这那个们会委部局办长")
ROLE_ORDER = ("讲话", "主持", "出席", "宣读", "通报", "发言", "颁奖", "部署", "mentioned")


@lru_cache(maxsize=1)
def grammar() -> dict:
    return load_data("official_grammar.yaml")


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames) from loaders/data/surnames.txt."""
    single, compound = set(grammar().get("extra_surnames") or ()), set()
    for line in (DATA / "surnames.txt").read_text(encoding="utf-8").splitlines():
        word = line.split("#")[0].strip()
        if len(word) == 1:
            single.add(word)
        elif len(word) >= 2:
            compound.add(word)
    return frozenset(single), frozenset(compound)


@lru_cache(maxsize=1)
def _common_surnames() -> frozenset[str]:
    """The most common surnames (the head of surnames.txt, which lists them by frequency)."""
    path = DATA / "surnames.txt"
    if not path.exists():
        return _surnames()[0]
    lines = [w.split("#")[0].strip() for w in path.read_text(encoding="utf-8").splitlines()]
    return frozenset([w for w in lines if len(w) == 1][:106])


@lru_cache(maxsize=1)
def _jieba_tags():
    import logging

    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    if not jieba.dt.initialized:
        jieba.dt.initialize()
    return jieba.dt.FREQ, pseg.dt.word_tag_tab


def plausible_name(name: str, long_ok: bool = False) -> bool:
    """A person's full name: 2-3 Han characters (4 with a compound surname), a known surname,
    not an ordinary word. `long_ok` admits ethnic names of up to 8 characters (乌力吉吉日嘎拉)."""
    if not name or not all(_IS_HAN.match(c) for c in name):
        return False
    single, compound = _surnames()
    if name in grammar()["not_names"]:
        return False
    if long_ok and 4 <= len(name) <= 8:
        return True
    if len(name) == 4:
        if name[:2] not in compound:
            return False
    elif len(name) in (2, 3):
        if name[0] not in single and name[:2] not in compound:
            return False
    else:
        return False
    freq, tags = _jieba_tags()
    if freq.get(name, 0) >= 100 and not str(tags.get(name, "")).startswith("nr"):
        return False
    return True


@lru_cache(maxsize=1)
def _title_core_re() -> re.Pattern[str]:
    cores = sorted(grammar()["title_cores"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, cores)))


@lru_cache(maxsize=1)
def _followers() -> tuple[str, ...]:
    g = grammar()
    words = set(g["name_followers"]) | set(g["speech_verbs"])
    for verbs in g["roles"].values():
        words |= set(verbs)
    return tuple(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _role_words() -> list[tuple[str, str | None]]:
    pairs: list[tuple[str, str | None]] = [(word, role) for role, words in grammar()["roles"].items() for word in words]
    pairs += [(word, None) for word in grammar().get("not_role_phrases") or []]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


def tail_roles(tail: str) -> list[str]:
    """Roles of the verbs after a person: role verbs anywhere in the tail, a speech verb
    (强调, 指出, 说 …) only right after the name (说 inside 作说明 is not speaking)."""
    roles = roles_in(tail)
    body = tail[2:] if tail.startswith("同志") else tail
    body = re.sub(r"^在[^，,。；]{0,8}?[上中]", "", body)  # 在会上强调, 在讲话中指出
    if body.startswith(tuple(grammar()["speech_verbs"])) and "讲话" not in roles:
        roles.insert(0, "讲话")
    return roles


@lru_cache(maxsize=1)
def _role_scanner() -> tuple[re.Pattern[str], dict[str, str | None]]:
    """The role words as one alternation, longest first (the regex takes the first alternative that
    matches, as a scan over _role_words() does), and the role of each word's first entry."""
    roles: dict[str, str | None] = {}
    for word, role in _role_words():
        roles.setdefault(word, role)
    return re.compile("|".join(re.escape(w) for w, _r in _role_words())), roles


def roles_in(text: str) -> list[str]:
    """Roles named by the verbs of a clause, leftmost-longest (作总结动员讲话 is 讲话, not 通报)."""
    text = re.sub(r"《[^》]*》", lambda m: "□" * len(m.group()), text)  # a title is not a verb (…的通报》)
    found: list[str] = []
    scanner, roles = _role_scanner()
    for m in scanner.finditer(text):
        role = roles[m.group()]
        if role is not None and role not in found:
            found.append(role)
    return found


def _followed_ok(text: str, pos: int) -> tuple[int, int]:
    """(2, length) if a follower word starts at pos, (1, 0) if a non-Han character (or the end) does,
    (0, 0) otherwise: a longer follower is stronger evidence of where the name ends (武燕|作为)."""
    if pos >= len(text) or not _IS_HAN.match(text[pos]):
        return (1, 0)
    m = _followers_re().match(text, pos)
    return (2, m.end() - pos) if m else (0, 0)


@lru_cache(maxsize=1)
def _followers_re() -> re.Pattern[str]:
    """_followers() as one alternation in the same order (the first that matches wins)."""
    return re.compile("|".join(map(re.escape, _followers())))


def name_after(text: str, pos: int) -> tuple[int, int, str] | None:
    """The name that starts at pos (after a title), as (start, end, name); a line break inside is skipped."""
    # A name broken by a line break and closed by 同志: 刘俊|杰同志.
    m = re.match(f"([{HAN}]{{1,3}})\n([{HAN}]{{1,2}})同志", text[pos:pos + 9])
    if m and plausible_name(m.group(1) + m.group(2)):
        return pos, pos + m.end() - 2, m.group(1) + m.group(2)
    best = None
    for length in (3, 2, 4):
        end = pos + length
        if end > len(text):
            continue
        candidate = text[pos:end]
        follow = _followed_ok(text, end)
        if follow[0] and plausible_name(candidate):
            if best is None or follow > best[0]:
                best = (follow, (pos, end, candidate))
    if best is not None:
        return best[1]
    # A long ethnic name, or a name broken by a line break, closed by 同志.
    m = re.match(f"([{HAN}]{{1,8}})\n?([{HAN}]{{0,7}})同志", text[pos:pos + 18])
    if m:
        candidate = m.group(1) + m.group(2)
        if _title_core_re().search(candidate) or any(c in _NOT_IN_NAMES for c in candidate):
            return None
        if (m.group(2) and len(candidate) > 4) or (not m.group(2) and len(candidate) > 3 and "\n" in m.group(0)):
            return None
        if plausible_name(candidate, long_ok=True) or plausible_name(candidate):
            return pos, pos + m.end() - 2, candidate
    return None


@dataclass
class Person:
    name: str
    start: int  # clean-text offsets of the first mention
    end: int
    titles: list[str] = field(default_factory=list)
    place: Unit | None = None
    body: str | None = None
    roles: list[str] = field(default_factory=list)
    honouree: bool = False
    description: str | None = None
    partial: bool = False
    mentions: list[tuple[int, int]] = field(default_factory=list)
    bodies: list[str | None] = field(default_factory=list)  # per title: a body above the city, or None

    def add_roles(self, roles) -> None:
        for role in roles:
            if role not in self.roles:
                self.roles.append(role)


@dataclass
class Mention:
    start: int
    end: int
    name: str
    titles: list[str]
    title_start: int  # where the title chain (or descriptor) starts
    kind: str  # title | list | comrade | speaker | leader | partial | praise | known
    descriptor: str | None = None


def _title_left(text: str, core_start: int) -> int:
    """Start of the title piece ending in a core: back over Han characters to a delimiter."""
    pos = core_start
    while pos > 0 and (_IS_HAN.match(text[pos - 1]) or text[pos - 1] in "“”\"()（）") and core_start - pos < 30:
        pos -= 1
    # Drop leading function words (请, 由, 会上 …) and any name the stretch swallowed.
    piece = text[pos:core_start]
    lead = re.match(r"^(?:请|由|经|是)(?=[\u3400-\u9fff]{2})", piece)
    if lead:
        pos += lead.end()
        piece = piece[lead.end():]
    m = re.match(r"^(?:.*?(?:请|由|是|经|会上|会议上|同时|其中|此外|还有|以及|和|与|及))(?=[市区县旗省州自中全国党])", piece)
    if m:
        pos += m.end()
    return pos


def _title_mentions(text: str) -> list[Mention]:
    """title chain + name: 市委副书记、市长徐衣显."""
    result = []
    last_end = 0
    for m in _title_core_re().finditer(text):
        if m.start() < last_end:
            continue
        found = name_after(text, m.end())
        if found is None:
            continue
        n_start, n_end, name = found
        piece_start = _title_left(text, m.start())
        titles = [text[piece_start:m.end()]]
        # Earlier titles of the chain: 市委副书记、市长…
        pos = piece_start
        while pos > 0 and text[pos - 1] == "、":
            prev_core = None
            for c in _title_core_re().finditer(text, max(0, pos - 32), pos - 1):
                if c.end() == pos - 1:
                    prev_core = c
            if prev_core is None:
                break
            prev_start = _title_left(text, prev_core.start())
            titles.insert(0, text[prev_start:pos - 1])
            pos = prev_start
        titles = [t.replace("\n", "") for t in titles if t]
        result.append(Mention(n_start, n_end, name, titles, pos, "title"))
        last_end = n_end
    return result


def _list_mentions(text: str) -> list[Mention]:
    """Bare lists of leaders: 市领导A、B、C等出席; A、B、C等在家的市级领导出席."""
    heads = sorted(grammar()["list_heads"], key=len, reverse=True)
    head_re = "|".join(map(re.escape, heads))
    name = f"[{HAN}]{{2,4}}"
    result = []
    for m in re.finditer(f"({head_re})({name}(?:、{name})*)", text):
        head = m.group(1)
        pos = m.start(2)
        items = []
        for piece in m.group(2).split("、"):
            found = name_after(text, pos)
            if found and found[2] == piece[:len(found[2])]:
                items.append(Mention(found[0], found[1], found[2], [head],
                                     m.start() if pos == m.start(2) else found[0], "list"))
            pos += len(piece) + 1
        # One lone "name" after a head is only a name when a closing word follows (市领导张某出席).
        if len(items) >= 2 or (items and _followed_ok(text, items[-1].end)[0] == 2):
            result += items
    # Names first, head after: 张某、李某、王某等在家的市级领导出席
    for m in re.finditer(f"(?:^|(?<=[。；;，,\n：:]))\\s*({name}(?:、{name}){{2,}})等([^。；;\n]{{0,12}}?)({head_re})", text):
        pos = m.start(1)
        for piece in m.group(1).split("、"):
            if plausible_name(piece):
                result.append(Mention(pos, pos + len(piece), piece, [m.group(3)], pos, "list"))
            pos += len(piece) + 1
    return result


def _comrade_mentions(text: str) -> list[Mention]:
    """刘航同志 (a name closed by 同志) at a clause start or after a title-less verb."""
    result = []
    for m in re.finditer(f"(?:^|(?<=[，,。；;：:\n、]))\\s*(?:刚才，?|会上，?)?([{HAN}]{{2,3}})同志", text):
        if plausible_name(m.group(1)):
            result.append(Mention(m.start(1), m.end(1), m.group(1), [], m.start(1), "comrade"))
    return result


def _speaker_sentences(text: str) -> list[Mention]:
    """A sentence opened by a name and a speech verb: 柳鹏指出，…"""
    verbs = "|".join(map(re.escape, sorted(grammar()["speech_verbs"], key=len, reverse=True)))
    result = []
    for m in re.finditer(f"(?:^|(?<=[。；;！!\n]))[\\s\u3000]*([{HAN}]{{2,3}}?)(?:{verbs})[，,：:]", text):
        if plausible_name(m.group(1)):
            result.append(Mention(m.start(1), m.end(1), m.group(1), [], m.start(1), "speaker"))
    return result


def _heading_speaker(text: str) -> Mention | None:
    """The speaker under a speech heading: a title line, then a line holding only a name."""
    lines, pos = [], 0
    for line in text[:400].split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    for i in range(0, min(len(lines), 8)):
        start, line = lines[i]
        same = re.fullmatch(f"\\s*(.*?(?:{_title_core_re().pattern}))[\\s　]+([{HAN}]{{2,8}})\\s*", line)
        if same and plausible_name(same.group(2), long_ok=len(same.group(2)) > 3):
            offset = start + same.start(2)
            titles = [t for t in re.split("[、，,]", same.group(1).strip()) if t]
            return Mention(offset, offset + len(same.group(2)), same.group(2), titles, start, "speaker")
        if i == 0:
            continue
        stripped = line.strip()
        if not 2 <= len(stripped) <= 8 or not plausible_name(stripped, long_ok=len(stripped) > 3):
            continue
        prev = lines[i - 1][1].strip()
        if prev and _title_core_re().search(prev) and prev.endswith(tuple(grammar()["title_cores"])):
            offset = start + line.index(stripped)
            titles = [t for t in re.split("[、，,]", prev) if t]
            return Mention(offset, offset + len(stripped), stripped, titles, lines[i - 1][0], "speaker")
    return None


def _leader_mentions(text: str) -> list[Mention]:
    """National leaders named with their title (习近平总书记): from the data file."""
    result = []
    for name, info in (grammar().get("national_leaders") or {}).items():
        for m in re.finditer(re.escape(name), text):
            result.append(Mention(m.start(), m.end(), name, [info["title"]], m.start(), "leader",
                                  descriptor=info.get("body")))
    return result


def _partial_mentions(text: str) -> list[Mention]:
    """张书记, 昭萍主席: a surname after a verb or a clause start, or a given name at a clause start
    followed by a role verb, directly before a title."""
    result = []
    single, _ = _surnames()
    for m in re.finditer("书记|主席|市长|区长|县长|旗长|部长|主任|局长", text):
        t = m.start()
        if t >= 1 and _IS_HAN.match(text[t - 1]) and text[t - 1] in single:
            before = text[t - 2] if t >= 2 else "\n"
            if before in "示经向对和与给、，,。；;\n：:":
                result.append(Mention(t - 1, t, text[t - 1], [m.group()], t - 1, "partial"))
                continue
        if t >= 2 and all(_IS_HAN.match(c) for c in text[t - 2:t]) and text[t - 2] not in single:
            before = text[t - 3] if t >= 3 else "\n"
            if before in "，,。；;\n：:" and text[t - 2:t] not in grammar()["not_names"] \
                    and text[t - 1] not in "委府会部局办" and text.startswith(_role_verb_words(), m.end()):
                result.append(Mention(t - 2, t, text[t - 2:t], [m.group()], t - 2, "partial"))
    return result


@lru_cache(maxsize=1)
def _role_verb_words() -> tuple[str, ...]:
    return tuple(sorted({w for w, r in _role_words() if r}, key=len, reverse=True))


def _praise_mentions(text: str, speech: bool = False) -> list[Mention]:
    """descriptor + name in a praise list: 全国道德模范谢某、“最美医生”赵某、…; in a speech also
    a workplace + name (疾控中心某某，…)."""
    heads = sorted(grammar()["honorific_heads"] + (grammar()["praise_body_heads"] if speech else []),
                   key=len, reverse=True)
    head_re = "|".join(map(re.escape, heads))
    result = []
    for m in re.finditer(f"((?:{head_re})|[”」])(?=([{HAN}]{{2,3}}))", text):
        n_start = m.start(2)
        found = name_after(text, n_start)
        strong = m.group(1) in grammar()["honorific_heads"] or m.group(1) in "”」"
        if found is None and strong:
            found = name_by_tokens(text, n_start)  # 教师罗某某义务辅导…: the segmenter ends the name
        if found is None or (len(m.group(1)) == 1 and m.group(1) not in "”」"
                             and (len(found[2]) < 3 or found[2][0] not in _common_surnames())):
            continue  # 所有留才: a one-character head needs a full name with a common surname
        if _holds_ordinary_word(text, found[0], found[1]):
            continue
        left = _title_left(text, m.start(1)) if m.group(1) not in "”」" else text.rfind("“「"[m.group(1) == "」"], 0, m.start(1))
        descriptor = text[max(left, 0):m.end(1)]
        if m.group(1) in "”」":
            quoted = descriptor.strip("“”「」")
            sentence = text[_sentence_start(text, m.start()):_sentence_end(text, m.end())]
            if not quoted.endswith(tuple(grammar()["honorific_heads"])) and not _praise_context(sentence):
                continue  # “硬实力”和文明…: a quoted phrase is a praise title only in praise
        result.append(Mention(found[0], found[1], found[2], [], max(left, 0), "praise", descriptor=descriptor))
    return result


def name_by_tokens(text: str, pos: int) -> tuple[int, int, str] | None:
    """A name at pos whose end the segmenter decides (a surname token plus a given-name token, or
    one 2-3 character token), for names followed by an ordinary verb rather than a cue word."""
    from loaders.nlp import Tokens

    window = text[pos:pos + 8]
    tokens = Tokens(window)
    words = tokens.words
    if not words:
        return None
    from loaders.extract.places import _units_by_name

    freq, tags = _jieba_tags()

    def ordinary(word: str) -> bool:
        return freq.get(word, 0) >= 50 and not str(tags.get(word, "")).startswith("nr")

    candidates = []
    if 2 <= len(words[0]) <= 3:
        candidates.append(words[0])
    elif len(words) > 1 and len(words[0]) == 1 and 1 <= len(words[1]) <= 2 and not ordinary(words[1]):
        candidates.append(words[0] + words[1])  # surname + given name (和|城市 is not one: 城市 is a word)
    for candidate in candidates:
        if plausible_name(candidate) and not ordinary(candidate) and candidate not in _units_by_name():
            return pos, pos + len(candidate), candidate
    return None


def _tail(text: str, end: int, stop: int) -> str:
    """The verbs attached to a mention: its clause, plus following clauses that open with a verb."""
    limit = min(stop, len(text))
    pos = end
    while pos < limit and text[pos] not in _CLAUSE_END:
        pos += 1
    tail = text[end:pos]
    while pos < limit and text[pos] in "，,":
        nxt = pos + 1
        while nxt < limit and text[nxt] not in _CLAUSE_END:
            nxt += 1
        clause = text[pos + 1:nxt]
        if not clause.startswith(("并", "安排", "动员", "宣读", "通报", "主持", "讲话", "对")):
            break
        tail += "，" + clause
        pos = nxt
    return tail


def _sentence_end(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] not in _SENTENCE_END:
        pos += 1
    return pos


def _is_speech(doc: Document) -> bool:
    kind = doc.meta.get("kind")
    if kind:
        return kind in ("speech", "meeting_agenda_speech")
    head = doc.text[:600]
    return bool(re.search(r"同志们|各位领导|朋友们|在.{2,30}上的讲话", head))


def _place_of(title: str, city: Unit | None) -> tuple[Unit | None, str]:
    """The place that opens a title and the title without it: 解放区委书记 -> (焦作市解放区, 区委书记),
    杭锦旗委副书记 -> (杭锦旗, 旗委副书记). A district is read as part of the document's city."""
    from loaders.extract.places import _units_by_name

    names = _units_by_name()
    if title.startswith("中共") and len(title) > 4:
        title = title[2:]
    for length in range(min(len(title) - 1, 12), 1, -1):
        candidates = names.get(title[:length])
        if not candidates:
            continue
        if len(candidates) > 1 and city is not None:
            candidates = [u for u in candidates if u.parent_adcode == city.adcode or u.adcode == city.adcode]
        if len(candidates) != 1:
            continue
        unit = candidates[0]
        if unit.is_district and city is not None and unit.parent_adcode != city.adcode:
            continue
        rest = title[length:]
        if rest.startswith("委") or rest.startswith(("人大", "政协", "政府")):
            rest = title[length - 1] + rest  # 杭锦旗委副书记 -> 旗委副书记
        return unit, rest or title
    # A short name with a level character: 大理州委常委 -> (大理白族自治州, 州委常委).
    for length in range(min(len(title) - 2, 6), 1, -1):
        if title[length] not in "省市州盟县区旗":
            continue
        candidates = [u for u in _short_units().get(title[:length], ()) if u.level != "county"]
        if len(candidates) == 1:
            return candidates[0], title[length:]
    return None, title


@lru_cache(maxsize=1)
def _short_units() -> dict[str, tuple[Unit, ...]]:
    from loaders.gazetteer import units

    table: dict[str, list[Unit]] = {}
    for unit in units():
        table.setdefault(unit.short_name, []).append(unit)
    return {k: tuple(v) for k, v in table.items()}


def _higher_body(title: str, city: Unit | None) -> str | None:
    """The body a title serves when it is above the document's city: 自治区党委宣传部创建处处长 ->
    自治区党委宣传部; 市委宣传部副部长 in a county's document -> 市委宣传部. None for the city's own posts."""
    higher = ("自治区", "省")
    if city is not None and city.level == "county" and city.unit_type != "县级市":
        higher += ("市",)
    if not title.startswith(higher):
        return None
    tails = sorted(grammar()["higher_body_tails"], key=len, reverse=True)
    best = None
    for m in re.finditer("|".join(map(re.escape, tails)), title):
        best = title[:m.end()]
    return best


@dataclass
class People:
    officials: list[Person]
    honourees: list[Person]


def analyse_people(doc: Document) -> People:
    """Officials and model citizens of a document (computed once per Document)."""
    cache = doc.__dict__.setdefault("_cckg", {})
    if "people" in cache:
        return cache["people"]
    text = doc.text
    places = analyse(doc)
    city = places.city
    speech = _is_speech(doc)

    mentions = _title_mentions(text) + _list_mentions(text) + _leader_mentions(text)
    taken = [(m.start, m.end) for m in mentions]
    for extra in (_praise_mentions(text, speech) + _comrade_mentions(text) + _speaker_sentences(text)
                  + _partial_mentions(text)):
        if not any(s < extra.end and extra.start < e for s, e in taken):
            mentions.append(extra)
            taken.append((extra.start, extra.end))
    heading = doc.meta.get("speaker")
    speaker = _heading_speaker(text)
    if speaker and not any(s < speaker.end and speaker.start < e for s, e in taken):
        mentions.append(speaker)
    mentions = [m for m in mentions if m.kind in ("speaker", "leader") or not _inside_quotes(text, m.start)]
    mentions.sort(key=lambda m: m.start)

    people: dict[str, Person] = {}
    # Group mentions joined by separators only; a group shares the verbs after its last member.
    groups: list[list[Mention]] = []
    for m in mentions:
        if groups:
            last = groups[-1][-1]
            between = text[last.end:m.title_start].replace("同志", "")
            if last.end <= m.title_start and all(c in _SEPARATORS for c in between) and "\n" not in between:
                groups[-1].append(m)
                continue
        groups.append([m])
    starts = [g[0].title_start for g in groups] + [len(text)]
    for i, group in enumerate(groups):
        last = group[-1]
        stop = min(starts[i + 1], _sentence_end(text, last.end))
        roles = tail_roles(_tail(text, last.end, stop))
        sentence_start = _sentence_start(text, group[0].title_start)
        if re.search(grammar()["attendance_cue"], text[sentence_start:group[0].title_start]):
            roles = ["出席", *roles]
        for m in group:
            person = people.get(m.name)
            if person is None:
                person = people[m.name] = Person(m.name, m.start, m.end)
            person.mentions.append((m.start, m.end))
            for title in m.titles:
                if m.kind == "list" and person.titles:
                    continue  # 市领导 adds nothing to a person already named with a title
                place, bare = _place_of(title, city)
                if place is not None and person.place is None and place.level != "province":
                    person.place = place
                if bare and bare not in person.titles:
                    person.titles.append(bare)
                if place is None:
                    person.bodies.append(_higher_body(bare, city))
            if m.kind == "leader":
                person.body = m.descriptor
                continue
            if m.kind == "partial":
                person.partial = True
            if m.kind == "speaker" and m.titles:
                host_script = re.search(grammar()["host_script_cue"], text[:200])
                person.add_roles(["主持"] if host_script else ["讲话"])
            if m.kind == "praise":
                person.description = person.description or m.descriptor
                if not roles:
                    person.honouree = True
                    continue
            person.add_roles(roles)
            if m.kind == "title" and not roles and speech:
                person.honouree = True
                person.description = person.description or "".join(m.titles)
    if heading and heading in people:  # the speaker ingestion found under the heading
        host_script = re.search(grammar()["host_script_cue"], text[:200])
        people[heading].add_roles(["主持"] if host_script else ["讲话"])
    if speaker and speaker.name in people and re.search(grammar()["agenda_cue"], text):
        people[speaker.name].add_roles(["主持"])

    _resolve_partials(text, people)
    _later_mentions(text, people)
    officials, honourees = [], []
    for person in sorted(people.values(), key=lambda p: p.start):
        if person.place is None and person.body is None:
            own_level = any(b is None for b in person.bodies) or not person.bodies
            if own_level:
                person.place = city
            else:
                person.body = next(b for b in person.bodies if b)
        if person.honouree and not person.roles:
            honourees.append(person)
        else:
            if not person.roles:
                person.roles = ["mentioned"]
            person.honouree = False
            officials.append(person)
    result = People(officials, honourees)
    cache["people"] = result
    return result


def _inside_quotes(text: str, pos: int) -> bool:
    """True inside a quoted phrase of the same sentence (“…社区干部包楼”责任制): a slogan, not a person."""
    start = _sentence_start(text, pos)
    opened = max(text.rfind("“", start, pos), text.rfind("「", start, pos))
    closed = max(text.rfind("”", start, pos), text.rfind("」", start, pos))
    return opened > closed


def _holds_ordinary_word(text: str, start: int, end: int) -> bool:
    """The segmenter says [start, end) is not a name: it ends inside a word (文明行|为), it is one
    ordinary word (宣传栏), or an ordinary word follows a rare surname (和|小区). A common surname
    before a word-like given name stays a name (石|治国, 贺兰|芳)."""
    from loaders.nlp import Tokens

    freq, _ = _jieba_tags()
    tokens = Tokens(text[start:end + 2])
    length = end - start
    if tokens.crosses(length):
        return True
    for word, w_start in zip(tokens.words, tokens.starts):
        if w_start >= length:
            break
        # jieba's tags are no help here (it tags 文明 and 宣传栏 as person names): frequency decides.
        if len(word) >= 2 and freq.get(word, 0) >= 20:
            if len(word) == length or text[start] not in _common_surnames():
                return True
    return False


def _sentence_start(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1] not in _SENTENCE_END:
        pos -= 1
    return pos


def _praise_context(sentence: str) -> bool:
    return any(cue in sentence for cue in grammar()["praise_cues"])


def _resolve_partials(text: str, people: dict[str, Person]) -> None:
    """金书记 -> 金广军 when the document names a 金 with a 书记 title; else keep the partial person."""
    for name in [n for n, p in people.items() if p.partial]:
        partial = people[name]
        matches = [p for p in people.values() if not p.partial and not p.honouree and len(p.name) > len(name)
                   and (p.name.startswith(name) or p.name.endswith(name))
                   and any(t.endswith(tuple(partial.titles)) for t in p.titles)]
        if len(matches) == 1:
            matches[0].add_roles(r for r in partial.roles if r != "mentioned")
            del people[name]


def _later_mentions(text: str, people: dict[str, Person]) -> None:
    """Roles from later mentions of a known name: 李国胜指出 (讲话), 周伟强调, 王某对…进行了安排部署."""
    names = [n for n, p in people.items() if len(n) >= 2 and not p.honouree]
    if not names:
        return
    pattern = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    for m in pattern.finditer(text):
        person = people[m.group()]
        if (m.start(), m.end()) in person.mentions:
            continue
        nxt = m.end()
        if text.startswith("同志", nxt):
            nxt += 2
        stop = _sentence_end(text, nxt)
        following = pattern.search(text, nxt, stop)
        tail = _tail(text, nxt, following.start() if following else stop)
        roles = [r for r in tail_roles(tail[:40]) if r != "mentioned"]
        # Only verbs attached right after the name count: 李国胜指出, 王某对…进行了安排部署.
        if roles and (text.startswith(_followers(), nxt) or tail.startswith("对")):
            person.add_roles(roles)


def gold(doc: Document) -> dict[str, list]:
    """The gold-schema fields of this family: "officials" and "honourees"."""
    people = analyse_people(doc)
    officials = []
    for p in people.officials:
        entry = {"name": p.name, "titles": p.titles,
                 "org_or_city": p.body or (p.place.display_name if p.place else None),
                 "roles": sorted(p.roles, key=ROLE_ORDER.index)}
        if p.partial:
            entry["partial_name"] = True
        officials.append(entry)
    honourees = [{"name": p.name, "description": p.description or "".join(p.titles) or None}
                 for p in people.honourees]
    return {"officials": officials, "honourees": honourees}


def person_id(name: str, place: Unit | None, body: str | None) -> str:
    """Namesakes in different cities stay apart: the id is the name plus the city's adcode (or body)."""
    return f"{name}@{place.adcode if place else (body or 'unknown')}"


_ROLE_EDGES = {"讲话": "SPOKE_AT", "主持": "PRESIDED_OVER", "出席": "ATTENDED"}


class OfficialExtractor:
    """Adds Official and Person nodes, NAMES, HOLDS_POST and PRAISES edges, and meeting-role edges."""

    name = "officials"

    def __call__(self, doc: Document, bundle: GraphBundle) -> None:
        from loaders.extract.meetings import meeting_ref

        people = analyse_people(doc)
        doc_ref = ("Document", doc.doc_id)
        acted = any(r != "mentioned" for p in people.officials for r in p.roles)
        meeting = meeting_ref(doc, bundle, always=acted)
        for p in people.officials:
            evidence = [evidence_at(doc, s, e) for s, e in p.mentions[:5]] or [evidence_at(doc, p.start, p.end)]
            ref = bundle.add_node("Official", person_id(p.name, p.place, p.body), {
                "name": p.name, "city": p.place.adcode if p.place else None,
                "body": p.body if p.place is None else None}, evidence[:1])
            bundle.add_edge("NAMES", doc_ref, ref, {"roles": sorted(p.roles, key=ROLE_ORDER.index)}, evidence)
            if p.place is not None:
                city = add_city(bundle, p.place)
                for title in p.titles:
                    bundle.add_edge("HOLDS_POST", ref, city, {"title": title,
                                                              "as_of": doc.meta.get("date_iso")}, evidence[:1])
            if meeting is not None:
                for role in p.roles:
                    if role == "mentioned":
                        continue
                    edge = _ROLE_EDGES.get(role)
                    if edge:
                        bundle.add_edge(edge, ref, meeting, evidence=evidence)
                    else:
                        bundle.add_edge("CONTRIBUTED_TO", ref, meeting, {"role": role}, evidence)
        for p in people.honourees:
            evidence = [evidence_at(doc, p.start, p.end)]
            ref = bundle.add_node("Person", person_id(p.name, p.place, None),
                                  {"name": p.name, "description": p.description}, evidence)
            bundle.add_edge("PRAISES", doc_ref, ref, evidence=evidence)
