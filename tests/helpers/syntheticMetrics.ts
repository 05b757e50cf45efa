// Steady synthetic GenAI traffic as Prometheus series (OpenMetrics text for promtool backfill),
// shaped like OTLP-ingested semconv metrics. Every series gets exactly one call per step, so
// expected rates, ratios and quantiles follow from the definitions below by plain arithmetic.

export const STEP_SEC = 15;

export interface SeriesSpec {
  model: string;
  provider: string;
  operation: string;
  job: string;
  version: string;
  agent: string;
  inputTokens: number;
  outputTokens: number;
  durationSec: number;
  ttftSec: number;
  /** Every call of this series fails with this error.type. */
  errorType?: string;
  evaluation?: { name: string; score: number };
}

export const SERIES: SeriesSpec[] = [
  {
    model: 'gpt-4o',
    provider: 'openai',
    operation: 'chat',
    job: 'agent-app',
    version: 'v1',
    agent: 'research',
    inputTokens: 1200,
    outputTokens: 300,
    durationSec: 1.5,
    ttftSec: 0.3,
    evaluation: { name: 'relevance', score: 0.8 },
  },
  {
    model: 'gpt-4o',
    provider: 'openai',
    operation: 'chat',
    job: 'agent-app',
    version: 'v2',
    agent: 'research',
    inputTokens: 1200,
    outputTokens: 300,
    durationSec: 1.5,
    ttftSec: 0.3,
    errorType: 'rate_limit_exceeded',
  },
  {
    model: 'gpt-4o-mini',
    provider: 'openai',
    operation: 'chat',
    job: 'agent-app',
    version: 'v2',
    agent: 'review',
    inputTokens: 800,
    outputTokens: 100,
    durationSec: 0.6,
    ttftSec: 0.12,
    evaluation: { name: 'relevance', score: 0.6 },
  },
  {
    model: 'claude-sonnet-4-20250514',
    provider: 'anthropic',
    operation: 'chat',
    job: 'agent-app',
    version: 'v3',
    agent: 'analysis',
    inputTokens: 2000,
    outputTokens: 500,
    durationSec: 3,
    ttftSec: 0.7,
    evaluation: { name: 'relevance', score: 0.9 },
  },
  {
    model: 'text-embedding-3-small',
    provider: 'openai',
    operation: 'embeddings',
    job: 'retriever',
    version: 'v2',
    agent: 'research',
    inputTokens: 300,
    outputTokens: 0,
    durationSec: 0.05,
    ttftSec: 0,
  },
  {
    model: 'acme-unknown-model-1',
    provider: 'openai',
    operation: 'chat',
    job: 'agent-app',
    version: 'v3',
    agent: 'analysis',
    inputTokens: 50,
    outputTokens: 10,
    durationSec: 0.2,
    ttftSec: 0.05,
  },
];

export const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
export const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
export const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
export const SCORE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

type Labels = Record<string, string>;

function labelText(l: Labels): string {
  return Object.entries(l)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');
}

class Family {
  readonly lines: string[] = [];
  constructor(
    readonly name: string,
    readonly type: 'histogram' | 'gauge' | 'counter'
  ) {}

  /** Cumulative histogram samples for one label set after `calls` observations of `value`. */
  histogram(labels: Labels, buckets: number[], value: number, calls: number, t: number): void {
    for (const le of buckets) {
      this.lines.push(
        `${this.name}_bucket{${labelText({ ...labels, le: String(le) })}} ${value <= le ? calls : 0} ${t}`
      );
    }
    this.lines.push(`${this.name}_bucket{${labelText({ ...labels, le: '+Inf' })}} ${calls} ${t}`);
    this.lines.push(`${this.name}_sum{${labelText(labels)}} ${value * calls} ${t}`);
    this.lines.push(`${this.name}_count{${labelText(labels)}} ${calls} ${t}`);
  }

  sample(labels: Labels, value: number, t: number): void {
    this.lines.push(`${this.name}{${labelText(labels)}} ${value} ${t}`);
  }

  text(): string {
    return `# TYPE ${this.name} ${this.type}\n${this.lines.join('\n')}\n`;
  }
}

export interface SyntheticOptions {
  /** Last sample time (unix s); samples go back `durationSec` in STEP_SEC steps. */
  endSec: number;
  durationSec: number;
  /** true: service_version label on every series; false: only on target_info. */
  promoteVersion: boolean;
}

/** OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`. */
export function syntheticOpenMetrics(o: SyntheticOptions): string {
  const duration = new Family('gen_ai_client_operation_duration_seconds', 'histogram');
  const tokens = new Family('gen_ai_client_token_usage', 'histogram');
  const ttft = new Family('gen_ai_server_time_to_first_token_seconds', 'histogram');
  const score = new Family('gen_ai_evaluation_score', 'histogram');
  const info = new Family('target_info', 'gauge');
  const steps = Math.floor(o.durationSec / STEP_SEC);
  for (let k = 0; k <= steps; k++) {
    const t = o.endSec - (steps - k) * STEP_SEC;
    const calls = k + 1;
    for (const s of SERIES) {
      const instance = `${s.job}-${s.version}`;
      const base: Labels = {
        job: s.job,
        instance,
        gen_ai_request_model: s.model,
        gen_ai_provider_name: s.provider,
        gen_ai_operation_name: s.operation,
        gen_ai_agent_name: s.agent,
        ...(o.promoteVersion ? { service_version: s.version } : {}),
      };
      duration.histogram(
        { ...base, ...(s.errorType ? { error_type: s.errorType } : {}) },
        DURATION_BUCKETS,
        s.durationSec,
        calls,
        t
      );
      tokens.histogram({ ...base, gen_ai_token_type: 'input' }, TOKEN_BUCKETS, s.inputTokens, calls, t);
      tokens.histogram({ ...base, gen_ai_token_type: 'output' }, TOKEN_BUCKETS, s.outputTokens, calls, t);
      if (s.operation === 'chat') {
        ttft.histogram(base, TTFT_BUCKETS, s.ttftSec, calls, t);
      }
      if (s.evaluation) {
        score.histogram(
          { ...base, gen_ai_evaluation_name: s.evaluation.name },
          SCORE_BUCKETS,
          s.evaluation.score,
          calls,
          t
        );
      }
      info.sample({ job: s.job, instance, service_version: s.version, service_name: s.job }, 1, t);
    }
  }
  return [duration, tokens, ttft, score, info].map((f) => f.text()).join('') + '# EOF\n';
}

/** Prometheus' histogram_quantile for observations that all fall in one bucket. */
export function singleBucketQuantile(q: number, value: number, buckets: number[]): number {
  const i = buckets.findIndex((le) => value <= le);
  const lo = i === 0 ? 0 : buckets[i - 1];
  return lo + (buckets[i] - lo) * q;
}

/** Tempo span-metrics (metrics-generator) for the same traffic: calls and latency per GenAI span. */
export function syntheticSpanMetrics(o: Omit<SyntheticOptions, 'promoteVersion'>): string {
  const calls = new Family('traces_spanmetrics_calls_total', 'counter');
  const latency = new Family('traces_spanmetrics_latency', 'histogram');
  const steps = Math.floor(o.durationSec / STEP_SEC);
  for (let k = 0; k <= steps; k++) {
    const t = o.endSec - (steps - k) * STEP_SEC;
    for (const s of SERIES) {
      const labels: Labels = {
        service: s.job,
        span_name: `${s.operation} ${s.model}`,
        span_kind: 'SPAN_KIND_CLIENT',
        status_code: s.errorType ? 'STATUS_CODE_ERROR' : 'STATUS_CODE_UNSET',
        gen_ai_operation_name: s.operation,
        gen_ai_request_model: s.model,
        gen_ai_provider_name: s.provider,
        // Tempo adds resource attributes listed as dimensions too (stack/tempo/tempo.yaml).
        service_version: s.version,
      };
      calls.sample(labels, k + 1, t);
      latency.histogram(labels, DURATION_BUCKETS, s.durationSec, k + 1, t);
    }
  }
  return [calls, latency].map((f) => f.text()).join('') + '# EOF\n';
}

// ---------- both generations of the GenAI metric names ----------

/** Which metric names an app sends: semconv ≤ 1.41, the 2026 names, or both for the same calls. */
export type MetricGeneration = 'old' | 'new' | 'both';

/** Cache tokens per call reported by the 2026 counters (subsets of the input tokens), by model. */
export const CACHE_TOKENS: Record<string, { read: number; write: number }> = {
  'claude-sonnet-4-20250514': { read: 1500, write: 200 },
  'gpt-4o': { read: 1024, write: 0 },
};

export interface GenerationOptions extends SyntheticOptions {
  generation: (s: SeriesSpec) => MetricGeneration;
}

/**
 * The traffic of `SERIES` under either generation of names, per series. Old: as
 * `syntheticOpenMetrics`. New: inference calls on `gen_ai_client_inference_duration_seconds`
 * (embeddings stay on operation.duration), token counters with `gen_ai_token_modality` plus the
 * per-call token histograms, cache counters for `CACHE_TOKENS`' models, time to first chunk on the
 * 2026 histogram (same buckets as the server one, so quantiles compare). Both: the same calls
 * under both names, the old ones labelled `gen_ai_system` as semconv ≤ 1.36 instrumentations do.
 */
export function syntheticOpenMetricsByGeneration(o: GenerationOptions): string {
  const f = (name: string, type: 'histogram' | 'gauge' | 'counter') => new Family(name, type);
  const fam = {
    opDuration: f('gen_ai_client_operation_duration_seconds', 'histogram'),
    infDuration: f('gen_ai_client_inference_duration_seconds', 'histogram'),
    tokens: f('gen_ai_client_token_usage', 'histogram'),
    inputTotal: f('gen_ai_client_inference_usage_input_tokens_total', 'counter'),
    outputTotal: f('gen_ai_client_inference_usage_output_tokens_total', 'counter'),
    cacheReadTotal: f('gen_ai_client_inference_usage_cache_read_input_tokens_total', 'counter'),
    cacheWriteTotal: f('gen_ai_client_inference_usage_cache_write_input_tokens_total', 'counter'),
    inputHist: f('gen_ai_client_inference_operation_input_tokens', 'histogram'),
    outputHist: f('gen_ai_client_inference_operation_output_tokens', 'histogram'),
    serverTtft: f('gen_ai_server_time_to_first_token_seconds', 'histogram'),
    clientTtft: f('gen_ai_client_inference_time_to_first_chunk_seconds', 'histogram'),
    score: f('gen_ai_evaluation_score', 'histogram'),
    info: f('target_info', 'gauge'),
  };
  const steps = Math.floor(o.durationSec / STEP_SEC);
  for (let k = 0; k <= steps; k++) {
    const t = o.endSec - (steps - k) * STEP_SEC;
    const calls = k + 1;
    for (const s of SERIES) {
      const generation = o.generation(s);
      const instance = `${s.job}-${s.version}`;
      const common: Labels = {
        job: s.job,
        instance,
        gen_ai_request_model: s.model,
        gen_ai_operation_name: s.operation,
        gen_ai_agent_name: s.agent,
        ...(o.promoteVersion ? { service_version: s.version } : {}),
      };
      const errors: Labels = s.errorType ? { error_type: s.errorType } : {};
      const newLabels: Labels = { ...common, gen_ai_provider_name: s.provider };
      if (generation !== 'new') {
        const old: Labels = generation === 'both' ? { ...common, gen_ai_system: s.provider } : newLabels;
        fam.opDuration.histogram({ ...old, ...errors }, DURATION_BUCKETS, s.durationSec, calls, t);
        fam.tokens.histogram({ ...old, gen_ai_token_type: 'input' }, TOKEN_BUCKETS, s.inputTokens, calls, t);
        fam.tokens.histogram({ ...old, gen_ai_token_type: 'output' }, TOKEN_BUCKETS, s.outputTokens, calls, t);
        if (s.operation === 'chat') {
          fam.serverTtft.histogram(old, TTFT_BUCKETS, s.ttftSec, calls, t);
        }
      }
      if (generation !== 'old') {
        // Embeddings stay on operation.duration in 2026: an app sending both generations sends it once.
        if (s.operation !== 'embeddings') {
          fam.infDuration.histogram({ ...newLabels, ...errors }, DURATION_BUCKETS, s.durationSec, calls, t);
        } else if (generation === 'new') {
          fam.opDuration.histogram({ ...newLabels, ...errors }, DURATION_BUCKETS, s.durationSec, calls, t);
        }
        const text = { ...newLabels, gen_ai_token_modality: 'text' };
        fam.inputTotal.sample(text, s.inputTokens * calls, t);
        fam.outputTotal.sample(text, s.outputTokens * calls, t);
        const cache = CACHE_TOKENS[s.model];
        if (cache) {
          fam.cacheReadTotal.sample(text, cache.read * calls, t);
          fam.cacheWriteTotal.sample(text, cache.write * calls, t);
        }
        fam.inputHist.histogram(newLabels, TOKEN_BUCKETS, s.inputTokens, calls, t);
        fam.outputHist.histogram(newLabels, TOKEN_BUCKETS, s.outputTokens, calls, t);
        if (s.operation === 'chat') {
          fam.clientTtft.histogram(newLabels, TTFT_BUCKETS, s.ttftSec, calls, t);
        }
      }
      if (s.evaluation) {
        fam.score.histogram(
          { ...newLabels, gen_ai_evaluation_name: s.evaluation.name },
          SCORE_BUCKETS,
          s.evaluation.score,
          calls,
          t
        );
      }
      fam.info.sample({ job: s.job, instance, service_version: s.version, service_name: s.job }, 1, t);
    }
  }
  return (
    Object.values(fam)
      .filter((x) => x.lines.length > 0)
      .map((x) => x.text())
      .join('') + '# EOF\n'
  );
}

// ---- 2026 GenAI names (semantic-conventions-genai migration.md), next to the old ones ----

/** Which names a series is emitted under; `both`: one app mid-migration recording each call twice. */
export type Generation = 'old' | 'new' | 'both';

/**
 * Which time-to-first-token a series records: `client` — the semconv client measure of its
 * generation(s) plus the server's (at half the value, so a mix would show); `sdk` — the agento11y
 * SDK's `gen_ai.client.time_to_first_token` plus the server's; `server` — only the server's.
 */
export type TtftSource = 'client' | 'sdk' | 'server';

export interface SeriesPlan {
  spec: SeriesSpec;
  generation: Generation;
  ttft: TtftSource;
}

/** Cache and reasoning tokens per call (subsets of input / output), only the 2026 counters carry them. */
export interface TokenDetail {
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

export const TOKEN_DETAIL: Record<string, TokenDetail> = {
  'gpt-4o': { cacheReadTokens: 400, cacheWriteTokens: 0, reasoningTokens: 0 },
  'gpt-4o-mini': { cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 40 },
  'claude-sonnet-4-20250514': { cacheReadTokens: 1000, cacheWriteTokens: 200, reasoningTokens: 0 },
};

export const NO_TOKEN_DETAIL: TokenDetail = { cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };

/** Operations the 2026 `gen_ai.client.inference.duration` covers; others stay on operation.duration. */
export const INFERENCE_OPERATIONS = ['chat', 'generate_content', 'text_completion'];

export interface Synthetic2026Options extends SyntheticOptions {
  plans: SeriesPlan[];
  /** Bucket bounds of the 2026 inference duration (default DURATION_BUCKETS, as semconv advises). */
  inferenceDurationBuckets?: number[];
  /** Also emit gen_ai.invoke_agent.duration / execute_tool.duration per agent (2026 series only). */
  agentAndToolSeries?: boolean;
}

/** Every series under the same generation and TTFT source. */
export function plansFor(generation: Generation, ttft: TtftSource = 'client', series = SERIES): SeriesPlan[] {
  return series.map((spec) => ({ spec, generation, ttft }));
}

/** Agent invocation and tool call durations recorded per agent by `agentAndToolSeries`. */
export const AGENT_TOOL = { agentSec: 4, toolSec: 0.2, toolName: 'web_search' };

/**
 * OpenMetrics text for series recorded under the old names, the 2026 names or both, per plan.
 * Old: gen_ai.client.operation.duration (every operation), gen_ai.client.token.usage,
 * gen_ai.client.operation.time_to_first_chunk. New: gen_ai.client.inference.duration (inference
 * operations; others stay on operation.duration), gen_ai.client.inference.usage.*_tokens counters
 * (modality text), gen_ai.client.inference.operation.{input,output}_tokens,
 * gen_ai.client.inference.time_to_first_chunk. One call per step per series, as above.
 */
export function syntheticOpenMetrics2026(o: Synthetic2026Options): string {
  const f = (name: string, type: 'histogram' | 'gauge' | 'counter') => new Family(name, type);
  const fam = {
    opDuration: f('gen_ai_client_operation_duration_seconds', 'histogram'),
    infDuration: f('gen_ai_client_inference_duration_seconds', 'histogram'),
    tokens: f('gen_ai_client_token_usage', 'histogram'),
    usage: {
      input: f('gen_ai_client_inference_usage_input_tokens_total', 'counter'),
      output: f('gen_ai_client_inference_usage_output_tokens_total', 'counter'),
      cache_read: f('gen_ai_client_inference_usage_cache_read_input_tokens_total', 'counter'),
      cache_write: f('gen_ai_client_inference_usage_cache_write_input_tokens_total', 'counter'),
      reasoning: f('gen_ai_client_inference_usage_reasoning_output_tokens_total', 'counter'),
    },
    opInput: f('gen_ai_client_inference_operation_input_tokens', 'histogram'),
    opOutput: f('gen_ai_client_inference_operation_output_tokens', 'histogram'),
    ttftOld: f('gen_ai_client_operation_time_to_first_chunk_seconds', 'histogram'),
    ttftNew: f('gen_ai_client_inference_time_to_first_chunk_seconds', 'histogram'),
    ttftSdk: f('gen_ai_client_time_to_first_token_seconds', 'histogram'),
    ttftServer: f('gen_ai_server_time_to_first_token_seconds', 'histogram'),
    agent: f('gen_ai_invoke_agent_duration_seconds', 'histogram'),
    tool: f('gen_ai_execute_tool_duration_seconds', 'histogram'),
    info: f('target_info', 'gauge'),
  };
  const infBuckets = o.inferenceDurationBuckets ?? DURATION_BUCKETS;
  const steps = Math.floor(o.durationSec / STEP_SEC);
  for (let k = 0; k <= steps; k++) {
    const t = o.endSec - (steps - k) * STEP_SEC;
    const calls = k + 1;
    const agents = new Map<string, Labels>();
    const infos = new Map<string, Labels>();
    for (const { spec: s, generation, ttft } of o.plans) {
      const instance = `${s.job}-${s.version}`;
      const base: Labels = {
        job: s.job,
        instance,
        gen_ai_request_model: s.model,
        gen_ai_provider_name: s.provider,
        gen_ai_operation_name: s.operation,
        gen_ai_agent_name: s.agent,
        ...(o.promoteVersion ? { service_version: s.version } : {}),
      };
      // An app sending both generations does so from two instrumentation versions: the two
      // copies of a call differ in a label, so only an explicit dedup (not `or`) counts it once.
      const scoped = (version: string): Labels =>
        generation === 'both' ? { ...base, otel_scope_version: version } : base;
      const oldBase = scoped('1.41');
      const newBase = scoped('2026');
      const errorLabel: Labels = s.errorType ? { error_type: s.errorType } : {};
      const oldNames = generation !== 'new';
      const newNames = generation !== 'old';
      const inference = INFERENCE_OPERATIONS.includes(s.operation);
      if (oldNames || !inference) {
        fam.opDuration.histogram({ ...oldBase, ...errorLabel }, DURATION_BUCKETS, s.durationSec, calls, t);
      }
      if (newNames && inference) {
        fam.infDuration.histogram({ ...newBase, ...errorLabel }, infBuckets, s.durationSec, calls, t);
      }
      if (oldNames) {
        fam.tokens.histogram({ ...oldBase, gen_ai_token_type: 'input' }, TOKEN_BUCKETS, s.inputTokens, calls, t);
        fam.tokens.histogram({ ...oldBase, gen_ai_token_type: 'output' }, TOKEN_BUCKETS, s.outputTokens, calls, t);
      }
      if (newNames) {
        const d = TOKEN_DETAIL[s.model] ?? NO_TOKEN_DETAIL;
        const counted: Array<[keyof typeof fam.usage, number]> = [
          ['input', s.inputTokens],
          ['output', s.outputTokens],
          ['cache_read', d.cacheReadTokens],
          ['cache_write', d.cacheWriteTokens],
          ['reasoning', d.reasoningTokens],
        ];
        for (const [kind, perCall] of counted) {
          if (perCall > 0 || kind === 'input') {
            fam.usage[kind].sample({ ...newBase, gen_ai_token_modality: 'text' }, perCall * calls, t);
          }
        }
        fam.opInput.histogram(newBase, TOKEN_BUCKETS, s.inputTokens, calls, t);
        if (s.outputTokens > 0) {
          fam.opOutput.histogram(newBase, TOKEN_BUCKETS, s.outputTokens, calls, t);
        }
      }
      if (s.operation === 'chat') {
        if (ttft === 'server') {
          fam.ttftServer.histogram(base, TTFT_BUCKETS, s.ttftSec, calls, t);
        } else {
          fam.ttftServer.histogram(base, TTFT_BUCKETS, s.ttftSec / 2, calls, t);
          if (ttft === 'sdk') {
            // The SDK's TTFT carries no operation name.
            const sdkLabels = Object.fromEntries(Object.entries(base).filter(([k]) => k !== 'gen_ai_operation_name'));
            fam.ttftSdk.histogram(sdkLabels, TTFT_BUCKETS, s.ttftSec, calls, t);
          } else {
            if (oldNames) {
              fam.ttftOld.histogram(oldBase, TTFT_BUCKETS, s.ttftSec, calls, t);
            }
            if (newNames) {
              fam.ttftNew.histogram(newBase, TTFT_BUCKETS, s.ttftSec, calls, t);
            }
          }
        }
      }
      if (o.agentAndToolSeries && newNames) {
        agents.set(`${s.job}/${instance}/${s.agent}`, {
          job: s.job,
          instance,
          gen_ai_agent_name: s.agent,
          gen_ai_operation_name: 'invoke_agent',
          ...(o.promoteVersion ? { service_version: s.version } : {}),
        });
      }
      infos.set(instance, { job: s.job, instance, service_version: s.version, service_name: s.job });
    }
    for (const labels of agents.values()) {
      fam.agent.histogram(labels, DURATION_BUCKETS, AGENT_TOOL.agentSec, calls, t);
      fam.tool.histogram(
        { ...labels, gen_ai_operation_name: 'execute_tool', gen_ai_tool_name: AGENT_TOOL.toolName },
        DURATION_BUCKETS,
        AGENT_TOOL.toolSec,
        2 * calls,
        t
      );
    }
    for (const labels of infos.values()) {
      fam.info.sample(labels, 1, t);
    }
  }
  const all = [
    fam.opDuration,
    fam.infDuration,
    fam.tokens,
    ...Object.values(fam.usage),
    fam.opInput,
    fam.opOutput,
    fam.ttftOld,
    fam.ttftNew,
    fam.ttftSdk,
    fam.ttftServer,
    fam.agent,
    fam.tool,
    fam.info,
  ];
  // An empty family would make promtool reject the file.
  return (
    all
      .filter((x) => x.lines.length)
      .map((x) => x.text())
      .join('') + '# EOF\n'
  );
}
