"""Splitting files into parts: the seeds against ../shared/gold, and the genre's other heading styles."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.pipeline import split_documents
from loaders.read import SourceText, read_file
from loaders.split import find_parts
from tests.conftest import GOLD, SEEDS

SEED_NAMES = sorted(p.stem for p in SEEDS.glob("*.txt"))


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@pytest.mark.parametrize("name", SEED_NAMES)
def test_parts_match_gold_count_boundaries_and_duplicates(name):
    text = (SEEDS / f"{name}.txt").read_bytes().decode("utf-8")
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))["parts"]
    parts = find_parts(text)
    assert [p.name for p in parts] == [g["part"] for g in gold]
    for part, g in zip(parts, gold):
        # Gold spans are sometimes padded with whitespace; compare the text each span holds.
        assert _stripped(text, part.start, part.end) == _stripped(text, *g["char_span"]), part.name
        assert text[part.start:].startswith(g["starts_with"][:20]), part.name
        assert part.duplicate_of == g["duplicate_of"], part.name


def test_documents_carry_their_part_offsets_into_the_source():
    source = read_file(SEEDS / f"{SEED_NAMES[1]}.txt")
    docs = split_documents(source)
    assert len({d.doc_id for d in docs}) == len(docs)
    for doc in docs:
        assert source.text[doc.offset:doc.end] == doc.clean.original
        assert doc.meta["part_start"] == doc.offset and doc.meta["part_end"] == doc.end
    copies = [d for d in docs if d.meta["duplicate_of"]]
    assert copies and all(d.meta["duplicate_of"] == "篇1" for d in copies)


# Synthetic compilations in the genre's shapes (written for this test, not taken from any document).
_BODY = ("今年以来，全县上下围绕创建目标，扎实推进环境整治、交通秩序和志愿服务各项工作，取得了明显成效。"
         "但也要看到，背街小巷、农贸市场等薄弱环节依然存在，群众满意度还有提升空间。")


def _speech(topic: str, paragraphs: int = 4) -> str:
    return "\n".join(f"　　{topic}第{i}点：{_BODY}" for i in range(paragraphs))


@pytest.mark.parametrize("heading", ["【篇{n}】", "第{n}篇", "范文{n}", "某县创城讲话篇{n}"])
def test_numbered_headings_split_with_any_numbering(heading):
    numerals = "一二三"
    chunks = ["创建文明城市讲话稿精选", "以下是本站整理的讲话稿三篇，仅供参考。"]
    for i in range(3):
        label = heading.format(n=numerals[i] if "{n}】" in heading or "第" in heading else i + 1)
        chunks.append(f"{label}\n同志们：\n{_speech(f'专题{i}')}")
    parts = find_parts("\n".join(chunks))
    assert [p.name for p in parts] == ["teaser", "篇1", "篇2", "篇3"]
    assert all(p.boundary == "heading" for p in parts[1:])


def test_unheaded_speeches_split_at_title_lines_and_opening_salutations():
    text = (f"在全县创建文明城市推进会上的讲话\n同志们：\n{_speech('推进')}\n"
            f"　　同志们，朋友们！\n　　让我们再接再厉，奋力夺取创建工作的全面胜利！\n"
            f"在全县创卫迎检动员大会上的讲话\n县长 李某某\n同志们：\n{_speech('迎检')}\n"
            f"同志们：\n{_speech('总结')}")
    parts = find_parts(text)
    assert [p.name for p in parts] == ["篇1", "篇2", "篇3"]
    first, second, third = (text[p.start:p.end] for p in parts)
    assert first.startswith("在全县创建文明城市推进会上的讲话") and first.endswith("全面胜利！")
    assert second.startswith("在全县创卫迎检动员大会上的讲话")  # the title and speaker lines go with the speech
    assert third.startswith("同志们：\n")


def test_a_closing_salutation_or_a_single_speech_is_not_split():
    text = f"同志们：\n{_speech('部署')}\n同志们！\n让我们携起手来，共同创造更加美好的明天！"
    assert [(p.name, p.start) for p in find_parts(text)] == [("whole", 0)]


def test_pasted_copy_is_its_own_part_marked_duplicate():
    second_half = f"同志们！\n{_speech('巩固', 4)}"
    original = f"同志们：\n{_speech('回顾', 3)}\n{second_half}\n让我们携手奋进，再创佳绩！"
    text = f"{original}\n{second_half}"  # the compiler pasted the second half again
    parts = find_parts(text)
    assert [p.name for p in parts] == ["篇1", "篇2"]
    assert parts[1].duplicate_of == "篇1" and text[parts[1].start:parts[1].end] == second_half


def test_a_salutation_that_continues_the_speech_does_not_split_it():
    numbered = "\n".join(f"{n}、{_BODY}" for n in "一二")
    text = (f"同志们：\n{numbered}\n同志们：\n三、{_BODY}\n{_BODY}\n"
            f"同志们：\n最后，我再强调一点。{_BODY}\n{_BODY}")
    assert [p.name for p in find_parts(text)] == ["whole"]


def test_reports_without_headings_split_at_their_datelines():
    report = ("全县创建文明城市推进会召开\n某县消息（记者 某某）5月6日上午，全县创建文明城市推进会召开。"
              f"县委书记某某某出席会议并讲话。{_BODY}\n{_BODY}")
    second = report.replace("5月6日", "6月9日").replace("推进会", "调度会")
    parts = find_parts(f"{report}\n{second}")
    assert [p.name for p in parts] == ["篇1", "篇2"]
    assert parts[1].boundary == "dateline" and f"{report}\n{second}"[parts[1].start:].startswith("全县创建文明城市调度会召开")



_LINES = st.sampled_from(["同志们：", "同志们、朋友们！", "【篇二】", "范文3", "第一篇", "在全县推进会上的讲话", "某县消息（记者 某某）5月6日上午，会议召开。",
                          "[_TAG_h2]讲话稿篇1", "★★★", "推荐访问：无关", "以下是小编整理的，仅供参考。", _BODY, _BODY[:30], "三、" + _BODY,
                          "最后，" + _BODY, "全國(guó)創(chuàng)建", "", "   "])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINES, max_size=40).map("\n".join))
def test_parts_are_ordered_disjoint_and_inside_the_text(text):
    parts = find_parts(text)
    assert parts and len({p.name for p in parts}) == len(parts)
    for a, b in zip(parts, parts[1:]):
        assert a.end <= b.start
    for p in parts:
        assert 0 <= p.start <= p.end <= len(text)


def test_document_nodes_carry_the_primary_city_adcode():
    from loaders.gazetteer import units
    from loaders.pipeline import document_bundle

    adcode = {u.display_name: u.adcode for u in units()}
    name = SEED_NAMES[3]
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))["parts"][0]
    doc = split_documents(read_file(SEEDS / f"{name}.txt"))[0]
    props = document_bundle(doc, []).nodes_of("Document")
    assert [p["primary_city"] for p in (props.values() if isinstance(props, dict) else [n.props for n in props])] \
        == [adcode[gold["primary_city"]]]


def test_compilation_splits_the_same_in_traditional_script_and_with_crlf():
    import opencc

    text = (SEEDS / f"{SEED_NAMES[1]}.txt").read_text(encoding="utf-8")
    expected = [(p.name, p.start, p.end, p.duplicate_of) for p in find_parts(text)]
    traditional = opencc.OpenCC("s2t").convert(text)
    assert len(traditional) == len(text)
    assert [(p.name, p.start, p.end, p.duplicate_of) for p in find_parts(traditional)] == expected
    crlf = [(p.name, p.duplicate_of) for p in find_parts(text.replace("\n", "\r\n"))]
    assert crlf == [(name, dup) for name, _, _, dup in expected]


def test_a_compilation_is_cleaned_once_and_each_part_is_cut_from_it(monkeypatch):
    import loaders.clean
    import loaders.pipeline

    calls = []
    real_clean = loaders.clean.clean

    def counting_clean(text, **kwargs):
        calls.append(len(text))
        return real_clean(text, **kwargs)

    monkeypatch.setattr(loaders.clean, "clean", counting_clean)  # the real cleaning runs; calls are counted
    monkeypatch.setattr(loaders.pipeline, "clean", counting_clean)
    chunks = ["创建文明城市讲话稿精选", "以下是本站整理的讲话稿三篇，仅供参考。"]
    for i in range(3):
        chunks.append(f"【篇{i + 1}】\n同志们：\n{_speech(f'专题{i}')}\n{_speech(f'专题{i}', 2)}")  # each repeats itself
    text = "\n".join(chunks)
    source = SourceText("x.txt", "0", len(text), "text", "utf-8", text)
    docs = split_documents(source)
    assert [d.part for d in docs] == ["teaser", "篇1", "篇2", "篇3"] and calls == [len(text)]
    assert all(r.reason == "repeats an earlier paragraph" for d in docs[1:] for r in d.clean.removals)
    for doc in docs:
        alone = real_clean(doc.clean.original)
        assert (doc.clean.text, list(doc.clean.index), doc.clean.removals) == (alone.text, list(alone.index), alone.removals)
