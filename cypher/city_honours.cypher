// Purpose: Honours by city: each title's edition and status (awarded, pursuing, nominated, renewal review), with evidence.
// Param: city STRING "" -- a city's name, short name or adcode; "" for every city
// Param: sentences INT 1 -- at most this many sentences per row (every city's honours: 8,870 rows on the 20,000-document bench store)
// Example: cckg query city_honours --param city=焦作市
MATCH (c:City)-[a:AWARDED]->(h:Honour)
WHERE $city = '' OR c.name = $city OR c.short_name = $city OR c.adcode = $city
RETURN c.name AS city, c.adcode AS adcode, h.title AS honour, h.edition AS edition, a.status AS status,
       a.rank AS rank, a.date_text AS date_text, a.sentence_ids[..$sentences] AS sentence_ids
ORDER BY city, honour, edition
