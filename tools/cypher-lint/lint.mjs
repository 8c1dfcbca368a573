// Lint a batch of Cypher statements with Neo4j's own front end, offline.
//
// stdin (JSON):
//   {
//     "schema": {
//       "labels": ["City", ...],              // node labels that exist
//       "relationshipTypes": ["ABOUT", ...],  // relationship types that exist
//       "propertyKeys": ["adcode", ...],      // property keys that exist
//       "graphSchema": [{"from": "Document", "relType": "ABOUT", "to": "City"}],  // optional
//       "plugins": ["apoc"],                  // optional: also accept apoc.* / gds.* routines
//       "cypherVersion": "CYPHER 5"           // optional: "CYPHER 5" (default) or "CYPHER 25"
//     },
//     "queries": [{"name": "...", "text": "...", "parameters": {"rows": [...]}}]
//   }
// stdout (JSON): [{"name": "...", "diagnostics": [{"severity", "message", "line", "character"}]}]
//   severity is LSP's: 1 error, 2 warning, 3 information, 4 hint.
//   line and character are LSP's 0-based start position of the diagnostic.
//
// Exit codes: 0 linted (whatever the diagnostics), 2 bad input, 3 package not installed.
//
// Built-in functions and procedures: the linter only checks function and procedure names
// when it is given a signature registry, and @neo4j-cypher/language-support ships no
// default one except the snapshot of a real Neo4j's registry in its exported
// `testData.mockSchema` (135 built-in functions, db.* / dbms.* / tx.* / cdc.* procedures,
// plus APOC and GDS). We pass the built-in part, so that count(), db.labels() ... are
// accepted and misspelt or missing routines are errors; apoc.* and gds.* only when the
// schema lists them in "plugins".

import { readFileSync } from 'node:fs';

const INSTALL_HINT = 'run: npm ci --prefix tools/cypher-lint';
const PLUGIN_NAMESPACES = ['apoc', 'gds'];
const CYPHER_VERSIONS = ['CYPHER 5', 'CYPHER 25'];

function fail(code, message) {
  process.stderr.write(`cypher-lint: ${message}\n`);
  process.exit(code);
}

let languageSupport;
try {
  languageSupport = await import('@neo4j-cypher/language-support');
} catch (error) {
  fail(3, `cannot load @neo4j-cypher/language-support (${error.message}); ${INSTALL_HINT}`);
}
const { lintCypherQuery, testData } = languageSupport;

function isStringList(value) {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function readRequest() {
  let request;
  try {
    request = JSON.parse(readFileSync(0, 'utf8'));
  } catch (error) {
    fail(2, `stdin is not JSON: ${error.message}`);
  }
  const schema = request?.schema;
  const queries = request?.queries;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    fail(2, '"schema" must be an object');
  }
  for (const key of ['labels', 'relationshipTypes', 'propertyKeys']) {
    if (!isStringList(schema[key])) fail(2, `"schema.${key}" must be a list of strings`);
  }
  const plugins = schema.plugins ?? [];
  if (!isStringList(plugins) || plugins.some((p) => !PLUGIN_NAMESPACES.includes(p))) {
    fail(2, `"schema.plugins" must be a list drawn from ${JSON.stringify(PLUGIN_NAMESPACES)}`);
  }
  const cypherVersion = schema.cypherVersion ?? 'CYPHER 5';
  if (!CYPHER_VERSIONS.includes(cypherVersion)) {
    fail(2, `"schema.cypherVersion" must be one of ${JSON.stringify(CYPHER_VERSIONS)}`);
  }
  const graphSchema = schema.graphSchema;
  if (
    graphSchema !== undefined &&
    !(
      Array.isArray(graphSchema) &&
      graphSchema.every((r) => ['from', 'relType', 'to'].every((k) => typeof r?.[k] === 'string'))
    )
  ) {
    fail(2, '"schema.graphSchema" must be a list of {"from", "relType", "to"} strings');
  }
  if (!Array.isArray(queries)) fail(2, '"queries" must be a list');
  queries.forEach((query, index) => {
    if (typeof query?.name !== 'string') fail(2, `queries[${index}].name must be a string`);
    if (typeof query.text !== 'string') fail(2, `queries[${index}].text must be a string`);
    const parameters = query.parameters ?? {};
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
      fail(2, `queries[${index}].parameters must be an object`);
    }
  });
  return { schema: { ...schema, plugins, cypherVersion }, queries };
}

function isPluginRoutine(name, plugins) {
  const namespace = name.split('.')[0];
  return PLUGIN_NAMESPACES.includes(namespace) && !plugins.includes(namespace);
}

// Built-in (and requested plugin) functions and procedures, per Cypher version.
function signatureRegistry(plugins) {
  const functions = {};
  const procedures = {};
  for (const version of CYPHER_VERSIONS) {
    functions[version] = Object.fromEntries(
      Object.entries(testData.mockSchema.functions[version] ?? {}).filter(
        ([name]) => !isPluginRoutine(name, plugins),
      ),
    );
    procedures[version] = Object.fromEntries(
      Object.entries(testData.mockSchema.procedures[version] ?? {}).filter(
        ([name]) => !isPluginRoutine(name, plugins),
      ),
    );
  }
  return { functions, procedures };
}

function toDiagnostic(diagnostic) {
  return {
    severity: diagnostic.severity ?? 1,
    message: diagnostic.message,
    line: diagnostic.range.start.line,
    character: diagnostic.range.start.character,
  };
}

function lintOne(query, baseSchema) {
  if (query.text.trim() === '') {
    return [{ severity: 1, message: 'Empty query.', line: 0, character: 0 }];
  }
  try {
    const dbSchema = { ...baseSchema, parameters: query.parameters ?? {} };
    const { diagnostics } = lintCypherQuery(query.text, dbSchema, {
      consoleCommandsEnabled: false,
    });
    return diagnostics.map(toDiagnostic);
  } catch (error) {
    // Fail closed: a linter crash must never read as a clean query.
    return [{ severity: 1, message: `cypher-lint internal error: ${error.message}`, line: 0, character: 0 }];
  }
}

const { schema, queries } = readRequest();
const baseSchema = {
  labels: schema.labels,
  relationshipTypes: schema.relationshipTypes,
  propertyKeys: schema.propertyKeys,
  ...(schema.graphSchema ? { graphSchema: schema.graphSchema } : {}),
  ...signatureRegistry(schema.plugins),
  defaultLanguage: schema.cypherVersion,
};
const results = queries.map((query) => ({
  name: query.name,
  diagnostics: lintOne(query, baseSchema),
}));
process.stdout.write(JSON.stringify(results) + '\n');
