from graph.bundle import GraphBundle
from loaders.extract.campaigns import CampaignExtractor, find_campaigns, gold
from tests.loaders.extract.textdoc import text_document


def names(text: str) -> list[str]:
    return gold(text_document(text))["campaigns"]


def test_abbreviations_map_to_canonical_names():
    text = "遵义市召开创文创卫工作推进会。会议要求，各县区要把创城作为一号工程，同步推进创卫和创园工作。"
    assert set(names(text)) == {"全国文明城市", "国家卫生城市", "国家园林城市", "双创"}


def test_county_level_title_is_not_the_city_title():
    assert names("仁怀市全力争创全国县级文明城市。") == ["全国县级文明城市"]


def test_provincial_titles_are_not_national_campaigns():
    assert names("该县去年被命名为省级文明城市，今年继续巩固省级卫生县城成果。") == []


def test_numbered_joint_drives_follow_one_grammar():
    # 七城联创 is in no lexicon: the grammar [number]城联创 names it
    assert "七城联创" in names("株洲市统筹推进七城联创，形成创建合力。")
    assert "四城同创" in names("岳阳市坚持四城同创一起抓。")


def test_weak_alias_needs_campaign_context():
    assert names("各地要建设一批双创示范基地，扶持中小企业发展。") == []
    assert names("全市双创迎检工作进入冲刺阶段，创文、创卫各项指标必须全面达标。")[0] == "双创"


def test_extractor_links_document_and_city_with_evidence():
    text = "宝鸡市委召开常委会议，研究部署创建全国文明城市工作。宝鸡市将全力以赴迎接测评。"
    doc = text_document(text)
    bundle = GraphBundle()
    CampaignExtractor()(doc, bundle)
    pursues = [e for e in bundle.edges.values() if e.type == "PURSUES"]
    assert [e.dst for e in pursues] == [("Campaign", "全国文明城市")]
    assert pursues[0].src == ("City", "610300")  # 宝鸡市
    concerns = [e for e in bundle.edges.values() if e.type == "CONCERNS"]
    (evidence,) = concerns[0].evidence
    assert "创建全国文明城市" in evidence.sentence
    assert text[evidence.start:evidence.end] == evidence.sentence


def test_mentions_carry_spans():
    text = "我们要以创城为抓手，推动文明创建。"
    (mention,) = find_campaigns(text)
    assert text[mention.start:mention.end] == "创城"
