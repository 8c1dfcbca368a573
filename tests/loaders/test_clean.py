"""Cleaning: what goes, what stays, and the map back to the original."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from loaders.clean import clean, clean_part, to_simplified
from tests.conftest import SEEDS


def reasons(c) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in c.removals:
        out.setdefault(r.reason, []).append(r.text)
    return out


def test_pinyin_glosses_go_and_real_parentheses_stay():
    text = "本縣(xiàn)衛(wèi)生城市創(chuàng)建督查會(huì)召開。"
    c = clean(text)
    assert c.text == "本县卫生城市创建督查会召开。"
    assert reasons(c)["pinyin gloss"] == ["(xiàn)", "(wèi)", "(chuàng)", "(huì)"]
    kept = "整治(城中村)环境，见《规划(20_-20_年)》(记者 王某)(2020 年 5 月 12 日)，发言(fāyán)，义为讲话。"
    c = clean(kept)
    assert not c.removals
    for inner in ("城中村", "20_-20_年", "记者 王某", "2020年5月12日", "fāyán"):
        assert f"（{inner}）" in c.text


def test_web_junk_goes_with_its_reason_and_original_text():
    text = ("[_TAG_h2]某市召開創建工作推進會\n某某手機報 我要分享\n"
            "以下是小編收集整理的講話稿，僅供參考，希望能夠幫助到大家。會議要求，全力以赴抓好創建。\n"
            "★\n★\n★\n> 一、提高認識\n"
            "責任編輯:某某\n推薦訪問: 與本文無關的文章標題一\n無關內容二\n分享")
    c = clean(text)
    r = reasons(c)
    assert r["markup left by the page converter"] == ["[_TAG_h2]"]
    assert r["share button"] == ["某某手機報 我要分享"]
    assert r["compiler's preface"][0].startswith("以下是小編收集整理")
    assert len(r["decorative row"]) == 3
    assert r["quote marker"] == ["> "]
    assert r["editor or source byline"] == ["責任編輯:某某"]
    assert r["unrelated site content after a recommendation block"][0].startswith("推薦訪問")
    assert c.text == "某市召开创建工作推进会\n会议要求，全力以赴抓好创建。\n一、提高认识"
    for removal in c.removals:
        assert text[removal.start:removal.end] == removal.text


def test_widths_and_punctuation_are_unified_and_traditional_becomes_simplified():
    c = clean("焦作市,創建「精緻城市」：完成率９８％，ＡＢＣ組 2020 年\u3000完成!")
    assert c.script == "traditional"
    assert c.text == "焦作市，创建“精致城市”：完成率98%，ABC组2020年 完成！"
    assert clean("朝著目標前進，顯著成效，執著堅守").text == "朝着目标前进，显著成效，执着坚守"


def test_repeated_paragraphs_and_truncated_copies_are_dropped_short_lines_kept():
    para = "两年多来，全县干部群众同心协力，把老旧街区一条条改造成了干净整洁的样子。"
    text = f"{para[:20]}...\n同志们：\n{para}\n第二段内容，另起一行的正文。\n同志们：\n{para}\n"
    c = clean(text)
    r = reasons(c)
    assert [x.strip() for x in r["repeats an earlier paragraph"]] == [para]
    assert r["truncated copy of a later paragraph"] == [para[:20] + "...\n"]
    assert c.text.count("同志们：") == 2 and c.text.count(para) == 1


def test_a_sentence_split_by_a_page_break_is_joined():
    c = clean("要坚持创建为民，让我们的城市更\n\n好，让人民群众生活得更幸福。\n二要强化责任。\n要抓好落实。")
    assert c.text == "要坚持创建为民，让我们的城市更好，让人民群众生活得更幸福。\n二要强化责任。\n要抓好落实。"


def test_clean_spans_map_back_to_the_sentence_as_written():
    text = "某某手機報 我要分享\n  本縣(xiàn)衛生城市創(chuàng)建督查會召開,李某講話。"
    c = clean(text)
    start = c.text.index("卫生城市创建")
    o_start, o_end = c.to_original(start, start + len("卫生城市创建"))
    assert text[o_start:o_end] == "衛生城市創(chuàng)建"


def test_seeds_clean_is_idempotent_and_maps_each_character(seeds):
    for path in sorted(SEEDS.glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        c = clean(original)
        assert clean(c.text).text == c.text, path.name
        _assert_maps_back(original, c)


# Characters the generated texts are made of: both scripts, pinyin, junk, widths, whitespace.
_PIECES = st.sampled_from([
    "全國", "创建", "文明", "城市", "會議", "同志們：", "同志们！", "(guó)", "(chuàng)", "（jìn）", "(fāyán)",
    "(城中村)", "(20_-20_年)", "20_年", "2020 年", "５月", "ＡＢ", ",", "，", "。", ":", "!", "?", "(", ")",
    "「", "」", "★", "\n", "\n\n", " ", "\u3000", "\xa0", "\t", "\r\n", "责任编辑:某某", "推荐访问:", "我要分享",
    "分享", "[_TAG_h2]", "<p>", "以下是小编整理的，仅供参考。", "> ", "...", "…", "著", "朝著", "顯著", "x", "1",
    "篇1", "【篇二】", "在大会上的讲话", "https://example.org/a", "两年多来，全县干部群众同心协力改造街区。",
])
_TEXTS = st.one_of(st.lists(_PIECES, max_size=60).map("".join), st.text(max_size=200))


def _fold(ch: str) -> str:
    """What a character may legitimately become: simplified, one width, one punctuation style."""
    if ch.isspace():
        return " "
    ch = to_simplified(ch).replace("著", "着")
    table = {"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")", "「": "“", "」": "”",
             "『": "‘", "』": "’", "％": "%", "．": ".", "＋": "+", "＝": "=", "／": "/", "＿": "_", "＆": "&",
             "＃": "#", "＠": "@"}
    if "\uff10" <= ch <= "\uff5a":
        ch = chr(ord(ch) - 0xFEE0)
    return table.get(ch, ch)


def _assert_maps_back(original: str, c) -> None:
    assert len(c.index) == len(c.text)
    assert all(a < b for a, b in zip(c.index, c.index[1:]))
    assert all(0 <= i < len(original) for i in c.index)
    for pos, ch in enumerate(c.text):
        at = c.index[pos]
        before = original[at]
        if _fold(ch) == _fold(before):
            continue
        # OpenCC converts some phrases as a whole (乾隆 vs 干净): compare with the character converted in context.
        lo = max(0, at - 4)
        in_context = to_simplified(original[lo:at + 5])[at - lo]
        assert _fold(ch) == _fold(in_context), f"clean {pos} {ch!r} <- original {at} {before!r}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
@example("中(a)(b)(c)文")
@example("同志们：\n" * 3)
def test_cleaning_never_raises_is_idempotent_and_maps_back(text):
    c = clean(text)
    assert clean(c.text).text == c.text
    _assert_maps_back(text, c)
    for removal in c.removals:
        assert text[removal.start:removal.end] == removal.text


def test_a_traditional_passage_inside_a_simplified_text_is_converted():
    simplified = "全市上下要坚持问题导向，扎实推进背街小巷整治，确保创建工作取得实效。" * 20
    c = clean(simplified + "\n會議強調，要鞏固創建成果。")
    assert c.script == "simplified" and c.text.endswith("会议强调，要巩固创建成果。")


def test_markdown_markup_goes_masked_years_stay():
    c = clean("# 园林城市复查\n**发布时间：** 2022-10-19\n- 新增绿地12公顷\n规划（20__-20__年）中的20__年目标")
    assert c.text == "园林城市复查\n发布时间：2022-10-19\n新增绿地12公顷\n规划（20__-20__年）中的20__年目标"
    assert {r.reason for r in c.removals} == {"Markdown markup"}


def _same_clean(a, b) -> bool:
    return (a.original, a.text, list(a.index), a.script, a.removals) == (b.original, b.text, list(b.index), b.script, b.removals)


def test_a_part_cut_from_the_whole_files_clean_is_the_part_cleaned_alone(corpus_paths):
    from loaders.read import UnreadableFile, read_file
    from loaders.split import find_parts

    parts = 0
    for path in corpus_paths:
        try:
            text = read_file(path).text
        except UnreadableFile:
            continue
        whole = clean(text, dedupe=False)
        for part in find_parts(text, whole):
            assert _same_clean(clean_part(whole, part.start, part.end), clean(text[part.start:part.end])), (path.name, part.name)
            parts += 1
    assert parts > len(corpus_paths)  # the corpus holds compilations


def test_a_part_drops_the_paragraphs_it_repeats_with_offsets_into_its_own_text():
    paragraph = "全县上下要坚持问题导向，扎实推进背街小巷整治，确保创建工作取得实效。"
    first = f"篇一\n{paragraph}\n要抓好落实。"
    second = f"篇二\n{paragraph}\n要强化督查。\n{paragraph}\n"
    text = f"{first}\n{second}"
    whole = clean(text, dedupe=False)
    assert whole.text.count(paragraph) == 3  # splitting keeps a pasted copy
    start = text.index("篇二")
    part = clean_part(whole, start, len(text) - 1)
    assert part.text == f"篇二\n{paragraph}\n要强化督查。"
    [repeat] = part.removals
    assert repeat.reason == "repeats an earlier paragraph" and repeat.start == text.rindex(paragraph) - start
    assert part.original[repeat.start:repeat.end].startswith(paragraph)


def test_a_part_in_another_script_than_the_file_is_cleaned_as_its_own_script():
    simplified = "全市上下要坚持问题导向，扎实推进背街小巷整治，确保创建工作取得实效。\n" * 100
    traditional = "朝著目標前進，全市上下要堅持問題導向，紮實推進背街小巷整治。\n" * 3
    text = simplified + traditional
    whole = clean(text, dedupe=False)
    part = clean_part(whole, len(simplified), len(text) - 1)
    assert whole.script == "simplified" and part.script == "traditional"
    assert part.text.startswith("朝着目标前进")  # 著 -> 着, as in a traditional file


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS, st.integers(0, 400), st.integers(0, 400))
@example("中\n(guó)國\n", 2, 8)
def test_any_span_cut_from_the_whole_clean_is_the_span_cleaned_alone(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    if not text[start:end].strip():
        return
    whole = clean(text, dedupe=False)
    assert _same_clean(clean_part(whole, start, end), clean(text[start:end]))
