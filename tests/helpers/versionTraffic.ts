// Synthetic traffic of three versions with known true differences, as OpenMetrics text for
// promtool backfill, plus the exact totals per version over any window so tests can check the
// version comparison against arithmetic. Per call: latency, time to first token, tokens, cost,
// evaluation score (pass at ≥ 0.7), error (5 %), fallback to another model (3 %); all random with
// a fixed seed. True differences: v2 costs 25 % more per call and scores 0.1 lower; v3 = v1.
import { seededRandom } from './seededRandom';
import { DURATION_BUCKETS, SCORE_BUCKETS, TOKEN_BUCKETS, TTFT_BUCKETS } from './syntheticMetrics';

export const VERSION_STEP_SEC = 60;

export interface VersionTruth {
  version: string;
  /** First step with traffic (versions are deployed one after another). */
  firstStep: number;
  costFactor: number;
  scoreMean: number;
}

export const VERSION_TRUTHS: VersionTruth[] = [
  { version: 'v1', firstStep: 0, costFactor: 1, scoreMean: 0.8 },
  { version: 'v2', firstStep: 30, costFactor: 1.25, scoreMean: 0.7 },
  { version: 'v3', firstStep: 60, costFactor: 1, scoreMean: 0.8 },
];

export const REQUEST_MODEL = 'gpt-4o';
export const SNAPSHOT = 'gpt-4o-2024-08-06';
export const FALLBACK = 'gpt-4o-mini';

/** What happened in one step for one version. */
export interface StepTotals {
  calls: number;
  errors: number;
  fallbacks: number;
  cost: number;
  inputTokens: number;
  outputTokens: number;
  cacheRead: number;
  scoreSum: number;
  scores: number;
  passes: number;
  latencies: number[];
}

export interface VersionTraffic {
  openMetrics: string;
  /** Step times (unix s). */
  times: number[];
  /** steps[i][version] */
  steps: Array<Record<string, StepTotals>>;
}

type Labels = Record<string, string>;
const labelText = (l: Labels) =>
  Object.entries(l)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');

/** Cumulative counters of one histogram series. */
class Hist {
  readonly counts: number[];
  sum = 0;
  n = 0;
  constructor(readonly bounds: number[]) {
    this.counts = bounds.map(() => 0);
  }
  observe(v: number) {
    this.bounds.forEach((le, i) => {
      if (v <= le) {
        this.counts[i]++;
      }
    });
    this.sum += v;
    this.n++;
  }
  lines(name: string, labels: Labels, t: number, out: string[]) {
    this.bounds.forEach((le, i) =>
      out.push(`${name}_bucket{${labelText({ ...labels, le: String(le) })}} ${this.counts[i]} ${t}`)
    );
    out.push(`${name}_bucket{${labelText({ ...labels, le: '+Inf' })}} ${this.n} ${t}`);
    out.push(`${name}_sum{${labelText(labels)}} ${this.sum} ${t}`);
    out.push(`${name}_count{${labelText(labels)}} ${this.n} ${t}`);
  }
}

/**
 * `dualEmit`: the process also sends the calls as the 2026 gen_ai.client.inference.duration (as an
 * instrumentation in migration does); they must not count twice.
 */
export function versionTraffic(o: {
  endSec: number;
  steps: number;
  promoteVersion: boolean;
  seed?: number;
  dualEmit?: boolean;
}): VersionTraffic {
  const rnd = seededRandom(o.seed ?? 20261201);
  const logn = (median: number, sigma: number) => Math.exp(rnd.normal(Math.log(median), sigma));
  const fam: Record<string, string[]> = {
    gen_ai_client_operation_duration_seconds: [],
    gen_ai_client_inference_duration_seconds: [],
    gen_ai_client_token_usage: [],
    gen_ai_client_operation_time_to_first_chunk_seconds: [],
    gen_ai_evaluation_score: [],
    'genai:cost_usd:total': [],
    gen_ai_client_inference_usage_cache_read_input_tokens_total: [],
    target_info: [],
  };
  const state = VERSION_TRUTHS.map(() => ({
    duration: new Map<string, Hist>(),
    tokensIn: new Hist(TOKEN_BUCKETS),
    tokensOut: new Hist(TOKEN_BUCKETS),
    ttft: new Hist(TTFT_BUCKETS),
    score: { pass: new Hist(SCORE_BUCKETS), fail: new Hist(SCORE_BUCKETS) },
    cost: 0,
    cache: 0,
  }));
  const times: number[] = [];
  const steps: VersionTraffic['steps'] = [];
  for (let k = 0; k < o.steps; k++) {
    const t = o.endSec - (o.steps - 1 - k) * VERSION_STEP_SEC;
    times.push(t);
    const step: Record<string, StepTotals> = {};
    VERSION_TRUTHS.forEach((truth, vi) => {
      if (k < truth.firstStep) {
        return;
      }
      const s = state[vi];
      const tot: StepTotals = {
        calls: 0,
        errors: 0,
        fallbacks: 0,
        cost: 0,
        inputTokens: 0,
        outputTokens: 0,
        cacheRead: 0,
        scoreSum: 0,
        scores: 0,
        passes: 0,
        latencies: [],
      };
      const calls = 15 + Math.floor(rnd.uniform() * 11);
      for (let c = 0; c < calls; c++) {
        const error = rnd.uniform() < 0.05;
        const fallback = rnd.uniform() < 0.03;
        const key = `${error ? 'e' : 'o'}${fallback ? 'f' : 's'}`;
        if (!s.duration.has(key)) {
          s.duration.set(key, new Hist(DURATION_BUCKETS));
        }
        const latency = logn(1.2, 0.5);
        s.duration.get(key)!.observe(latency);
        const input = Math.round(logn(1000, 0.3));
        const output = Math.round(logn(300, 0.4));
        s.tokensIn.observe(input);
        s.tokensOut.observe(output);
        s.ttft.observe(logn(0.35, 0.4));
        const cost = (input * 2.5e-6 + output * 1e-5) * truth.costFactor;
        s.cost += cost;
        const cache = Math.round(logn(400, 0.5));
        s.cache += cache;
        const score = Math.min(1, Math.max(0, rnd.normal(truth.scoreMean, 0.1)));
        (score >= 0.7 ? s.score.pass : s.score.fail).observe(score);
        Object.assign(tot, {
          calls: tot.calls + 1,
          errors: tot.errors + (error ? 1 : 0),
          fallbacks: tot.fallbacks + (fallback ? 1 : 0),
          cost: tot.cost + cost,
          inputTokens: tot.inputTokens + input,
          outputTokens: tot.outputTokens + output,
          cacheRead: tot.cacheRead + cache,
          scoreSum: tot.scoreSum + score,
          scores: tot.scores + 1,
          passes: tot.passes + (score >= 0.7 ? 1 : 0),
        });
        tot.latencies.push(latency);
      }
      step[truth.version] = tot;
      const instance = `agent-app-${truth.version}`;
      const base: Labels = {
        job: 'agent-app',
        instance,
        gen_ai_request_model: REQUEST_MODEL,
        gen_ai_provider_name: 'openai',
        gen_ai_operation_name: 'chat',
        gen_ai_agent_name: 'research',
        ...(o.promoteVersion ? { service_version: truth.version } : {}),
      };
      for (const [key, h] of s.duration) {
        h.lines(
          'gen_ai_client_operation_duration_seconds',
          {
            ...base,
            gen_ai_response_model: key[1] === 'f' ? FALLBACK : SNAPSHOT,
            ...(key[0] === 'e' ? { error_type: 'timeout' } : {}),
          },
          t,
          fam.gen_ai_client_operation_duration_seconds
        );
        if (o.dualEmit) {
          h.lines(
            'gen_ai_client_inference_duration_seconds',
            {
              ...base,
              gen_ai_response_model: key[1] === 'f' ? FALLBACK : SNAPSHOT,
              ...(key[0] === 'e' ? { error_type: 'timeout' } : {}),
            },
            t,
            fam.gen_ai_client_inference_duration_seconds
          );
        }
      }
      s.tokensIn.lines(
        'gen_ai_client_token_usage',
        { ...base, gen_ai_token_type: 'input' },
        t,
        fam.gen_ai_client_token_usage
      );
      s.tokensOut.lines(
        'gen_ai_client_token_usage',
        { ...base, gen_ai_token_type: 'output' },
        t,
        fam.gen_ai_client_token_usage
      );
      s.ttft.lines(
        'gen_ai_client_operation_time_to_first_chunk_seconds',
        base,
        t,
        fam.gen_ai_client_operation_time_to_first_chunk_seconds
      );
      for (const label of ['pass', 'fail'] as const) {
        s.score[label].lines(
          'gen_ai_evaluation_score',
          { ...base, gen_ai_evaluation_name: 'relevance', gen_ai_evaluation_score_label: label },
          t,
          fam.gen_ai_evaluation_score
        );
      }
      fam['genai:cost_usd:total'].push(`genai:cost_usd:total{${labelText(base)}} ${s.cost} ${t}`);
      fam.gen_ai_client_inference_usage_cache_read_input_tokens_total.push(
        `gen_ai_client_inference_usage_cache_read_input_tokens_total{${labelText(base)}} ${s.cache} ${t}`
      );
      fam.target_info.push(
        `target_info{${labelText({ job: 'agent-app', instance, service_name: 'agent-app', service_version: truth.version })}} 1 ${t}`
      );
    });
    steps.push(step);
  }
  const types: Record<string, string> = {
    'genai:cost_usd:total': 'counter',
    gen_ai_client_inference_usage_cache_read_input_tokens_total: 'counter',
    target_info: 'gauge',
  };
  const text = Object.entries(fam)
    .filter(([, lines]) => lines.length)
    .map(([name, lines]) => {
      const type = types[name] ?? 'histogram';
      return `# TYPE ${name} ${type}\n${lines.join('\n')}\n`;
    })
    .join('');
  return { openMetrics: `${text}# EOF\n`, times, steps };
}

/** Totals per version over steps with time in (from, to]. */
export function trafficTotals(tr: VersionTraffic, from: number, to: number): Record<string, StepTotals> {
  const out: Record<string, StepTotals> = {};
  tr.times.forEach((t, i) => {
    if (t <= from || t > to) {
      return;
    }
    for (const [v, s] of Object.entries(tr.steps[i])) {
      const o = (out[v] ??= {
        calls: 0,
        errors: 0,
        fallbacks: 0,
        cost: 0,
        inputTokens: 0,
        outputTokens: 0,
        cacheRead: 0,
        scoreSum: 0,
        scores: 0,
        passes: 0,
        latencies: [],
      });
      for (const k of [
        'calls',
        'errors',
        'fallbacks',
        'cost',
        'inputTokens',
        'outputTokens',
        'cacheRead',
        'scoreSum',
        'scores',
        'passes',
      ] as const) {
        o[k] += s[k];
      }
      o.latencies.push(...s.latencies);
    }
  });
  return out;
}
