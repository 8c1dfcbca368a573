// Purpose: A tactic's diffusion: the first document in which each city cited it (undated documents last).
// Param: tactic STRING "网格化管理" -- the tactic's name
// Example: cckg query tactic_timeline --param tactic=网格化管理
MATCH (t:Tactic)<-[:CITES]-(d:Document)-[:ABOUT]->(c:City)
WHERE t.name = $tactic
WITH c.name AS city, c.adcode AS adcode, min(d.date_iso) AS first_date, count(DISTINCT d) AS documents,
     collect(DISTINCT d.title) AS titles
RETURN city, adcode, first_date, documents, titles
ORDER BY coalesce(first_date, '9999-12-31'), city
