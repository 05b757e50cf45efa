// Prometheus recording rules that turn token series into cost, from the same price table the
// datasource uses. There is no semconv cost metric; alerts need one in Prometheus.

type GenaiPrices = typeof import('@pydantic/genai-prices');
type Provider = NonNullable<ReturnType<GenaiPrices['findProvider']>>;
type MatchLogic = Provider['models'][number]['match'];

/** Series the rules record (documented in README). */
export const COST_SERIES = {
  /** Cumulative USD (a counter: use rate/increase), all labels of the token series but the token type. */
  cost: 'genai:cost_usd:total',
  /** Cumulative tokens of models without a price (cost unknown, never silently 0). */
  unpriced: 'genai:tokens_unpriced:total',
} as const;

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

export interface ModelPrice {
  /** A model name as it appears in the model label. */
  model: string;
  inputPerToken: number;
  outputPerToken: number;
}

export interface RulesOptions {
  /** Token series the rules read (classic histogram sum or counter). */
  tokenSeries: string;
  modelLabel: string;
  tokenTypeLabel: string;
}

export const DEFAULT_RULES_OPTIONS: RulesOptions = {
  tokenSeries: 'gen_ai_client_token_usage_sum',
  modelLabel: 'gen_ai_request_model',
  tokenTypeLabel: 'gen_ai_token_type',
};

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

/**
 * Per-token input/output prices for every model of RULE_PROVIDERS whose price is linear
 * (tiered prices depend on the request size, which a token counter does not know).
 */
export function linearModelPrices(
  gp: Pick<GenaiPrices, 'findProvider' | 'calcPrice'>,
  extraNames: string[] = []
): { prices: ModelPrice[]; skipped: string[] } {
  const byName = new Map<string, ModelPrice>();
  const skipped: string[] = [];
  for (const providerId of RULE_PROVIDERS) {
    const provider = gp.findProvider({ providerId });
    for (const model of provider?.models ?? []) {
      const quote = gp.calcPrice({ input_tokens: 1_000_000, output_tokens: 1_000_000 }, model.id, { providerId });
      const p = quote?.model_price as Record<string, unknown> | undefined;
      if (
        !p ||
        typeof p.input_mtok !== 'number' ||
        (p.output_mtok !== undefined && typeof p.output_mtok !== 'number')
      ) {
        skipped.push(`${providerId}/${model.id}`);
        continue;
      }
      const price: ModelPrice = {
        model: model.id,
        inputPerToken: (p.input_mtok as number) / 1e6,
        outputPerToken: ((p.output_mtok as number | undefined) ?? 0) / 1e6,
      };
      const names = new Set([model.id]);
      exactNames(model.match, names);
      for (const name of names) {
        if (!byName.has(name)) {
          byName.set(name, { ...price, model: name });
        }
      }
    }
  }
  // Names the table matches only by pattern: priced through the table's own matching.
  for (const name of extraNames) {
    if (byName.has(name)) {
      continue;
    }
    const quote = RULE_PROVIDERS.map((providerId) =>
      gp.calcPrice({ input_tokens: 1_000_000, output_tokens: 1_000_000 }, name, { providerId })
    ).find(Boolean);
    const p = quote?.model_price as Record<string, unknown> | undefined;
    if (p && typeof p.input_mtok === 'number' && (p.output_mtok === undefined || typeof p.output_mtok === 'number')) {
      byName.set(name, {
        model: name,
        inputPerToken: p.input_mtok / 1e6,
        outputPerToken: ((p.output_mtok as number | undefined) ?? 0) / 1e6,
      });
    } else {
      skipped.push(name);
    }
  }
  return { prices: [...byName.values()].sort((a, b) => a.model.localeCompare(b.model)), skipped };
}

function promqlQuote(s: string): string {
  return JSON.stringify(s); // model names are printable; JSON quoting is valid PromQL quoting for them
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

/**
 * The rules file (YAML) for `promtool check rules` and Prometheus `rule_files`: one cost rule
 * whose expression ORs a term per model and token type (no rule reads another's output, so
 * `promtool tsdb create-blocks-from rules` can backfill it), plus the unpriced-token rule.
 */
export function costRecordingRulesYaml(
  prices: ModelPrice[],
  header: string[],
  o: RulesOptions = DEFAULT_RULES_OPTIONS
): string {
  const lines: string[] = header.map((h) => `# ${h}`);
  lines.push('groups:');
  lines.push('  - name: genai-cost');
  lines.push('    rules:');
  // Older instrumentations report output tokens as token type `completion` (reference §1).
  const tokens = (model: string, type: 'input' | 'output') =>
    `${o.tokenSeries}{${o.modelLabel}=${promqlQuote(model)}, ${o.tokenTypeLabel}${type === 'input' ? '="input"' : '=~"output|completion"'}}`;
  const terms: string[] = [];
  for (const p of prices) {
    terms.push(`${tokens(p.model, 'input')} * ${p.inputPerToken.toExponential()}`);
    terms.push(`${tokens(p.model, 'output')} * ${p.outputPerToken.toExponential()}`);
  }
  lines.push(`      - record: ${COST_SERIES.cost}`);
  lines.push('        expr: |');
  lines.push(`          sum without (${o.tokenTypeLabel}) (`);
  terms.forEach((t, i) => lines.push(`            ${t}${i < terms.length - 1 ? ' or' : ''}`));
  lines.push('          )');
  const priced = prices.map((p) => p.model.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')).join('|');
  lines.push(`      - record: ${COST_SERIES.unpriced}`);
  const unpriced = `${o.tokenSeries}{${o.modelLabel}!~${promqlQuote(priced)}} or ${o.tokenSeries}{${o.tokenTypeLabel}!~"input|output|completion"}`;
  lines.push(`        expr: ${yamlString(unpriced)}`);
  return lines.join('\n') + '\n';
}
