// Purpose: Which cities cited which tactics, with the sentences that say so (a city's documents are those ABOUT it).
// Param: city STRING "" -- a city's name (焦作市), short name (焦作) or adcode (410800); "" for every city
// Param: tactic STRING "" -- a tactic's name (网格化管理); "" for every tactic
// Param: limit INT 200 -- at most this many rows, the most-cited first
// Param: sentences INT 3 -- at most this many example sentences per row
// Example: cckg query city_tactics --param city=焦作市
// USES (derived at load) holds, per city and tactic, the citations of the documents about the city.
MATCH (c:City)-[u:USES]->(t:Tactic)
WHERE ($city = '' OR c.name = $city OR c.short_name = $city OR c.adcode = $city)
  AND ($tactic = '' OR t.name = $tactic)
WITH c, t, u.docs AS docs
ORDER BY docs DESC, c.name, t.name
LIMIT $limit
// sort on the counts alone, then read the evidence lists of the rows kept
MATCH (c)-[u:USES]->(t)
UNWIND u.doc_ids AS doc_id
WITH c, t, u, collect(DISTINCT doc_id) AS doc_ids
RETURN c.name AS city, c.adcode AS adcode, t.name AS tactic, t.category AS category,
       size(doc_ids) AS documents, doc_ids, u.sentence_ids[..$sentences] AS sentence_ids
ORDER BY documents DESC, city, tactic
