// Purpose: Cities by the number of documents that name them, with the documents' titles.
// Param: limit INT 50 -- at most this many cities
// Example: cckg query cities_mentioned --param limit=10
MATCH (d:Document)-[:MENTIONS]->(c:City)
WITH c.name AS city, c.adcode AS adcode, c.level AS level, collect(DISTINCT d.title) AS titles,
     count(DISTINCT d) AS documents
RETURN city, adcode, level, documents, titles
ORDER BY documents DESC, city
LIMIT $limit
