"""Interface labels in Chinese (default) and English.

`t(key)` returns the label in the language chosen in the sidebar; keys are the
English words, so a missing translation shows English rather than failing.
"""

from __future__ import annotations

LANGUAGES = {"中文": "zh", "English": "en"}

ZH: dict[str, str] = {
    # navigation
    "Overview": "概览", "Cities × tactics": "城市 × 举措", "Paths": "路径探索", "Profiles": "档案",
    "Cypher console": "Cypher 控制台", "Export": "导出",
    # sidebar
    "Language": "语言", "Store": "数据库", "Embedded store": "嵌入式数据库", "Neo4j server": "Neo4j 服务器",
    "Switch store": "切换数据库", "Store directory or Neo4j URI": "数据库目录或 Neo4j URI",
    "User": "用户名", "Password": "密码", "Database": "数据库名", "Connect": "连接",
    "Use the default store": "使用默认数据库",
    # overview
    "Nodes per label": "各类节点数量", "Documents per city": "各城市文档数", "Documents per year": "各年份文档数",
    "Top tactics": "高频举措", "Top campaigns": "主要创建活动", "Map of the cities": "城市地图",
    "Documents": "文档", "Cities": "城市", "Tactics": "举措", "Officials": "官员", "Honours": "荣誉",
    "Map: circle size = documents, colour = strongest honour status.": "地图：圆圈大小表示文档数，颜色表示最高荣誉状态。",
    "No tactics extracted yet.": "尚未抽取到举措。", "No campaigns extracted yet.": "尚未抽取到创建活动。",
    "No city has coordinates.": "没有带坐标的城市。",
    # heatmap
    "Filters": "筛选", "Tactic category": "举措类别", "Province": "省份", "Campaign": "创建活动", "Date range": "日期范围",
    "Minimum documents": "最少文档数", "City": "城市", "Tactic": "举措",
    "Choose a cell (or click one in the heatmap) to see its evidence.": "选择一个单元格（或在热力图中点击）查看证据句。",
    "Evidence sentences": "证据句", "Open document": "打开文档",
    "No document about a city cites a tactic yet: load documents and run the tactic extractor.":
        "尚无关于城市的文档引用举措：请加载文档并运行举措抽取。",
    "No cell matches these filters.": "没有符合这些筛选条件的单元格。",
    "Cities shown": "显示城市数",
    "Cities shown: the busiest by documents citing the tactics": "显示引用举措文档最多的城市",
    # paths
    "From": "起点", "To": "终点", "Search a name (simplified or traditional)": "搜索名称（简体或繁体）",
    "Max hops": "最大跳数", "Shortest paths": "最短路径", "All paths up to k hops": "k 跳以内的全部路径",
    "Neighbourhood": "邻域", "Entity": "实体", "Hops": "跳数", "No path found within this many hops.": "在该跳数内未找到路径。",
    "Type part of a name to search.": "输入名称的一部分进行搜索。", "Nothing matches this name.": "没有匹配的名称。",
    "Relationships and their evidence": "关系及其证据",
    # profiles
    "Kind of profile": "档案类型", "Official": "官员", "Document": "文档", "Posts": "职务", "Meetings": "会议",
    "Meeting timeline": "会议时间线", "Metrics": "指标", "Tactics by category": "各类别举措", "Campaigns": "创建活动",
    "Roles": "角色", "Adoption across cities": "各城市采用时间线", "Description": "说明", "Category": "类别",
    "Cleaned text (entities highlighted)": "清洗后文本（高亮实体）", "Original text": "原文",
    "Removals made by cleaning": "清洗时删除的内容", "Extracted entities": "抽取的实体", "Nothing recorded.": "暂无记录。",
    "Nothing of this kind in the store yet.": "数据库中暂无此类实体。",
    "first": "首先引用", "followed": "跟进", "undated": "无日期",
    # console
    "Catalogue query": "查询目录", "Query": "查询", "Parameters (JSON)": "参数（JSON）", "Row limit": "行数上限",
    "Time limit (s)": "时间上限（秒）", "Run": "运行", "Table": "表格", "Graph": "图",
    "Read-only: queries that write are refused.": "只读：写入类查询将被拒绝。",
    "rows": "行", "more rows were cut at the row limit": "超过行数上限的结果已截断",
    "The result holds no nodes or paths to draw.": "结果中没有可绘制的节点或路径。",
    "Parameters must be a JSON object.": "参数必须是 JSON 对象。",
    "The query returned no rows.": "查询没有返回任何行。",
    # export
    "Format": "格式", "Scope": "范围", "Whole graph": "整个图", "What the current filters show": "当前筛选结果",
    "Download": "下载", "Prepared when you click: the export is built from the store at that moment.":
        "点击时生成：导出内容取自当时的数据库。",
    "Nodes": "节点", "Relationships": "关系",
    "Filtered by": "筛选条件",
    "The filters are those of the Cities × tactics page.": "筛选条件来自“城市 × 举措”页面。",
    # column names
    "city": "城市", "province": "省份", "documents": "文档数", "label": "类型", "count": "数量", "tactic": "举措",
    "category": "类别", "cities": "城市数", "campaign": "创建活动", "year": "年份", "hops": "跳数", "path": "路径",
    "source": "起点", "type": "类型", "target": "终点", "sentence": "证据句", "official": "官员", "post": "职务",
    "as_of": "时间", "date_iso": "日期", "date_text": "日期（原文）", "meeting": "会议", "honour": "荣誉",
    "edition": "届次", "status": "状态", "rank": "名次", "metric": "指标", "value": "数值", "unit": "单位",
    "scope": "范围", "first_cited": "首次引用", "role": "角色", "order": "顺序", "title": "标题", "name": "名称",
    "relation": "关系", "start": "起", "end": "止", "reason": "原因", "text": "文本", "document": "文档",
    "roles": "角色",
    # general
    "The store is empty: load documents with `cckg load FILES --store DIR`.":
        "数据库为空：请用 `cckg load FILES --store DIR` 加载文档。",
    "Graph view": "图视图", "List": "列表",
}


def t(key: str, lang: str = "zh") -> str:
    """The label for `key` in `lang` ("zh" or "en")."""
    return ZH.get(key, key) if lang == "zh" else key
