// The embedded store's own form of ../shortest_path.cypher: the same parameters, rows and columns.
// With endpoints of no label, LadybugDB is slow to build a path variable (any use of nodes(p) or
// rels(p): ~470 ms on the 20,000-document bench store) and fast to bind the hops to a relationship
// list and read its inner nodes with properties() (~150 ms). A Slogan cannot be an endpoint (its key,
// text, is not among the properties matched), so the endpoints' names leave text out: reading
// the text column of a node of no label costs ~120 ms (every Sentence's text lives there too).
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
MATCH (a)-[e* SHORTEST 1..6]-(b)
WITH a, b, e, properties(nodes(e), '_LABEL') AS inner_labels, properties(nodes(e), 'name') AS names,
     properties(nodes(e), 'title') AS titles, properties(nodes(e), 'indicator') AS indicators,
     properties(nodes(e), 'doc_id') AS doc_ids, properties(nodes(e), 'text') AS texts
RETURN length(e) AS hops,
       [coalesce(a.name, a.title, a.indicator, a.doc_id)]
         + list_transform(range(1, size(inner_labels)),
                          i -> coalesce(names[i], titles[i], indicators[i], doc_ids[i], texts[i]))
         + [coalesce(b.name, b.title, b.indicator, b.doc_id)] AS path,
       [label(a)] + inner_labels + [label(b)] AS labels,
       list_transform(rels(e), r -> label(r)) AS relationships
ORDER BY hops, label(a), label(b)
LIMIT 1
