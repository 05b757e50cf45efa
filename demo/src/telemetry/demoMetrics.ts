import type { Meter } from '@opentelemetry/api';

/**
 * Metrics the instrumentation does not record, created by the demo with semconv names:
 *  - gen_ai.client.operation.time_to_first_chunk (s): streaming calls, same buckets as
 *    gen_ai.client.operation.duration (legacy mode; 2026 mode: genaiMetrics2026.ts);
 *  - gen_ai.evaluation.score ({score}): no semconv metric exists; this project's definition.
 */
export interface DemoMetrics {
  timeToFirstChunk: ReturnType<Meter['createHistogram']>;
  evaluationScore: ReturnType<Meter['createHistogram']>;
}

export const DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
export const SCORE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

export function createDemoMetrics(meter: Meter): DemoMetrics {
  return {
    timeToFirstChunk: meter.createHistogram('gen_ai.client.operation.time_to_first_chunk', {
      description: 'Time from the request until the first chunk of a streamed response',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    evaluationScore: meter.createHistogram('gen_ai.evaluation.score', {
      description: 'Evaluation scores of GenAI answers (0 = bad, 1 = good)',
      unit: '{score}',
      advice: { explicitBucketBoundaries: SCORE_BUCKETS },
    }),
  };
}
