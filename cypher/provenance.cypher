// Purpose: The provenance of a node and of its relationships: each fact with its documents and sentences.
// Param: entity STRING "焦作市" -- name, title or key of the node
// Param: other STRING "" -- name, title or key of the node at the other end, to see one relationship; "" for all
// Param: limit INT 200 -- at most this many outgoing and this many incoming relationships, best supported first
// Example: cckg query provenance --param entity=焦作市 --param other=网格化管理
// The entity's name leaves out text, which only a Slogan names it by and a Slogan is not matched by:
// on the embedded store, reading text from a node of no label reads every Sentence's text.
// A Document's own relationships keep no doc_ids (their evidence is all the Document's): it is their source.
// Entities only (graph.model.ENTITY_LABELS): no label would also scan the documents' 5 million Sentences
// on the 20,000-document store (neighbourhood 1.2 s -> 57 ms, shortest_path 975 -> 217 ms).
MATCH (n:Document|SourceFile|City|Official|Person|Meeting|Campaign|Honour|Metric|Tactic|TacticCategory|Publication|Organization|Slogan)
WHERE $other = ''
  AND (n.name = $entity OR n.short_name = $entity OR n.adcode = $entity OR n.title = $entity
   OR n.doc_id = $entity OR n.person_id = $entity OR n.meeting_id = $entity OR n.honour_id = $entity
   OR n.indicator = $entity OR n.file_id = $entity)
RETURN head(labels(n)) AS fact, coalesce(n.name, n.title, n.indicator, n.doc_id) AS subject, '' AS object,
       n.weight AS weight, n.doc_ids AS doc_ids, n.sentence_ids AS sentence_ids
UNION ALL
MATCH (n:Document|SourceFile|City|Official|Person|Meeting|Campaign|Honour|Metric|Tactic|TacticCategory|Publication|Organization|Slogan)-[r]->(m)
WHERE (n.name = $entity OR n.short_name = $entity OR n.adcode = $entity OR n.title = $entity
   OR n.doc_id = $entity OR n.person_id = $entity OR n.meeting_id = $entity OR n.honour_id = $entity
   OR n.indicator = $entity OR n.file_id = $entity)
WITH n, r, m
WHERE ($other = '' OR m.name = $other OR m.short_name = $other OR m.adcode = $other OR m.title = $other
   OR m.doc_id = $other OR m.person_id = $other OR m.meeting_id = $other OR m.honour_id = $other
   OR m.indicator = $other OR m.file_id = $other)
RETURN type(r) AS fact, coalesce(n.name, n.title, n.indicator, n.doc_id) AS subject,
       coalesce(m.name, m.title, m.indicator, m.doc_id, m.text) AS object,
       r.weight AS weight, coalesce(r.doc_ids, [n.doc_id]) AS doc_ids, r.sentence_ids AS sentence_ids
ORDER BY weight DESC, fact, object
LIMIT $limit
UNION ALL
MATCH (m)-[r]->(n:Document|SourceFile|City|Official|Person|Meeting|Campaign|Honour|Metric|Tactic|TacticCategory|Publication|Organization|Slogan)
WHERE (n.name = $entity OR n.short_name = $entity OR n.adcode = $entity OR n.title = $entity
   OR n.doc_id = $entity OR n.person_id = $entity OR n.meeting_id = $entity OR n.honour_id = $entity
   OR n.indicator = $entity OR n.file_id = $entity)
WITH n, r, m
WHERE ($other = '' OR m.name = $other OR m.short_name = $other OR m.adcode = $other OR m.title = $other
   OR m.doc_id = $other OR m.person_id = $other OR m.meeting_id = $other OR m.honour_id = $other
   OR m.indicator = $other OR m.file_id = $other)
RETURN type(r) AS fact, coalesce(m.name, m.title, m.indicator, m.doc_id, m.text) AS subject,
       coalesce(n.name, n.title, n.indicator, n.doc_id) AS object,
       r.weight AS weight, coalesce(r.doc_ids, [m.doc_id]) AS doc_ids, r.sentence_ids AS sentence_ids
ORDER BY weight DESC, fact, subject
LIMIT $limit
