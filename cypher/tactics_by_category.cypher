// Purpose: The tactics a city cites, grouped by category, with how many of its documents cite each group.
// Param: city STRING "焦作市" -- a city's name, short name or adcode
// Example: cckg query tactics_by_category --param city=焦作
MATCH (c:City)<-[:ABOUT]-(d:Document)-[:CITES]->(t:Tactic)
WHERE c.name = $city OR c.short_name = $city OR c.adcode = $city
OPTIONAL MATCH (t)-[:IN_CATEGORY]->(k:TacticCategory)
WITH coalesce(k.name, t.category, '(uncategorised)') AS category, t.name AS tactic, d.doc_id AS doc_id
WITH category, tactic, count(DISTINCT doc_id) AS documents
RETURN category, collect(tactic) AS tactics, sum(documents) AS citations
ORDER BY citations DESC, category
