from graph.bundle import GraphBundle
from loaders.extract import citations, organizations, slogans
from tests.loaders.extract.textdoc import text_document


def test_titles_in_brackets_are_normalized():
    text = "各单位要认真对照《全国县级文明城市测评体系（2020年版）》和《 六安市文明行为促进条例 》逐项自查。"
    assert citations.gold(text_document(text))["cited_documents"] == [
        "全国县级文明城市测评体系（2020年版）", "六安市文明行为促进条例"]


def test_named_documents_without_brackets():
    text = "市政府把创建工作写入政府工作报告。"
    assert citations.gold(text_document(text))["cited_documents"] == ["政府工作报告"]


def test_a_missing_closing_bracket_does_not_swallow_the_text():
    text = "会议印发了《关于进一步加强创建工作的通知。随后，各县区作了表态发言。"
    assert citations.gold(text_document(text))["cited_documents"] == []


def test_citation_extractor_writes_references():
    doc = text_document("会上宣读了《关于表彰文明创建先进单位的决定》。")
    bundle = GraphBundle()
    citations.CitationExtractor()(doc, bundle)
    (edge,) = [e for e in bundle.edges.values() if e.type == "REFERENCES"]
    assert edge.dst == ("Publication", "关于表彰文明创建先进单位的决定")


def test_bodies_kept_as_written():
    text = "市文明办、市城管局和市交警支队要密切配合，中央文明委对此高度重视。"
    found = organizations.gold(text_document(text))["organizations"]
    assert {"市文明办", "市城管局", "市交警支队", "中央文明委"} <= set(found)


def test_party_committee_in_a_title_is_no_body():
    found = organizations.gold(text_document("市委书记刘某某出席会议并讲话。"))["organizations"]
    assert "市委" not in found


def test_generic_words_ending_like_bodies_are_not_bodies():
    found = organizations.gold(text_document("要服务发展大局，构建新发展格局。"))["organizations"]
    assert found == []


def test_parallel_and_framed_slogans():
    text = "全力打造“山水洲城、快乐长沙”城市品牌，叫响“长沙有礼”，严格落实“门前五包”责任制。"
    doc = text_document(text)
    found = slogans.gold(doc)["slogans"]
    assert "山水洲城、快乐长沙" in found
    assert "长沙有礼" in found
    assert "门前五包" not in found
    bundle = GraphBundle()
    slogans.SloganExtractor()(doc, bundle)
    assert any(e.type == "HAS_SLOGAN" and e.src == ("City", "430100") for e in bundle.edges.values())
