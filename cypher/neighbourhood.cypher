// Purpose: The k-hop neighbourhood of an entity: every node within k hops, with its distance.
// Param: entity STRING "焦作市" -- name, title or key of the entity
// Param: hops INT 1 -- how far to look, 1 to 6 (written into the pattern as a number: Neo4j takes no parameter there)
// Param: limit INT 200 -- at most this many nodes
// Example: cckg query neighbourhood --param entity=焦作市 --param hops=2
// Entities only (graph.model.ENTITY_LABELS): no label would also scan the documents' 5 million Sentences
// on the 20,000-document store (neighbourhood 1.2 s -> 57 ms, shortest_path 975 -> 217 ms).
MATCH (a:Document|SourceFile|City|Official|Person|Meeting|Campaign|Honour|Metric|Tactic|TacticCategory|Publication|Organization|Slogan)
WHERE a.name = $entity OR a.short_name = $entity OR a.adcode = $entity OR a.title = $entity
   OR a.doc_id = $entity OR a.person_id = $entity OR a.meeting_id = $entity OR a.honour_id = $entity
   OR a.indicator = $entity OR a.file_id = $entity
MATCH p = (a)-[*1..$hops]-(b:Document|SourceFile|City|Official|Person|Meeting|Campaign|Honour|Metric|Tactic|TacticCategory|Publication|Organization|Slogan)
WHERE b <> a
WITH head(labels(b)) AS label, coalesce(b.name, b.title, b.indicator, b.doc_id, b.text) AS name,
     min(length(p)) AS distance
RETURN label, name, distance
ORDER BY distance, label, name
LIMIT $limit
