"""The segmenter: spaCy's Chinese pipeline with jieba (default) or a self-trained pkuseg model."""

from __future__ import annotations

import pytest

from loaders.nlp import Segmenter, Settings, Tokens, pipeline, user_terms


def test_domain_terms_stay_single_tokens_with_jieba():
    nlp = pipeline(Settings(Segmenter.jieba))
    words = [t.text for t in nlp("聊城市全力冲刺国家园林城市，全面落实网格化管理")]
    assert "聊城市" in words
    assert "国家园林城市" in words
    assert "网格化管理" in words


def test_user_dictionary_holds_units_and_data_terms():
    terms = set(user_terms())
    assert {"焦作市", "杭锦旗", "全国文明城市"} <= terms
    assert "和县" not in terms  # two-character names would split 镇|和县|城管


def test_tokens_find_a_name_inside_an_ordinary_word():
    text = "他穿着一身中山装走上讲台"
    tokens = Tokens(text)
    start = text.index("中山")
    assert tokens.covering(start, start + 2) is not None  # 中山 sits inside 中山装
    assert tokens.crosses(text.index("装")) is False or tokens.covering(start, start + 2)[2] == "中山装"


def test_pkuseg_pipeline_with_a_tiny_self_trained_model(tmp_path):
    spacy_pkuseg = pytest.importorskip("spacy_pkuseg")
    train = tmp_path / "train.txt"
    lines = ["市委 书记 出席 会议 并 讲话", "市长 主持 会议", "全市 上下 要 巩固 创建 成果",
             "各级 各 部门 要 落实 责任", "会议 通报 了 测评 情况"] * 20
    train.write_text("\n".join(lines) + "\n", encoding="utf-8")
    model = tmp_path / "model"
    model.mkdir()
    spacy_pkuseg.train(str(train), str(train), str(model), train_iter=2)
    nlp = pipeline(Settings(Segmenter.pkuseg, str(model)))
    text = "聊城市市委书记出席会议"
    words = [t.text for t in nlp(text)]
    assert "聊城市" in words  # from the domain user dictionary: the tiny model never saw it
    assert "".join(words) == text


def test_pkuseg_without_a_model_says_what_to_do():
    with pytest.raises(ValueError, match="model directory"):
        pipeline(Settings(Segmenter.pkuseg, None))


def test_our_jieba_dictionary_is_the_shipped_one_with_the_domain_terms():
    import jieba

    shipped = jieba.Tokenizer()
    shipped.initialize()
    ours = pipeline(Settings(Segmenter.jieba)).tokenizer.jieba_seg
    assert ours is not jieba.dt and jieba.dt.FREQ == shipped.FREQ  # the global one is untouched
    added = {word for word in ours.FREQ.keys() - shipped.FREQ.keys() if ours.FREQ[word]}
    assert added and added <= set(user_terms())
    assert all(ours.FREQ[w] == shipped.FREQ[w] for w in shipped.FREQ.keys() - set(user_terms()))
