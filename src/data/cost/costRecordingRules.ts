// Prometheus recording rules that turn token series into cost, from the same price table the
// datasource uses. There is no semconv cost metric; alerts need one in Prometheus.
import { goStringLiteral } from '../escape/goStringLiteral';
import type { ModelPricing, PriceCondition, PriceEntry, PriceTableReading, TokenRates } from './modelPricing';

/** Series the rules record (documented in docs/dashboards-and-alerts.md). */
export const COST_SERIES = {
  /** Cumulative USD (a counter: use rate/increase), all labels of the token series but the token type/modality. */
  cost: 'genai:cost_usd:total',
  /** Cumulative tokens of models without a price (cost unknown, never silently 0), by `gen_ai_token_type`. */
  unpriced: 'genai:tokens_unpriced:total',
  /** Cumulative USD that cache reads saved against the input rate, net of the cache-write premium. */
  cacheSavings: 'genai:cache_savings_usd:total',
  /** Per-minute increments of the models whose price changes over time (summed into the two above). */
  costIncrement: 'genai:cost_usd:increase1m',
  cacheSavingsIncrement: 'genai:cache_savings_usd:increase1m',
} as const;

/** The token series the rules read: both generations of the GenAI metrics (underscore names). */
export interface RulesOptions {
  /** semconv ≤ 1.41: gen_ai.client.token.usage histogram sum, split by token type. */
  legacyTokens: string;
  tokenTypeLabel: string;
  /** 2026: one counter per token class, split by modality; cache and reasoning are subsets. */
  input: string;
  output: string;
  cacheRead: string;
  cacheWrite: string;
  modalityLabel: string;
  modelLabel: string;
  /** The model that answered: priced first, as the data source does (fallbacks cost what answered). */
  responseModelLabel: string;
  /** Evaluation interval of the time-dependent group; its increments span exactly this. */
  timedIntervalSec: number;
}

export const DEFAULT_RULES_OPTIONS: RulesOptions = {
  legacyTokens: 'gen_ai_client_token_usage_sum',
  tokenTypeLabel: 'gen_ai_token_type',
  input: 'gen_ai_client_inference_usage_input_tokens_total',
  output: 'gen_ai_client_inference_usage_output_tokens_total',
  cacheRead: 'gen_ai_client_inference_usage_cache_read_input_tokens_total',
  cacheWrite: 'gen_ai_client_inference_usage_cache_write_input_tokens_total',
  modalityLabel: 'gen_ai_token_modality',
  modelLabel: 'gen_ai_request_model',
  responseModelLabel: 'gen_ai_response_model',
  timedIntervalSec: 60,
};

// A label that keeps the per-class terms of one model apart inside `or` (they share every other label).
const CLASS_LABEL = 'genai_token_class';

/**
 * Coefficient per token of each new-family counter. Cache counters are subsets of input, so
 * (input − read − write)·in + read·cr + write·cw = input·in + read·(cr − in) + write·(cw − in).
 */
function counterCoefficient(k: Klass, r: TokenRates): number {
  switch (k) {
    case 'input':
      return r.input;
    case 'output':
      return r.output;
    case 'cacheRead':
      return r.cacheRead - r.input;
    case 'cacheWrite':
      return r.cacheWrite - r.input;
  }
}

/** USD a cache token saved compared with paying the input rate (negative for a write premium). */
function savingCoefficient(k: 'cacheRead' | 'cacheWrite', r: TokenRates): number {
  return r.input - (k === 'cacheRead' ? r.cacheRead : r.cacheWrite);
}

function num(x: number): string {
  return x.toExponential();
}

function conditionExpr(c: PriceCondition): string {
  if (c.kind === 'fromDate') {
    return `vector(time()) >= ${c.startSec}`;
  }
  const sod = 'vector(time() % 86400)';
  return c.endSecOfDay < c.startSecOfDay
    ? `(${sod} >= ${c.startSecOfDay} or ${sod} < ${c.endSecOfDay})`
    : `(${sod} >= ${c.startSecOfDay} and ${sod} < ${c.endSecOfDay})`;
}

function regexOf(models: ModelPricing[]): string {
  return models.map((p) => p.model.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')).join('|');
}

/**
 * `or` of many terms as a balanced tree, one term per line. PromQL evaluates `a or b or c …`
 * left-nested, re-hashing the growing left side at each step (quadratic: 2.5 s per evaluation for
 * the price table); balanced, each element is hashed about log2(n) times.
 */
function orTree(terms: string[], indent: string): string {
  if (terms.length === 1) {
    return `${indent}${terms[0]}`;
  }
  const mid = Math.ceil(terms.length / 2);
  return `${indent}(\n${orTree(terms.slice(0, mid), indent + '  ')}\n${indent}) or (\n${orTree(terms.slice(mid), indent + '  ')}\n${indent})`;
}

/** `label_replace` that sets a label to a fixed value (`$` would expand in the replacement). */
function withLabel(expr: string, label: string, value: string): string {
  return `label_replace(${expr}, "${label}", ${goStringLiteral(value.replace(/\$/g, '$$$$'))}, "", "")`;
}

type Klass = 'input' | 'output' | 'cacheRead' | 'cacheWrite';
const CLASS_VALUE: Record<Klass, string> = {
  input: 'input',
  output: 'output',
  cacheRead: 'cache_read',
  cacheWrite: 'cache_write',
};

/**
 * Σ tokens × price over both metric generations: the 2026 counters (text modality; cache and
 * reasoning counters are subsets) and the older histogram sum by token type. Models with the same
 * per-token price share one selector (`model=~"a|b"`): Prometheus' cost grows faster than linearly
 * with the number of terms in an expression (a term per model took seconds per evaluation).
 * `amount` turns a selector into the tokens to price (the counter, or its last increment);
 * `price` gives a model's price for a class as a PromQL number or scalar() expression.
 *
 * The model priced is the response model (a fallback costs what answered, as the data source
 * prices a span), or the request model when no response model is recorded.
 */
function pricedSum(
  o: RulesOptions,
  models: ModelPricing[],
  amount: (selector: string) => string,
  klasses: Klass[],
  price: (p: ModelPricing, k: Klass) => string | undefined
): string | undefined {
  const text = `${o.modalityLabel}=~"text|"`;
  const counter: Record<Klass, string> = {
    input: o.input,
    output: o.output,
    cacheRead: o.cacheRead,
    cacheWrite: o.cacheWrite,
  };
  const termsFor = (k: Klass, selector: (models: string) => string): string[] => {
    const byPrice = new Map<string, ModelPricing[]>();
    for (const p of models) {
      const v = price(p, k);
      if (v !== undefined) {
        byPrice.set(v, [...(byPrice.get(v) ?? []), p]);
      }
    }
    const answeredBy = (re: string) => `${o.responseModelLabel}=~${re}`;
    const askedFor = (re: string) => `${o.modelLabel}=~${re}, ${o.responseModelLabel}=""`;
    return [...byPrice].flatMap(([v, ms]) => {
      const re = goStringLiteral(regexOf(ms));
      return [answeredBy(re), askedFor(re)].map((m) => `${amount(selector(m))} * ${v}`);
    });
  };
  const blocks: string[] = [];
  for (const k of klasses) {
    const terms = termsFor(k, (m) => `${counter[k]}{${m}, ${text}}`);
    if (terms.length) {
      blocks.push(withLabel(`\n${orTree(terms, '    ')}\n  `, CLASS_LABEL, CLASS_VALUE[k]));
    }
  }
  // Older instrumentations report output tokens as token type `completion` (reference §1).
  const legacy: Array<[Klass, string]> = [
    ['input', `${o.tokenTypeLabel}="input"`],
    ['output', `${o.tokenTypeLabel}=~"output|completion"`],
  ];
  const legacyBlocks = legacy
    .filter(([k]) => klasses.includes(k))
    .flatMap(([k, m]) => {
      const terms = termsFor(k, (models) => `${o.legacyTokens}{${models}, ${m}}`);
      return terms.length ? [`(\n${orTree(terms, '    ')}\n  )`] : [];
    });
  if (legacyBlocks.length) {
    // An app sending both generations (mid-migration) is priced from the 2026 counters only.
    blocks.push(`(${legacyBlocks.join(' or ')}) unless on (job, instance, ${o.modelLabel}) ${o.input}`);
  }
  if (!blocks.length) {
    return undefined;
  }
  return [
    `sum without (${CLASS_LABEL}, ${o.modalityLabel}, ${o.tokenTypeLabel}) (`,
    `  ${blocks.join('\n  or\n  ')}`,
    ')',
  ].join('\n');
}

/** A constant price as a one-element vector. */
function constantVector(x: number): string {
  return `vector(${num(x)})`;
}

/**
 * A scalar holding `value(entry)` of the entry the table applies at evaluation time:
 * entries are tried from the last, the first whose condition holds wins, an unconditional one
 * ends the search (the table's own rule; see entryAt in modelPricing.ts).
 */
function timedVector(entries: PriceEntry[], value: (e: PriceEntry) => number): string {
  const parts: string[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (!e.condition) {
      parts.push(constantVector(value(e)));
      return `scalar(${parts.join(' or ')})`;
    }
    parts.push(`${constantVector(value(e))} and on () ${conditionExpr(e.condition)}`);
  }
  parts.push(constantVector(value(entries[0])));
  return `scalar(${parts.join(' or ')})`;
}

function rule(record: string, expr: string): string[] {
  return [`      - record: ${record}`, '        expr: |2', ...expr.split('\n').map((l) => `          ${l}`)];
}

/** A static label on the time-dependent group's output, so its series never clash with the other group's. */
export const TIMED_LABEL = { name: 'genai_price_schedule', value: 'timed' } as const;

/**
 * The rules file (YAML) for `promtool check rules` and Prometheus `rule_files`.
 *
 * Group `genai-cost`: models with one price. Cost is the token counter times the price, so no
 * rule reads another's output and `promtool tsdb create-blocks-from rules` can backfill it.
 *
 * Group `genai-cost-timed`: models whose price depends on the date or the time of day (DeepSeek
 * off-peak hours, dated price changes). A cumulative counter times the current price would
 * re-price all past tokens at every change, so these rules price each interval's token increment
 * at the rate in force and add it to the previous total (the rule reads its own last output).
 */
export function costRecordingRulesYaml(
  table: Pick<PriceTableReading, 'constant' | 'timed'>,
  header: string[],
  o: RulesOptions = DEFAULT_RULES_OPTIONS
): string {
  const lines: string[] = header.map((h) => `# ${h}`);
  const all: Klass[] = ['input', 'cacheRead', 'cacheWrite', 'output'];
  const cache: Klass[] = ['cacheRead', 'cacheWrite'];
  const counter = (s: string) => s;
  const rates = (p: ModelPricing) => p.entries[0].rates;
  const nonZero = (x: number) => (x === 0 ? undefined : num(x));
  const saving = (k: Klass, r: TokenRates) => savingCoefficient(k as 'cacheRead' | 'cacheWrite', r);

  const priced = goStringLiteral(regexOf([...table.constant, ...table.timed]));
  lines.push('groups:', '  - name: genai-cost', '    rules:');
  const cost = pricedSum(o, table.constant, counter, all, (p, k) => {
    const c = counterCoefficient(k, rates(p));
    // Input and output always get a term, so a free model's cost is a known 0.
    return k === 'input' || k === 'output' ? num(c) : nonZero(c);
  });
  if (cost) {
    lines.push(...rule(COST_SERIES.cost, cost));
  }
  // The model that answered (or, when none is recorded, the one asked for) has no price.
  const unpricedSel = (series: string) =>
    `${series}{${o.responseModelLabel}!="", ${o.responseModelLabel}!~${priced}} or ${series}{${o.responseModelLabel}="", ${o.modelLabel}!~${priced}}`;
  const unpricedNew = (series: string, type: string) =>
    withLabel(`${unpricedSel(series)} or ${series}{${o.modalityLabel}!~"text|"}`, o.tokenTypeLabel, type);
  lines.push(
    ...rule(
      COST_SERIES.unpriced,
      [
        `(${unpricedSel(o.legacyTokens)} or ${o.legacyTokens}{${o.tokenTypeLabel}!~"input|output|completion"})`,
        `  unless on (job, instance, ${o.modelLabel}) ${o.input}`,
        `or ${unpricedNew(o.input, 'input')}`,
        `or ${unpricedNew(o.output, 'output')}`,
      ].join('\n')
    )
  );
  const savings = pricedSum(o, table.constant, counter, cache, (p, k) => nonZero(saving(k, rates(p))));
  if (savings) {
    lines.push(...rule(COST_SERIES.cacheSavings, savings));
  }

  if (table.timed.length) {
    const step = `${o.timedIntervalSec}s`;
    // Tokens since the previous evaluation; a new or reset counter counts from zero.
    const increment = (s: string) => `((${s} - ${s} offset ${step}) >= 0 or ${s})`;
    const timedPrice = (p: ModelPricing, value: (r: TokenRates) => number) =>
      p.entries.every((e) => value(e.rates) === 0) ? undefined : timedVector(p.entries, (e) => value(e.rates));
    // Previous total + this interval's increment (the label is dropped to match the increment's).
    // last_over_time over 5 intervals, not the query lookback, so the chain survives a few missed
    // evaluations whatever the interval (it ends after longer gaps: a counter reset, as after a restart).
    const accumulate = (total: string, inc: string) =>
      `${inc} + (${withLabel(`last_over_time(${total}{${TIMED_LABEL.name}="${TIMED_LABEL.value}"}[${5 * o.timedIntervalSec}s])`, TIMED_LABEL.name, '')} or ${inc} * 0)`;
    const labelled = (record: string, expr: string) => [
      ...rule(record, expr),
      '        labels:',
      `          ${TIMED_LABEL.name}: ${TIMED_LABEL.value}`,
    ];
    lines.push('  - name: genai-cost-timed', `    interval: ${step}`, '    rules:');
    const inc = pricedSum(o, table.timed, increment, all, (p, k) =>
      k === 'input' || k === 'output'
        ? timedVector(p.entries, (e) => counterCoefficient(k, e.rates))
        : timedPrice(p, (r) => counterCoefficient(k, r))
    );
    if (inc) {
      lines.push(...rule(COST_SERIES.costIncrement, inc));
      lines.push(...labelled(COST_SERIES.cost, accumulate(COST_SERIES.cost, COST_SERIES.costIncrement)));
    }
    const savingsInc = pricedSum(o, table.timed, increment, cache, (p, k) => timedPrice(p, (r) => saving(k, r)));
    if (savingsInc) {
      lines.push(...rule(COST_SERIES.cacheSavingsIncrement, savingsInc));
      lines.push(
        ...labelled(COST_SERIES.cacheSavings, accumulate(COST_SERIES.cacheSavings, COST_SERIES.cacheSavingsIncrement))
      );
    }
  }
  return lines.join('\n') + '\n';
}
