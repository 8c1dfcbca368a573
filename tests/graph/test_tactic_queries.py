"""The `cckg tactics` queries pass Neo4j's own Cypher linter against the model's schema."""

from graph import tactic_queries
from graph.cypher_lint import CypherSchema, LintQuery, lint_cypher
from graph.model import cypher_schema


def test_tactic_queries_lint_clean_for_neo4j():
    schema = cypher_schema()
    results = lint_cypher(
        [LintQuery("curated", tactic_queries.CURATED, {"limit": 10}),
         LintQuery("candidates", tactic_queries.CANDIDATES, {"limit": 10})],
        CypherSchema(labels=schema["labels"], relationship_types=schema["relationshipTypes"],
                     property_keys=schema["propertyKeys"]),
    )
    for result in results:
        assert result.ok, result.report()
