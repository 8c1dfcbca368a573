// Purpose: The shortest path (at most 6 hops, either direction) between two entities named by name, title or key
// (when a name fits several nodes, the shortest of their paths; a tie goes to the endpoints' labels in
// alphabetical order, so both stores answer alike).
// Param: source STRING "焦作市" -- name, title or key of the first entity (city, official, tactic, document …)
// Param: target STRING "商丘市" -- name, title or key of the second entity
// Example: cckg query shortest_path --param source=焦作市 --param target=网格化管理
// Entities only (graph.model.ENTITY_LABELS): no label would also scan the documents' 5 million Sentences
// on the 20,000-document store (neighbourhood 1.2 s -> 57 ms, shortest_path 975 -> 217 ms).
MATCH (a:Document|SourceFile|City|Official|Person|Meeting|Campaign|Honour|Metric|Tactic|TacticCategory|Publication|Organization|Slogan)
WHERE a.name = $source OR a.short_name = $source OR a.adcode = $source OR a.title = $source
   OR a.doc_id = $source OR a.person_id = $source OR a.meeting_id = $source OR a.honour_id = $source
   OR a.indicator = $source OR a.file_id = $source
MATCH (b:Document|SourceFile|City|Official|Person|Meeting|Campaign|Honour|Metric|Tactic|TacticCategory|Publication|Organization|Slogan)
WHERE (b.name = $target OR b.short_name = $target OR b.adcode = $target OR b.title = $target
   OR b.doc_id = $target OR b.person_id = $target OR b.meeting_id = $target OR b.honour_id = $target
   OR b.indicator = $target OR b.file_id = $target)
  AND a <> b
MATCH p = shortestPath((a)-[*..6]-(b))
RETURN length(p) AS hops,
       [n IN nodes(p) | coalesce(n.name, n.title, n.indicator, n.doc_id, n.text)] AS path,
       [n IN nodes(p) | head(labels(n))] AS labels,
       [r IN relationships(p) | type(r)] AS relationships
ORDER BY hops, head(labels(a)), head(labels(b))
LIMIT 1
