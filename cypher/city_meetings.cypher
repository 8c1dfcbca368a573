// Purpose: A city's meeting timeline: date, meeting, type, who spoke and presided, and the recording documents.
// Param: city STRING "焦作市" -- a city's name, short name or adcode
// Example: cckg query city_meetings --param city=焦作市
MATCH (c:City)
WHERE c.name = $city OR c.short_name = $city OR c.adcode = $city
MATCH (m:Meeting)
WHERE m.city = c.adcode OR EXISTS { MATCH (m)-[:HELD_IN]->(c) }
OPTIONAL MATCH (s:Official)-[:SPOKE_AT]->(m)
OPTIONAL MATCH (p:Official)-[:PRESIDED_OVER]->(m)
OPTIONAL MATCH (d:Document)-[:RECORDS]->(m)
WITH m, collect(DISTINCT s.name) AS speakers, collect(DISTINCT p.name) AS presiders,
     collect(DISTINCT d.doc_id) AS documents
RETURN m.date_iso AS date, m.date_text AS date_text, m.name AS meeting, m.type AS type,
       speakers, presiders, documents
ORDER BY coalesce(date, '9999-12-31'), meeting
