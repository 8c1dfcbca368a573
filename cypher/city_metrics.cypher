// Purpose: The metrics a city reported: indicator, value, unit, scope, as-of date, with the sentences.
// Param: city STRING "焦作市" -- a city's name, short name or adcode
// Example: cckg query city_metrics --param city=焦作
MATCH (c:City)-[r:REPORTED]->(m:Metric)
WHERE c.name = $city OR c.short_name = $city OR c.adcode = $city
RETURN m.indicator AS metric, r.value AS value, r.unit AS unit, r.scope AS scope, r.as_of AS as_of,
       r.sentence_ids AS sentence_ids
ORDER BY metric, value
