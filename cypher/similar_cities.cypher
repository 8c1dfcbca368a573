// Purpose: Cities that share tactics with a given city, ranked by the Jaccard similarity of their tactic sets.
// Param: city STRING "焦作市" -- a city's name, short name or adcode
// Param: limit INT 20 -- at most this many cities
// Example: cckg query similar_cities --param city=焦作市 --param limit=10
// A city's tactic set: the tactics it USES (cited by the documents ABOUT it).
MATCH (a:City)-[:USES]->(t:Tactic)
WHERE a.name = $city OR a.short_name = $city OR a.adcode = $city
WITH a, count(t) AS mine
MATCH (a)-[:USES]->(t:Tactic)<-[:USES]-(b:City)
WHERE b <> a
WITH b, mine, collect(t.name) AS shared
MATCH (b)-[:USES]->(t2:Tactic)
WITH b, mine, shared, count(t2) AS theirs
RETURN b.name AS city, b.adcode AS adcode, shared, size(shared) AS shared_count,
       size(shared) * 1.0 / (mine + theirs - size(shared)) AS jaccard
ORDER BY jaccard DESC, shared_count DESC, city
LIMIT $limit
