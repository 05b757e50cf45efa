// Synthetic agent traces of three versions with known true differences, as OTLP/JSON for a real
// Tempo, plus the exact totals per version, so the TraceQL-metrics side of the version comparison
// can be checked against arithmetic. Each trace: invoke_agent → chat (tokens, model, 5 % errors,
// 3 % fallback to another model) with a gen_ai.evaluation.result event (pass at ≥ 0.7); every
// fourth trace makes a second such call.
// True differences as in versionTraffic.ts: v2 uses 25 % more tokens per call (so costs 25 % more)
// and scores 0.1 lower; latency is the same; v3 = v1.
import { otlpSpan, kvs, type SpanSpec } from './otlpBuilders';
import { seededRandom } from './seededRandom';
import { FALLBACK, REQUEST_MODEL, SNAPSHOT, VERSION_TRUTHS } from './versionTraffic';

export const VERSION_TRACE_SERVICE = 'version-traces-app';

export interface CallTruth {
  version: string;
  traceId: string;
  requestModel: string;
  responseModel: string;
  error: boolean;
  durationSec: number;
  inputTokens: number;
  outputTokens: number;
  score: number;
  pass: boolean;
}

export interface VersionTraces {
  /** One OTLP/JSON export request (times relative to otlpBuilders' T0: shift before sending). */
  payload: unknown;
  calls: CallTruth[];
  traceIds: string[];
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** `traces` per version spread evenly over `spreadMs` before `endMs`. */
export function versionTraces(o: {
  traces: number;
  endMs: number;
  spreadMs: number;
  seed?: number;
  service?: string;
}): VersionTraces {
  const rnd = seededRandom(o.seed ?? 20261202);
  const logn = (median: number, sigma: number) => Math.exp(rnd.normal(Math.log(median), sigma));
  const calls: CallTruth[] = [];
  const resourceSpans = VERSION_TRUTHS.map((truth, vi) => {
    const spans = [];
    for (let i = 0; i < o.traces; i++) {
      const traceId = hex(0x7e000000 + vi, 16) + hex(i + 1, 16);
      const specs: SpanSpec[] = [];
      // Every fourth trace makes a second call: a trace is not a call (cost per trace ≠ per request).
      const callsHere = i % 4 === 3 ? 2 : 1;
      const spread = o.spreadMs * (1 - vi / 6);
      const startMs = o.endMs - spread + Math.floor((spread * i) / o.traces);
      let atMs = startMs + 10;
      let anyError = false;
      for (let c = 0; c < callsHere; c++) {
        const error = rnd.uniform() < 0.05;
        const fallback = !error && rnd.uniform() < 0.03;
        const durationSec = logn(1.2, 0.5);
        const inputTokens = Math.round(logn(800, 0.4) * truth.costFactor);
        const outputTokens = Math.round(logn(200, 0.4) * truth.costFactor);
        const score = Math.min(1, Math.max(0, rnd.normal(truth.scoreMean, 0.12)));
        const call: CallTruth = {
          version: truth.version,
          traceId,
          requestModel: REQUEST_MODEL,
          responseModel: fallback ? FALLBACK : SNAPSHOT,
          error,
          durationSec,
          inputTokens,
          outputTokens,
          score,
          pass: score >= 0.7,
        };
        calls.push(call);
        // Start times relative to T0 of otlpBuilders; the whole payload is shifted by the caller.
        // Versions are deployed one after another: v1 over the whole spread, v2 from a sixth in, v3 from a third in.
        const chatMs = durationSec * 1000;
        anyError ||= error;
        specs.push({
          id: `c${c + 1}`,
          parent: 'a1',
          name: `chat ${REQUEST_MODEL}`,
          startMs: atMs,
          durationMs: chatMs,
          otelKind: 3,
          attrs: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            'gen_ai.request.model': call.requestModel,
            ...(error ? { 'error.type': 'rate_limit' } : { 'gen_ai.response.model': call.responseModel }),
            'gen_ai.usage.input_tokens': inputTokens,
            'gen_ai.usage.output_tokens': outputTokens,
          },
          events: [
            {
              name: 'gen_ai.evaluation.result',
              atMs: chatMs,
              attrs: {
                'gen_ai.evaluation.name': 'relevance',
                'gen_ai.evaluation.score.value': score,
                'gen_ai.evaluation.score.label': call.pass ? 'pass' : 'fail',
              },
            },
          ],
          error,
        });
        atMs += Math.round(chatMs) + 5;
      }
      specs.unshift({
        id: 'a1',
        name: 'invoke_agent support',
        startMs,
        durationMs: atMs - startMs + 5,
        attrs: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support' },
        error: anyError,
      });
      spans.push(...specs.map((s) => otlpSpan(traceId, s)));
    }
    return {
      resource: {
        attributes: kvs({ 'service.name': o.service ?? VERSION_TRACE_SERVICE, 'service.version': truth.version }),
      },
      scopeSpans: [{ scope: { name: 'version-traces' }, spans }],
    };
  });
  return { payload: { resourceSpans }, calls, traceIds: [...new Set(calls.map((c) => c.traceId))] };
}
