// Purpose: Cities that share tactics with a given city, ranked by the Jaccard similarity of their tactic sets.
// Param: city STRING "焦作市" -- a city's name, short name or adcode
// Param: limit INT 20 -- at most this many cities
// Example: cckg query similar_cities --param city=焦作市 --param limit=10
MATCH (a:City)<-[:ABOUT]-(:Document)-[:CITES]->(t:Tactic)
WHERE a.name = $city OR a.short_name = $city OR a.adcode = $city
WITH a, collect(DISTINCT t.name) AS mine
MATCH (b:City)<-[:ABOUT]-(:Document)-[:CITES]->(t2:Tactic)
WHERE b <> a
WITH b, mine, collect(DISTINCT t2.name) AS theirs
WITH b, mine, theirs, [x IN theirs WHERE x IN mine] AS shared
WHERE size(shared) > 0
RETURN b.name AS city, b.adcode AS adcode, shared, size(shared) AS shared_count,
       size(shared) * 1.0 / (size(mine) + size(theirs) - size(shared)) AS jaccard
ORDER BY jaccard DESC, shared_count DESC, city
LIMIT $limit
