// Purpose: Which cities cited which tactics, with the sentences that say so (a city's documents are those ABOUT it).
// Param: city STRING "" -- a city's name (焦作市), short name (焦作) or adcode (410800); "" for every city
// Param: tactic STRING "" -- a tactic's name (网格化管理); "" for every tactic
// Param: limit INT 500 -- at most this many rows
// Example: cckg query city_tactics --param city=焦作市
MATCH (c:City)<-[:ABOUT]-(d:Document)-[r:CITES]->(t:Tactic)
WHERE ($city = '' OR c.name = $city OR c.short_name = $city OR c.adcode = $city)
  AND ($tactic = '' OR t.name = $tactic)
UNWIND r.sentences AS sentence
WITH c.name AS city, c.adcode AS adcode, t.name AS tactic, t.category AS category,
     collect(DISTINCT d.doc_id) AS doc_ids, collect(DISTINCT sentence) AS sentences
RETURN city, adcode, tactic, category, size(doc_ids) AS documents, doc_ids, sentences
ORDER BY documents DESC, city, tactic
LIMIT $limit
