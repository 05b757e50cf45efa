import { INCIDENTS, parseIncident, type Incident } from './incident';

/** Settings read from the environment (documented in the demo README section). */
export interface DemoConfig {
  /** Control API port (`/healthz`, `/incident`); 0 picks a free port. */
  port: number;
  incident: Incident;
  /** Agent runs (one trace each) started per minute by each version process. */
  requestsPerMinute: number;
  /** When set, each version runs this many conversations, flushes its telemetry and exits. */
  oneShot?: number;
  seed: string;
  /** Multiplies every simulated latency, back-off and timeout (tests use e.g. 0.02). */
  timeScale: number;
  /** Fraction of answers the evaluator scores. */
  evalSampleRate: number;
  /** JSON-lines file where the simulator logs every response it sent (optional). */
  simulatorLog?: string;
  versions: string[];
  /**
   * Which GenAI convention names the demo emits: `legacy` (default: what
   * @opentelemetry/instrumentation-openai emits, semconv <= 1.41) or `2026`
   * (semantic-conventions-genai: new metric and span attribute names, from the demo's own meter).
   */
  semconv: Semconv;
}

export type Semconv = 'legacy' | '2026';

function numberEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) {
    throw new Error(`${name} must be a number >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const incident = parseIncident(env.DEMO_INCIDENT ?? 'none');
  if (!incident) {
    throw new Error(`DEMO_INCIDENT must be one of ${INCIDENTS.join(', ')}, got ${JSON.stringify(env.DEMO_INCIDENT)}`);
  }
  const oneShot = env.DEMO_ONE_SHOT ? numberEnv(env, 'DEMO_ONE_SHOT', 1, 1) : undefined;
  const versions = (env.DEMO_VERSIONS ?? 'v1,v2,v3')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  for (const v of versions) {
    if (!['v1', 'v2', 'v3'].includes(v)) {
      throw new Error(`DEMO_VERSIONS may list v1, v2, v3 only, got ${JSON.stringify(v)}`);
    }
  }
  const semconv = (env.DEMO_SEMCONV ?? '').trim() || 'legacy';
  if (semconv !== 'legacy' && semconv !== '2026') {
    throw new Error(`DEMO_SEMCONV must be legacy or 2026, got ${JSON.stringify(env.DEMO_SEMCONV)}`);
  }
  return {
    port: numberEnv(env, 'DEMO_PORT', 8080, 0),
    incident,
    requestsPerMinute: numberEnv(env, 'DEMO_REQUESTS_PER_MINUTE', 12, 0.01),
    oneShot: oneShot === undefined ? undefined : Math.floor(oneShot),
    seed: env.DEMO_SEED ?? String(Date.now()),
    timeScale: numberEnv(env, 'DEMO_TIME_SCALE', 1, 0),
    evalSampleRate: Math.min(1, numberEnv(env, 'DEMO_EVAL_SAMPLE_RATE', 0.5, 0)),
    simulatorLog: env.DEMO_SIMULATOR_LOG || undefined,
    versions,
    semconv,
  };
}
