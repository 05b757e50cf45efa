/** @jest-environment node */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as gp from '@pydantic/genai-prices';
import { stringify } from 'yaml';
import { costRulesFile, MODEL_NAMES_FILE, parseModelNames, RULES_FILE } from './costRulesFile';
import { COST_SERIES, costRecordingRulesYaml, DEFAULT_RULES_OPTIONS } from './costRecordingRules';
import { entryAt, readPriceTable } from './modelPricing';
import { genaiPricesLookup } from './priceLookup';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../../..');
const RULES = path.join(ROOT, RULES_FILE);
const RULES_DIR = path.dirname(RULES);

const PRICES_VERSION = JSON.parse(
  readFileSync(path.join(ROOT, 'node_modules/@pydantic/genai-prices/package.json'), 'utf8')
).version;
const generate = () =>
  costRulesFile(gp, PRICES_VERSION, parseModelNames(readFileSync(path.join(ROOT, MODEL_NAMES_FILE), 'utf8')));
const timedGroupOf = (s: string) => s.slice(s.indexOf('  - name: genai-cost-timed'));

describe('cost recording rules file', () => {
  afterEach(() => jest.useRealTimers());

  // The generator once priced at the wall clock: DeepSeek's off-peak rate (16:30–00:30 UTC) made
  // the committed file wrong for half of every day. It must not depend on the clock at all.
  it.each(['2026-12-01T17:00:00Z', '2026-12-01T08:00:00Z', '2031-06-01T00:10:00Z'])(
    'is generated identically and equals the committed file under a clock at %s',
    (now) => {
      jest.useFakeTimers({ now: new Date(now) });
      expect(new Date().toISOString()).toBe(new Date(now).toISOString()); // the fake clock is in force
      expect(generate().yaml).toBe(readFileSync(RULES, 'utf8'));
    }
  );

  it('passes promtool check rules (no duplicate series between the groups) and the committed unit test', async () => {
    const check = await run('promtool', ['check', 'rules', RULES]);
    expect(check.stdout).toMatch(/SUCCESS: 7 rules found/);
    const test = await run('promtool', ['test', 'rules', 'genai-cost.rules.test.yaml'], { cwd: RULES_DIR });
    expect(test.stdout).toMatch(/SUCCESS/);
  }, 60_000);

  it('lists what it cannot price, with the reason, and prices the DeepSeek models by time of day', () => {
    const { table, yaml } = generate();
    const timed = table.timed.map((m) => m.model);
    expect(timed).toEqual(expect.arrayContaining(['deepseek-chat', 'deepseek-reasoner', 'deepseek-chat-v3-0324']));
    expect(table.constant.map((m) => m.model)).not.toContain('deepseek-chat');
    expect(table.skipped).toContainEqual({
      name: 'google/gemini-2.5-pro',
      reason: expect.stringMatching(/tiered price/),
    });
    const header = yaml.slice(0, yaml.indexOf('groups:'));
    expect(header).toContain('google/gemini-2.5-pro (tiered price');
    expect(header).toMatch(/genai-cost-timed: [^\n]*deepseek-chat/);
  });
});

describe('price table reading', () => {
  const table = readPriceTable(gp, ['claude-sonnet-4-20250514', 'acme-unknown-model-1']);

  it('reads constant prices at the table’s per-token rates, dated names included', () => {
    const mini = table.constant.find((p) => p.model === 'gpt-4o-mini')!;
    const q = gp.calcPrice({ input_tokens: 1e6, output_tokens: 1e6, cache_read_tokens: 5e5 }, 'gpt-4o-mini', {
      providerId: 'openai',
    })!;
    const r = mini.entries[0].rates;
    expect(5e5 * r.input + 5e5 * r.cacheRead + 1e6 * r.output).toBeCloseTo(q.total_price, 12);
    expect(table.constant.some((p) => p.model === 'claude-sonnet-4-20250514')).toBe(true);
    expect(table.skipped).toContainEqual({ name: 'acme-unknown-model-1', reason: expect.any(String) });
  });

  // The rules mirror entryAt; entryAt must agree with the table's own calculation at every time.
  it('picks, for every time-dependent model, the price calcPrice applies at that instant', () => {
    const usage = { input_tokens: 1_000_000, output_tokens: 300_000, cache_read_tokens: 200_000 };
    const instants: number[] = [];
    for (const day of ['2025-01-15', '2026-08-16', '2026-08-18', '2027-02-01']) {
      for (let m = 0; m < 24 * 60; m += 15) {
        instants.push(Date.parse(`${day}T00:00:00Z`) / 1000 + m * 60);
      }
    }
    expect(table.timed.length).toBeGreaterThanOrEqual(4);
    let compared = 0;
    for (const p of table.timed) {
      for (const at of instants) {
        const expected = gp.calcPrice(usage, p.model, { providerId: p.provider, timestamp: new Date(at * 1000) })!;
        const { rates } = entryAt(p, at);
        const got =
          (usage.input_tokens - usage.cache_read_tokens) * rates.input +
          usage.cache_read_tokens * rates.cacheRead +
          usage.output_tokens * rates.output;
        expect(Math.abs(got - expected.total_price)).toBeLessThanOrEqual(1e-9 * expected.total_price);
        compared++;
      }
    }
    expect(compared).toBe(table.timed.length * instants.length);
  });
});

/**
 * Recorded cost vs the data source's per-call cost, evaluated by promtool (the real engine) at
 * 08:00 and 17:00 UTC. promtool starts every test at 1970-01-01 00:00 UTC and evaluates every
 * group at the test's evaluation_interval (it ignores a group's own `interval`), so the test
 * generates the time-dependent group for a 10-minute interval — the committed group with its
 * intervals ×10 — to keep the run to ~100 evaluations instead of ~1,000.
 */
describe('recorded cost by time of day (promtool)', () => {
  const MIN = 60;
  const STEP = 10 * MIN;
  const lookup = genaiPricesLookup(gp.calcPrice);
  const sec = (h: number, m: number) => h * 3600 + m * MIN;
  const END = sec(17, 40);
  const samples = END / MIN;
  const at = (t: number) => `${t / MIN}m`;

  /** promtool series notation, one sample a minute: 0 until `a`, `first` from `a`, `second` from `b`. */
  function steps3(a: number, b: number, first: number, second: number): string {
    const [i, j] = [a / MIN, b / MIN];
    return `0x${i - 1} ${first}x${j - i - 1} ${second}x${samples - j}`;
  }
  const CALL_AT = [sec(8, 2), sec(17, 2)];
  const twoCalls = (tokens: number) => steps3(CALL_AT[0], CALL_AT[1], tokens, 2 * tokens);

  const call = { input: 10_000, cacheRead: 4_000, cacheWrite: 1_000, output: 2_000 };
  const labels = (job: string, model: string, extra: Record<string, string>) =>
    `{${Object.entries({ job, instance: `${job}-0`, gen_ai_request_model: model, ...extra })
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(', ')}}`;
  const text = { gen_ai_token_modality: 'text' };
  const newCounters = (job: string, model: string) =>
    [
      [`gen_ai_client_inference_usage_input_tokens_total${labels(job, model, text)}`, call.input],
      [`gen_ai_client_inference_usage_cache_read_input_tokens_total${labels(job, model, text)}`, call.cacheRead],
      [`gen_ai_client_inference_usage_cache_write_input_tokens_total${labels(job, model, text)}`, call.cacheWrite],
      [`gen_ai_client_inference_usage_output_tokens_total${labels(job, model, text)}`, call.output],
      [`gen_ai_client_inference_usage_reasoning_output_tokens_total${labels(job, model, text)}`, 500],
    ] as const;
  const legacy = (job: string, model: string) =>
    [
      [`gen_ai_client_token_usage_sum${labels(job, model, { gen_ai_token_type: 'input' })}`, call.input],
      [`gen_ai_client_token_usage_sum${labels(job, model, { gen_ai_token_type: 'output' })}`, call.output],
    ] as const;

  /** What the data source charges for a span that started at `atSec` (no provider: matched by model). */
  const price = (
    model: string,
    atSec: number,
    u: Partial<{ input: number; output: number; cacheRead: number; cacheCreation: number }>
  ) => lookup({ input: 0, output: 0, cacheRead: 0, cacheCreation: 0, ...u }, model, undefined, atSec * 1000)!.totalUsd;
  const callCost = (model: string, t: number, cached: boolean) =>
    price(model, t, {
      input: call.input,
      output: call.output,
      ...(cached ? { cacheRead: call.cacheRead, cacheCreation: call.cacheWrite } : {}),
    });
  const callSaving = (model: string, t: number) =>
    price(model, t, { input: call.input }) -
    price(model, t, { input: call.input, cacheRead: call.cacheRead, cacheCreation: call.cacheWrite });

  /** The change of a recorded series over the evaluation interval that ends at `t`. */
  const change = (series: string, matchers: string, t: number, intervals = 1) => ({
    expr: `sum(${series}{${matchers}}) - sum(${series}{${matchers}} offset ${(intervals * STEP) / MIN}m)`,
    eval_time: at(t),
  });

  it('gives the peak price at 08:00 and the off-peak price at 17:00, equal to the data source per call', async () => {
    const { table } = generate();
    // Two constant models are enough here; the time-dependent group is the committed one.
    const cut = {
      constant: table.constant.filter((p) => ['gpt-4o-mini', 'gpt-4o'].includes(p.model)),
      timed: table.timed,
    };
    const rules = costRecordingRulesYaml(cut, [], { ...DEFAULT_RULES_OPTIONS, timedIntervalSec: STEP });
    expect(
      timedGroupOf(rules)
        .replaceAll(`${5 * STEP}s`, '300s')
        .replaceAll(`${STEP}s`, '60s')
    ).toBe(timedGroupOf(readFileSync(RULES, 'utf8')));

    const series: Array<{ series: string; values: string }> = [
      ...newCounters('app-2026', 'deepseek-chat'),
      ...legacy('app-legacy', 'deepseek-chat'),
      // One app mid-migration sends both generations for the same calls: counted once.
      ...newCounters('app-both', 'deepseek-chat'),
      ...legacy('app-both', 'deepseek-chat'),
      ...newCounters('app-2026', 'gpt-4o-mini'),
    ].map(([s, tokens]) => ({ series: s, values: twoCalls(tokens) }));
    // Steady traffic, 1000 input tokens a minute, across the 16:30 change.
    series.push({
      series: `gen_ai_client_inference_usage_input_tokens_total${labels('steady', 'deepseek-reasoner', text)}`,
      values: `0+1000x${samples}`,
    });
    // An app restart at 17:10 resets its counter from 5000 to 1000.
    series.push({
      series: `gen_ai_client_inference_usage_output_tokens_total${labels('restarts', 'deepseek-chat', text)}`,
      values: steps3(sec(17, 0), sec(17, 10), 5000, 1000),
    });

    type Check = { expr: string; eval_time: string; exp_samples: Array<{ labels: string; value: number }> };
    const checks: Check[] = [];
    // promtool 2.42 compares sample values exactly; the requirement is agreement within 1e-6
    // (relative), so each check asks PromQL itself whether |got − expected| ≤ 1e-6·expected.
    const within = (c: { expr: string; eval_time: string }, expected: number): Check => ({
      expr: `abs((${c.expr}) - ${expected}) <= bool ${1e-6 * Math.abs(expected)}`,
      eval_time: c.eval_time,
      exp_samples: [{ labels: '{}', value: 1 }],
    });
    const one = (value: number) => [{ labels: '{}', value }];
    for (const t of CALL_AT) {
      const ends = t - (t % STEP) + 2 * STEP; // two intervals: from before the call to after it
      for (const [job, cached] of [
        ['app-2026', true],
        ['app-legacy', false], // the older histogram does not split cached tokens
        ['app-both', true],
      ] as const) {
        const m = `job="${job}", gen_ai_request_model="deepseek-chat"`;
        checks.push(within(change(COST_SERIES.cost, m, ends, 2), callCost('deepseek-chat', t, cached)));
      }
      const mini = 'job="app-2026", gen_ai_request_model="gpt-4o-mini"';
      checks.push(within(change(COST_SERIES.cost, mini, ends, 2), callCost('gpt-4o-mini', t, true)));
      checks.push(within(change(COST_SERIES.cacheSavings, mini, ends, 2), callSaving('gpt-4o-mini', t)));
      const ds = 'job="app-2026", gen_ai_request_model="deepseek-chat"';
      checks.push(within(change(COST_SERIES.cacheSavings, ds, ends, 2), callSaving('deepseek-chat', t)));
    }
    // The two DeepSeek prices: off-peak costs well under the peak price.
    expect(callCost('deepseek-chat', CALL_AT[1], true)).toBeLessThan(0.6 * callCost('deepseek-chat', CALL_AT[0], true));

    // Each interval's tokens at the rate in force when they are recorded (16:30 is off-peak).
    const perTokens = (t: number) => price('deepseek-reasoner', t, { input: (STEP / MIN) * 1000 });
    expect(perTokens(sec(16, 30))).toBeLessThan(perTokens(sec(16, 20)));
    for (const t of [sec(16, 20), sec(16, 30), sec(16, 50)]) {
      checks.push(within(change(COST_SERIES.cost, 'job="steady"', t), perTokens(t)));
    }
    // The total never falls across the price changes or the app's restart.
    for (const job of ['steady', 'restarts']) {
      checks.push({
        expr: `sum(resets(${COST_SERIES.cost}{job="${job}"}[17h]))`,
        eval_time: at(END),
        exp_samples: one(0),
      });
    }
    // After the restart the counter reads 1000: those 1000 output tokens are priced.
    checks.push(
      within(
        change(COST_SERIES.cost, 'job="restarts"', sec(17, 10)),
        price('deepseek-chat', sec(17, 10), { output: 1000 })
      )
    );

    const dir = await mkdtemp(path.join(tmpdir(), 'genai-timed-'));
    const promtoolTest = async (name: string, promql: Check[]) => {
      await writeFile(
        path.join(dir, name),
        stringify({
          rule_files: ['rules.yaml'],
          evaluation_interval: `${STEP / MIN}m`,
          tests: [{ interval: '1m', input_series: series, promql_expr_test: promql }],
        })
      );
      return run('promtool', ['test', 'rules', name], { cwd: dir }).then(
        (r) => ({ ok: true, out: r.stdout }),
        (e: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${e.stdout}\n${e.stderr}` })
      );
    };
    try {
      await writeFile(path.join(dir, 'rules.yaml'), rules);
      const res = await promtoolTest('test.yaml', checks);
      expect(res.out).toMatch(/SUCCESS/);
      expect(res.ok).toBe(true);
      // promtool really compares: 1 % off on the off-peak call fails.
      const offPeakCall = change(
        COST_SERIES.cost,
        'job="app-2026", gen_ai_request_model="deepseek-chat"',
        sec(17, 20),
        2
      );
      const wrong = await promtoolTest('wrong.yaml', [
        within(offPeakCall, 1.01 * callCost('deepseek-chat', CALL_AT[1], true)),
      ]);
      expect(wrong.ok).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
