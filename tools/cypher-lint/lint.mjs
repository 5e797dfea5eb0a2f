#!/usr/bin/env node
// Lints Cypher statements offline with Neo4j's own language support.
//
// Usage: node lint.mjs statements.json
// The file holds [{"name", "text", "params": [names]}, ...] and may carry
// {"labels": [...], "relationshipTypes": [...]} beside "statements".
// Only the declared parameters are known to the linter, so a statement that
// uses another one fails. Prints one JSON line per statement with its
// diagnostics; exits 1 when any statement has one, 2 on bad input.
import { readFileSync } from 'node:fs';
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

function main(argv) {
  if (argv.length !== 1) {
    console.error('usage: node lint.mjs statements.json');
    return 2;
  }
  let input;
  try {
    input = JSON.parse(readFileSync(argv[0], 'utf8'));
  } catch (err) {
    console.error(`${argv[0]}: cannot read statements: ${err.message}`);
    return 2;
  }
  const statements = Array.isArray(input) ? input : input.statements;
  if (!Array.isArray(statements) || statements.length === 0) {
    console.error(`${argv[0]}: no statements to lint`);
    return 2;
  }
  let failed = 0;
  for (const st of statements) {
    const parameters = Object.fromEntries((st.params || []).map((p) => [p, null]));
    const schema = { parameters };
    if (input.labels) schema.labels = input.labels;
    if (input.relationshipTypes) schema.relationshipTypes = input.relationshipTypes;
    const { diagnostics } = lintCypherQuery(st.text, schema);
    const problems = diagnostics.map((d) => ({
      severity: SEVERITY[d.severity] || String(d.severity),
      message: d.message,
      at: d.offsets ? st.text.slice(d.offsets.start, d.offsets.end) : undefined,
    }));
    if (problems.length) failed += 1;
    console.log(JSON.stringify({ name: st.name, ok: problems.length === 0, problems }));
  }
  console.error(`${statements.length - failed} clean, ${failed} with problems`);
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
