from graph.bundle import GraphBundle
from loaders.extract.metrics import MetricExtractor, find_metrics
from tests.loaders.extract.textdoc import text_document


def by_value(text: str) -> dict[str, object]:
    return {f.value: f for f in find_metrics(text)}


def test_counts_take_the_noun_after_the_measure_word():
    m = by_value("全市共有注册志愿者42万余名，3.6万名党员干部下沉社区。")
    assert m["3.6万"].indicator.startswith("党员干部")
    assert m["3.6万"].unit == "名"


def test_physical_units_take_the_phrase_before():
    m = by_value("建成区绿化覆盖率达到41.2%，人均公园绿地面积14.8平方米。")
    assert m["41.2"].unit == "%"
    assert m["41.2"].indicator == "建成区绿化覆盖率"
    assert m["14.8"].indicator == "人均公园绿地面积"
    assert m["14.8"].unit == "平方米"


def test_enumerated_objects_and_scope():
    text = "中心城区累计整治背街小巷230条、老旧小区112个。"
    m = by_value(text)
    assert m["230"].unit == "条" and m["112"].unit == "个"
    assert "背街小巷" in m["230"].indicator
    assert m["230"].scope == "中心城区"


def test_bare_figures_in_wan_before_people():
    m = by_value("26万群众参与了文明交通劝导。")
    assert m["26万"].unit == "人"
    assert m["26万"].indicator == "群众"


def test_ranks_are_metrics():
    m = by_value("在年度测评中，我市连续两年位居全省第一。")
    (rank,) = [f for f in m.values() if f.unit == "名次"]
    assert "全省第一" in rank.value


def test_years_dates_masks_and_idioms_are_not_figures():
    text = "2019年3月5日，市委召开会议，要求一把手亲自抓，20_年完成一线任务，十分重要。"
    assert find_metrics(text) == []


def test_extractor_reports_values_for_the_city():
    doc = text_document("柳州市新建口袋公园64个，全市新增停车泊位1.2万个。")
    bundle = GraphBundle()
    MetricExtractor()(doc, bundle)
    reported = {e.props["value"]: e for e in bundle.edges.values() if e.type == "REPORTED"}
    assert set(reported) == {"64", "1.2万"}
    assert reported["64"].src == ("City", "450200")  # 柳州市
    (evidence,) = reported["64"].evidence
    assert "口袋公园64个" in evidence.sentence


def test_a_rank_ranks_the_title_not_the_city():
    m = by_value("11月16日，自贡市以全省第二、全国第二十一的成绩被命名为全国文明城市。")
    assert m["全省第二、全国第二十一"].indicator == "全国文明城市排名"
    m = by_value("全国文明城市年度测评，遂宁市连续两年全省第一。")
    assert m["连续两年全省第一"].indicator == "全国文明城市年度测评"
