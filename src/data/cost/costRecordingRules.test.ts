/** @jest-environment node */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as gp from '@pydantic/genai-prices';
import { costRecordingRulesYaml, linearModelPrices } from './costRecordingRules';

const run = promisify(execFile);
const RULES_DIR = path.resolve(__dirname, '../../../stack/prometheus/rules');
const RULES = path.join(RULES_DIR, 'genai-cost.rules.yaml');

describe('cost recording rules', () => {
  it('are up to date with the installed price table (run `npm run rules` after upgrading it)', () => {
    const committed = readFileSync(RULES, 'utf8');
    const body = (s: string) => s.slice(s.indexOf('groups:'));
    const extra = readFileSync(path.resolve(RULES_DIR, '../model-names.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(body(costRecordingRulesYaml(linearModelPrices(gp, extra).prices, []))).toBe(body(committed));
  });

  it('price models at the table’s per-token rates, including dated names from model-names.txt', () => {
    const { prices, skipped } = linearModelPrices(gp, ['claude-sonnet-4-20250514', 'acme-unknown-model-1']);
    const mini = prices.find((p) => p.model === 'gpt-4o-mini')!;
    const q = gp.calcPrice({ input_tokens: 1, output_tokens: 0 }, 'gpt-4o-mini', { providerId: 'openai' })!;
    expect(mini.inputPerToken).toBeCloseTo(q.total_price, 18);
    expect(prices.some((p) => p.model === 'claude-sonnet-4-20250514')).toBe(true);
    expect(skipped).toContain('acme-unknown-model-1');
    // Tiered prices depend on request size, which a token counter does not know.
    expect(skipped).toContain('google/gemini-2.5-pro');
  });

  it('pass promtool check rules and the promtool unit test', async () => {
    const check = await run('promtool', ['check', 'rules', RULES]);
    expect(check.stdout).toMatch(/SUCCESS: 2 rules found/);
    const test = await run('promtool', ['test', 'rules', 'genai-cost.rules.test.yaml'], { cwd: RULES_DIR });
    expect(test.stdout).toMatch(/SUCCESS/);
    // promtool parses the 900-series rule twice; about 4 s alone, more on a loaded machine.
  }, 30_000);
});
