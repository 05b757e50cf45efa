// npm run rules — writes stack/prometheus/rules/genai-cost.rules.yaml from @pydantic/genai-prices.
// The output depends on the installed price table only, never on the time it is generated at.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as gp from '@pydantic/genai-prices';
import { costRulesFile, MODEL_NAMES_FILE, parseModelNames, RULES_FILE } from '../src/data/cost/costRulesFile';

const root = path.resolve(__dirname, '..');
const version = JSON.parse(
  readFileSync(path.join(root, 'node_modules/@pydantic/genai-prices/package.json'), 'utf8')
).version;
const names = parseModelNames(readFileSync(path.join(root, MODEL_NAMES_FILE), 'utf8'));
const { yaml, table } = costRulesFile(gp, version, names);
writeFileSync(path.join(root, RULES_FILE), yaml);
console.log(
  `wrote ${table.constant.length} constant and ${table.timed.length} time-dependent model prices (${table.skipped.length} skipped) to ${RULES_FILE}`
);
