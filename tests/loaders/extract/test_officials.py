"""Officials, their titles and roles, and model citizens, from sentences written for these tests."""

from __future__ import annotations

from graph.bundle import GraphBundle
from loaders.extract import officials
from loaders.extract.officials import plausible_name, roles_in
from tests.loaders.extract.textdoc import text_document


def people(text: str, **meta) -> dict[str, dict]:
    return {o["name"]: o for o in officials.gold(text_document(text, **meta))["officials"]}


def test_title_chain_name_and_verbs():
    found = people("临清市召开会议。市委书记韩立新出席会议并讲话，市委副书记、市长秦卫东主持会议。")
    assert found["韩立新"]["titles"] == ["市委书记"]
    assert set(found["韩立新"]["roles"]) == {"出席", "讲话"}
    assert found["秦卫东"]["titles"] == ["市委副书记", "市长"]
    assert found["秦卫东"]["roles"] == ["主持"]
    assert found["韩立新"]["org_or_city"] == "临清市"


def test_a_list_after_a_head_gives_every_name_the_shared_verb():
    found = people("常德市召开会议。市领导孙明哲、邢海燕、郑志刚、白云飞等参加会议。")
    assert set(found) == {"孙明哲", "邢海燕", "郑志刚", "白云飞"}
    assert all(p["roles"] == ["出席"] and p["titles"] == ["市领导"] for p in found.values())


def test_a_list_before_its_head():
    found = people("常德市召开会议。龚晓辉、向春华、孟庆林等在家的市级领导出席。")
    assert set(found) == {"龚晓辉", "向春华", "孟庆林"}
    assert all(p["roles"] == ["出席"] for p in found.values())


def test_people_joined_by_commas_share_the_verb_at_the_end():
    found = people("衢州市召开会议。东昌府区委书记高建军，市住建局局长许志强作为代表进行发言。")
    assert found["高建军"]["roles"] == ["发言"]
    assert found["许志强"]["roles"] == ["发言"]


def test_name_length_follows_the_verb_after_it():
    found = people("常德市召开会议。市委常委、常务副市长周伟主持会议。市长王伟说，要抓好落实。")
    assert "周伟" in found and "周伟主" not in found
    assert "王伟" in found and found["王伟"]["roles"] == ["讲话"]


def test_a_document_title_is_not_a_verb():
    found = people("聊城市召开会议。市委常委、宣传部部长卢佳宣读了《关于表扬先进单位的通报》。")
    assert found["卢佳"]["roles"] == ["宣读"]


def test_later_mentions_add_speech_roles():
    found = people("衢州市召开调度会。市委书记高屹云在会上强调，要抓好整改。市文明办主任周宁汇报了督查情况。"
                   "高屹云指出，要常态长效。")
    assert found["高屹云"]["roles"] == ["讲话"]
    assert found["周宁"]["roles"] == ["通报"]


def test_a_name_opening_a_sentence_with_a_speech_verb():
    found = people("常德市召开会议。\n龚晓辉指出，要巩固成果。")
    assert found["龚晓辉"]["roles"] == ["讲话"]


def test_partial_names_resolve_to_the_full_name_when_possible():
    found = people("阿拉善左旗召开会议。最后，请旗委书记张振宇同志作重要讲话。\n刚才，张书记对全旗工作进行了全面动员部署。")
    assert set(found) == {"张振宇"}
    assert set(found["张振宇"]["roles"]) == {"讲话", "部署"}
    lone = people("阿拉善左旗召开会议。经请示李书记同意，抽调二十名同志。")
    assert lone["李"]["partial_name"] is True


def test_heading_speaker_on_its_own_line_and_host_scripts():
    speech = people("在全县创建工作动员大会上的讲话\n中共蓬安县委书记\n罗文彬\n（2024年4月2日）\n同志们：\n今天我们召开会议。")
    assert speech["罗文彬"]["roles"] == ["讲话"]
    assert speech["罗文彬"]["titles"] == ["县委书记"]
    host = people("推进会主持词\n阿拉善左旗旗委副书记、旗长　巴特尔\n同志们：\n现在开会。")
    assert host["巴特尔"]["roles"] == ["主持"]
    assert host["巴特尔"]["titles"] == ["旗委副书记", "旗长"]


def test_model_citizens_praised_in_a_speech_are_not_officials():
    doc = text_document("在全县动员大会上的讲话\n同志们：\n我县涌现出一批身边好人：全国道德模范何秀英、“最美环卫工”曾德福。"
                        "县人民医院护士长贺兰芳，连续三个月坚守一线。")
    result = officials.gold(doc)
    assert {h["name"] for h in result["honourees"]} == {"何秀英", "曾德福", "贺兰芳"}
    assert result["officials"] == []


def test_bodies_above_a_county_are_kept_apart():
    found = people("杭锦旗召开大会。自治区党委宣传部副部长王晓平同志、市文明办创建科科长常海同志到会指导。")
    assert found["王晓平"]["org_or_city"] == "自治区党委宣传部"
    assert found["常海"]["org_or_city"] == "市文明办"
    assert found["王晓平"]["roles"] == ["出席"]


def test_names_are_validated():
    assert plausible_name("欧阳红梅")
    assert not plausible_name("单位")  # an ordinary word with a surname-like first character
    assert not plausible_name("在创")
    assert roles_in("出席会议并作总结动员讲话") == ["出席", "讲话"]


def test_namesakes_in_different_cities_stay_two_officials_and_scripts_merge():
    bundle = GraphBundle()
    extractor = officials.OfficialExtractor()
    for text in ("聊城市召开会议。市委书记王建国出席会议。", "常德市召开会议。市委书记王建国出席会议。",
                 "常德市召開會議。市委書記王建國出席會議。"):
        extractor(text_document(text), bundle)
    keys = sorted(n.key for n in bundle.nodes_of("Official"))
    assert keys == ["王建国@371500", "王建国@430700"]
    posts = {(e.src[1], e.props["title"]) for e in bundle.edges_of("HOLDS_POST")}
    assert ("王建国@430700", "市委书记") in posts
    # The traditional copy is the same Document (same cleaned text), so the same meeting: two edges.
    assert len(bundle.edges_of("ATTENDED")) == 2


def test_slogans_and_ordinary_words_are_not_people():
    doc = text_document("在全市推进会上的讲话\n同志们：\n要落实“市级领导包片、社区干部包楼”责任制。"
                        "公共场所文明行为扣分最多。要用好社区宣传栏，把知识送进千家万户。")
    result = officials.gold(doc)
    assert result["officials"] == [] and result["honourees"] == []


def test_praised_names_followed_by_ordinary_verbs_end_where_the_segmenter_says():
    doc = text_document("在全市大会上的讲话\n同志们：\n一线涌现出许多感人的故事：退休教师龙德海义务辅导留守儿童，"
                        "“最美志愿者”楼晓芬每天清晨劝导文明出行，快递小哥邹建伟坚持清理小广告。")
    assert {h["name"] for h in officials.gold(doc)["honourees"]} == {"龙德海", "楼晓芬", "邹建伟"}
