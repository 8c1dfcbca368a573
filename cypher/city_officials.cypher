// Purpose: A city's officials with their posts (titles as written) and the meetings where they had a role.
// Param: city STRING "焦作市" -- a city's name, short name or adcode
// Example: cckg query city_officials --param city=焦作市
MATCH (c:City)
WHERE c.name = $city OR c.short_name = $city OR c.adcode = $city
MATCH (o:Official)
WHERE o.city = c.adcode OR EXISTS { MATCH (o)-[:HOLDS_POST]->(c) }
OPTIONAL MATCH (o)-[p:HOLDS_POST]->(c)
OPTIONAL MATCH (o)-[role]->(m:Meeting)
WITH o, collect(DISTINCT p.title) AS posts, collect(DISTINCT m.name) AS meetings,
     collect(DISTINCT type(role)) AS roles
RETURN o.name AS official, o.person_id AS person_id, posts, meetings, roles
ORDER BY size(meetings) DESC, official
