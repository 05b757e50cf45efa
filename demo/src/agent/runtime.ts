import type { Tracer } from '@opentelemetry/api';
import type OpenAI from 'openai';
import type { Incident } from '../incident';
import type { PipelineProfile } from '../pipelines';
import type { Semconv } from '../config';
import type { DemoMetrics } from '../telemetry/demoMetrics';
import type { GenAiMetrics2026 } from '../telemetry/genaiMetrics2026';

/** What every agent step needs: the instrumented client, telemetry, profile and knobs. */
export interface Runtime {
  client: OpenAI;
  tracer: Tracer;
  metrics: DemoMetrics;
  /** Which convention names to emit; `metrics2026` is set in `2026` mode. */
  semconv: Semconv;
  metrics2026?: GenAiMetrics2026;
  profile: PipelineProfile;
  incident(): Incident;
  seed: string;
  timeScale: number;
  evalSampleRate: number;
  /** Opt-in content attributes (messages, tool arguments/results) on the demo's own spans. */
  captureContent: boolean;
  /** Client-side timeout of one LLM call (already scaled). */
  llmTimeoutMs: number;
}

export function sleep(rt: Runtime, seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000 * rt.timeScale));
}

/** Low-cardinality error type, as semconv wants for `error.type`: the error's class name. */
export function errorType(e: unknown): string {
  if (e && typeof e === 'object') {
    const name = (e as { constructor?: { name?: string } }).constructor?.name;
    if (name && name !== 'Object') {
      return name;
    }
  }
  return '_OTHER';
}
