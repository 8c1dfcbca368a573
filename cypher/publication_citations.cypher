// Purpose: The documents that cite a publication (《…》), with their city and the citing sentences.
// Param: title STRING "" -- the publication's title or a part of it; "" for every publication
// Param: limit INT 200 -- at most this many citing documents, by publication, then oldest first
// Example: cckg query publication_citations --param title=全国文明城市测评体系
MATCH (d:Document)-[:REFERENCES]->(p:Publication)
WHERE $title = '' OR p.title CONTAINS $title
WITH d, p
ORDER BY p.title, d.date_iso, d.doc_id
LIMIT $limit
// sort on the keys alone, then read the evidence of the rows kept
MATCH (d)-[r:REFERENCES]->(p)
OPTIONAL MATCH (d)-[:ABOUT]->(c:City)
RETURN p.title AS publication, d.doc_id AS doc_id, d.title AS document, d.date_iso AS date,
       c.name AS city, r.sentence_ids AS sentence_ids
ORDER BY publication, date, doc_id
