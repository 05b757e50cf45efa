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
