from graph.bundle import GraphBundle
from loaders.extract.honours import HonourExtractor, gold
from tests.loaders.extract.textdoc import text_document


def honours(text: str) -> dict[tuple, dict]:
    return {(h["city"], h["honour"]): h for h in gold(text_document(text))["honours"]}


def test_award_with_edition_rank_date_and_body():
    text = ("11月16日，全国精神文明建设表彰大会在北京召开，中央文明委授予一批城市荣誉称号。"
            "自贡市以全省第二、全国第二十一的成绩，被正式命名为第六届全国文明城市。")
    h = honours(text)[("自贡市", "全国文明城市")]
    assert h["status"] == "awarded"
    assert h["edition"] == "第六届"
    assert h["rank"] == "全省第二、全国第二十一"
    assert h["conferred_by"] == "中央文明委"


def test_pursuing_nominated_and_renewal():
    pursuing = honours("眉山市召开创建国家卫生城市迎检动员大会，全力冲刺国家卫生城市。")
    assert pursuing[("眉山市", "国家卫生城市")]["status"] == "pursuing"
    nominated = honours("十堰市成功跻身全国文明城市提名城市行列，这是全市人民共同努力的结果。")
    assert nominated[("十堰市", "全国文明城市")]["status"] == "nominated"
    renewal = honours("今年是荆门市国家园林城市复查之年，各单位要对照标准查漏补缺。")
    assert renewal[("荆门市", "国家园林城市")]["status"] == "renewal_review"


def test_goal_is_not_an_award():
    h = honours("天水市力争明年成功创建国家森林城市。")
    assert h[("天水市", "国家森林城市")]["status"] == "pursuing"


def test_a_named_city_in_the_sentence_wins_over_the_documents_city():
    text = "晋中市召开创城推进会。晋中市要学习长治市的经验，长治市去年成功创建全国文明城市。"
    h = honours(text)
    assert h[("长治市", "全国文明城市")]["status"] == "awarded"


def test_a_scheme_mention_is_no_honour():
    assert honours("赣州市各单位要认真学习全国文明城市测评体系。") == {}


def test_county_document_means_the_county_title():
    text = "凤县召开创建全国县级文明城市动员会。会议要求，全县上下要打赢文明城市创建攻坚战。"
    h = honours(text)
    assert set(h) == {("凤县", "全国县级文明城市")}


def test_extractor_writes_awarded_edges():
    text = "常德市成功创建全国双拥模范城。"
    bundle = GraphBundle()
    HonourExtractor()(text_document(text), bundle)
    (edge,) = [e for e in bundle.edges.values() if e.type == "AWARDED"]
    assert edge.props["status"] == "awarded"
    assert edge.dst == ("Honour", "全国双拥模范城")
    assert bundle.nodes[edge.dst].props["conferred_by"] == "全国双拥工作领导小组"


def test_holding_a_title_is_awarded_even_as_an_order():
    h = honours("珠海市要持续巩固国家卫生城市成果，全力冲刺国家森林城市。")
    assert h[("珠海市", "国家卫生城市")]["status"] == "awarded"
    assert h[("珠海市", "国家森林城市")]["status"] == "pursuing"


def test_each_title_takes_its_own_verb():
    h = honours("嘉峪关市要把创建全国文明城市同巩固国家卫生城市成果、创建国家园林城市结合起来。")
    assert h[("嘉峪关市", "全国文明城市")]["status"] == "pursuing"
    assert h[("嘉峪关市", "国家卫生城市")]["status"] == "awarded"
    assert h[("嘉峪关市", "国家园林城市")]["status"] == "pursuing"


def test_the_nominees_yearly_test_is_pursuit():
    h = honours("在去年的全国文明城市提名城市年度测评中，白银市排名靠前。")
    assert h[("白银市", "全国文明城市")]["status"] == "pursuing"


def test_award_phrasings_across_provinces():
    cases = {
        "徐州市喜获全国文明城市称号。": ("徐州市", "全国文明城市", "awarded"),
        "厦门市实现全国文明城市“六连冠”。": ("厦门市", "全国文明城市", "awarded"),
        "三明市顺利通过国家卫生城市复审。": ("三明市", "国家卫生城市", "renewal_review"),
        "景德镇市成功入选全国文明城市提名城市。": ("景德镇市", "全国文明城市", "nominated"),
        "咸阳市正式启动创建国家森林城市工作。": ("咸阳市", "国家森林城市", "pursuing"),
        "临沂市被授予国家园林城市称号。": ("临沂市", "国家园林城市", "awarded"),
    }
    for text, (city, title, status) in cases.items():
        assert honours(text)[(city, title)]["status"] == status, text


def test_award_stated_after_the_list():
    h = honours("近日，中央文明委公布第六届全国文明城市名单，铜陵市榜上有名。")
    assert h[("铜陵市", "全国文明城市")]["status"] == "awarded"
    assert h[("铜陵市", "全国文明城市")]["edition"] == "第六届"
