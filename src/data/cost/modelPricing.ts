// The price table read as data, without a clock: every price a model has had or will have, with
// the condition under which it applies. The cost recording rules are generated from this, so the
// generated file is a pure function of the installed table, whatever the hour it is generated at.

type GenaiPrices = typeof import('@pydantic/genai-prices');
type ModelInfo = NonNullable<ReturnType<GenaiPrices['findProvider']>>['models'][number];
type MatchLogic = ModelInfo['match'];

/** Providers whose models get price series, in precedence order for shared model names. */
export const RULE_PROVIDERS = [
  'openai',
  'anthropic',
  'google',
  'mistral',
  'x-ai',
  'deepseek',
  'cohere',
  'aws',
  'azure',
];

/** USD per token. Cache rates default to the input rate, as the table's own calculation does. */
export interface TokenRates {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** When a price applies (the table's constraint kinds). Times are UTC. */
export type PriceCondition =
  { kind: 'fromDate'; startSec: number } | { kind: 'timeOfDay'; startSecOfDay: number; endSecOfDay: number };

export interface PriceEntry {
  /** Undefined: applies whenever no later entry's condition holds. */
  condition?: PriceCondition;
  rates: TokenRates;
}

export interface ModelPricing {
  /** A model name as it appears in the model label. */
  model: string;
  provider: string;
  /**
   * In table order. The table picks the LAST entry whose condition holds (an entry without a
   * condition stops the search), else the first entry.
   */
  entries: PriceEntry[];
}

export interface PriceTableReading {
  /** Models with one price at all times, sorted by name. */
  constant: ModelPricing[];
  /** Models whose price depends on the date or the time of day, sorted by name. */
  timed: ModelPricing[];
  /** `provider/model` or a model-names.txt name, with the reason it has no recorded cost. */
  skipped: Array<{ name: string; reason: string }>;
}

/** Exact names a model's match logic lists (dated variants etc.); patterns cannot be enumerated. */
function exactNames(m: MatchLogic | undefined, out: Set<string>): void {
  if (!m || typeof m !== 'object') {
    return;
  }
  if ('equals' in m) {
    out.add(m.equals);
  } else if ('or' in m) {
    m.or.forEach((x) => exactNames(x, out));
  }
}

function parseTimeOfDay(s: string): number | undefined {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?(?:Z|\+00:00)?$/.exec(s);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0) : undefined;
}

function readCondition(c: unknown): PriceCondition | string | undefined {
  if (c === undefined) {
    return undefined;
  }
  const o = c as Record<string, unknown>;
  if (o.type === 'start_date' && typeof o.start_date === 'string') {
    const ms = Date.parse(o.start_date.length === 10 ? `${o.start_date}T00:00:00Z` : o.start_date);
    return Number.isFinite(ms) ? { kind: 'fromDate', startSec: ms / 1000 } : `unreadable start_date ${o.start_date}`;
  }
  if (o.type === 'time_of_date' && typeof o.start_time === 'string' && typeof o.end_time === 'string') {
    const start = parseTimeOfDay(o.start_time);
    const end = parseTimeOfDay(o.end_time);
    return start !== undefined && end !== undefined
      ? { kind: 'timeOfDay', startSecOfDay: start, endSecOfDay: end }
      : `unreadable time window ${o.start_time}–${o.end_time}`;
  }
  return `price condition ${JSON.stringify(c)} cannot be expressed in PromQL`;
}

/** Per-token rates of one price, or why a token counter cannot reproduce it (tiers). */
function readRates(p: Record<string, unknown>): TokenRates | string {
  for (const [k, v] of Object.entries(p)) {
    if (v !== undefined && typeof v !== 'number') {
      return `tiered price (${k}) depends on the request size`;
    }
  }
  const num = (k: string) => (typeof p[k] === 'number' ? (p[k] as number) / 1e6 : undefined);
  const input = num('input_mtok');
  if (input === undefined) {
    return 'no input token price';
  }
  return {
    input,
    output: num('output_mtok') ?? 0,
    cacheRead: num('cache_read_mtok') ?? input,
    cacheWrite: num('cache_write_mtok') ?? input,
  };
}

function readPricing(model: string, provider: string, info: ModelInfo): ModelPricing | string {
  const raw = Array.isArray(info.prices) ? info.prices : [{ prices: info.prices }];
  const entries: PriceEntry[] = [];
  for (const e of raw) {
    const rates = readRates(e.prices as Record<string, unknown>);
    if (typeof rates === 'string') {
      return rates;
    }
    const condition = readCondition((e as { constraint?: unknown }).constraint);
    if (typeof condition === 'string') {
      return condition;
    }
    entries.push(condition ? { condition, rates } : { rates });
  }
  return entries.length ? { model, provider, entries } : 'no price';
}

// calcPrice is used only to find the model a pattern matches; any fixed instant does.
const MATCH_AT = new Date(0);

/**
 * Every model of RULE_PROVIDERS (ids and the exact names their match rules list), plus names the
 * table matches only by pattern (`extraNames`), read from the table without a clock.
 */
export function readPriceTable(
  gp: Pick<GenaiPrices, 'findProvider' | 'calcPrice'>,
  extraNames: string[] = []
): PriceTableReading {
  const byName = new Map<string, ModelPricing>();
  const skipped: PriceTableReading['skipped'] = [];
  for (const providerId of RULE_PROVIDERS) {
    for (const info of gp.findProvider({ providerId })?.models ?? []) {
      const pricing = readPricing(info.id, providerId, info);
      if (typeof pricing === 'string') {
        skipped.push({ name: `${providerId}/${info.id}`, reason: pricing });
        continue;
      }
      const names = new Set([info.id]);
      exactNames(info.match, names);
      for (const name of names) {
        if (!byName.has(name)) {
          byName.set(name, { ...pricing, model: name });
        }
      }
    }
  }
  for (const name of extraNames) {
    if (byName.has(name)) {
      continue;
    }
    let found: ModelPricing | string = 'no model of the table matches it';
    for (const providerId of RULE_PROVIDERS) {
      let quote: ReturnType<GenaiPrices['calcPrice']> | undefined;
      try {
        quote = gp.calcPrice({ input_tokens: 1 }, name, { providerId, timestamp: MATCH_AT });
      } catch {
        quote = undefined;
      }
      if (quote) {
        found = readPricing(name, quote.provider.id, quote.model);
        break;
      }
    }
    if (typeof found === 'string') {
      skipped.push({ name, reason: found });
    } else {
      byName.set(name, found);
    }
  }
  const all = [...byName.values()].sort((a, b) => a.model.localeCompare(b.model));
  return {
    constant: all.filter((m) => m.entries.length === 1 && !m.entries[0].condition),
    timed: all.filter((m) => m.entries.length > 1 || m.entries[0].condition),
    skipped,
  };
}

export function conditionHolds(c: PriceCondition, atSec: number): boolean {
  if (c.kind === 'fromDate') {
    return atSec >= c.startSec;
  }
  const sod = ((atSec % 86400) + 86400) % 86400;
  return c.endSecOfDay < c.startSecOfDay
    ? sod >= c.startSecOfDay || sod < c.endSecOfDay
    : sod >= c.startSecOfDay && sod < c.endSecOfDay;
}

/** The entry the table applies at a time: the last whose condition holds, else the first. */
export function entryAt(p: ModelPricing, atSec: number): PriceEntry {
  for (let i = p.entries.length - 1; i >= 0; i--) {
    const e = p.entries[i];
    if (!e.condition || conditionHolds(e.condition, atSec)) {
      return e;
    }
  }
  return p.entries[0];
}
