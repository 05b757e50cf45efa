/**
 * Contract tests: telemetry written by real instrumentation libraries (fixtures/otlp), stored in
 * a real Tempo, read back through the real query code. By default the Tempo responses are
 * replayed from fixtures/tempo/recordings.json; with TEMPO_URL set the same tests run live
 * (fixtures are ingested with fresh trace ids through TEMPO_OTLP_URL first).
 *
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { calcPrice } from '@pydantic/genai-prices';
import type { DataFrame } from '@grafana/data';
import { fetchTransport, type HttpTransport } from '../../src/data/http/transport';
import { TempoClient } from '../../src/data/tempo/tempoClient';
import { checkHealth } from '../../src/data/health/checkHealth';
import {
  searchTraceSummaries,
  traceByIdFrames,
  tracePointsFrames,
  versionAggregateFrames,
} from '../../src/data/queries/traceQueries';
import { NO_USAGE_REASON } from '../../src/data/cost/spanCost';
import { traceSearchFrame } from '../../src/data/frames/traceSearchFrame';
import { readSpanTreeFrame } from '../../src/data/frames/readSpanTreeFrame';
import { buildSpanTreeView } from '../../src/data/trace/spanTreeView';
import { buildTraceSearchQuery } from '../../src/data/traceql/traceSearchQuery';
import { padForTempoLexer } from '../../src/data/traceql/lexerBoundaryPadding';
import type { SpanContent } from '../../src/data/genai/messages';
import type { Evaluation } from '../../src/data/genai/model';
import {
  CONTRACT_TRACEQL_METRICS,
  contractContext,
  runContractScenarios,
  type ContractResults,
} from '../helpers/contractScenarios';
import {
  ingest,
  loadOtlpFixtures,
  shiftToNow,
  waitUntilMetricsReady,
  waitUntilSearchable,
  withFreshTraceIds,
} from '../helpers/otlpIngest';
import { replayTransport, type RecordingFile } from '../helpers/recordedTransport';

const LIVE = process.env.TEMPO_URL;
const fixtures = loadOtlpFixtures();
/** dialect → trace id as stored in the Tempo under test */
const traceOf = new Map<string, string>();
let transport: HttpTransport;
let results: ContractResults;

jest.setTimeout(LIVE ? 900_000 : 30_000);

beforeAll(async () => {
  if (LIVE) {
    const otlp = process.env.TEMPO_OTLP_URL ?? LIVE.replace(/:\d+\/?$/, ':4318') + '/v1/traces';
    for (const f of fixtures) {
      const { payload, idMap } = withFreshTraceIds(shiftToNow(f.payload));
      await ingest(otlp, payload);
      traceOf.set(f.dialect, idMap.get(f.traceIds[0])!);
    }
    await waitUntilSearchable(LIVE, [...traceOf.values()]);
    await waitUntilMetricsReady(LIVE, CONTRACT_TRACEQL_METRICS);
    transport = fetchTransport(LIVE, { backend: 'Tempo' });
  } else {
    const file: RecordingFile = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../fixtures/tempo/recordings.json'), 'utf8')
    );
    fixtures.forEach((f) => traceOf.set(f.dialect, f.traceIds[0]));
    transport = replayTransport(file);
  }
  results = await runContractScenarios(new TempoClient(transport), [...traceOf.values()]);
});

type Row = Record<string, unknown> & { content: SpanContent; evaluations: Evaluation[]; dialects: string[] };

function rows(frame: DataFrame): Row[] {
  return Array.from(
    { length: frame.length },
    (_, i) => Object.fromEntries(frame.fields.map((f) => [f.name, f.values[i]])) as Row
  );
}

const traceRows = (dialect: string) => rows(results.traces[traceOf.get(dialect)!]);
const okLlm = (rs: Row[], model: string) => rs.find((r) => r.kind === 'llm' && r.requestModel === model && !r.error)!;

const LIBRARY_DIALECTS = [
  'semconv',
  'semconv-deprecated',
  'openllmetry',
  'openinference',
  'openlit',
  'langfuse',
  'agento11y',
];
// What each library records (see fixtures/otlp/README.md); assertions follow the telemetry.
const RECORDS_CACHE = new Set(['openinference', 'openlit', 'langfuse', 'agento11y']);
const RECORDS_REASONING = new Set(['openinference', 'langfuse', 'agento11y']);
const CONTENT_ON_SPANS = new Set(['openllmetry', 'openinference', 'openlit', 'langfuse']);
const EMITS_ERROR_SPAN = new Set(['semconv', 'semconv-deprecated', 'openlit', 'langfuse', 'agento11y']);
const EMITS_EMBEDDINGS = new Set([
  'semconv',
  'semconv-deprecated',
  'openinference',
  'openlit',
  'langfuse',
  'agento11y',
]);
// agento11y keeps the Python `openai` exception text: `Error code: 429 - {'error': {'message': 'Rate limit…`.
const RATE_LIMIT_MESSAGE: Record<string, RegExp> = { agento11y: /^Error code: 429 - .*Rate limit reached/ };
// Successful model calls recorded without any token count (fixtures/otlp/README.md): OpenInference
// drops the streamed usage chunk and records no counts on embeddings. OpenLLMetry's stream has
// tiktoken estimates, so it is priced.
const NO_USAGE_CALLS: Record<string, Array<[kind: string, model: string]>> = {
  openinference: [
    ['embedding', 'text-embedding-3-small'],
    ['llm', 'gpt-4o'],
  ],
};

describe.each(LIBRARY_DIALECTS)('trace by id: %s', (dialect) => {
  it('recovers the simulator’s token counts for the tool-calling gpt-4o-mini call', () => {
    const r = okLlm(traceRows(dialect), 'gpt-4o-mini');
    expect(r).toBeDefined();
    expect([r.inputTokens, r.outputTokens]).toEqual([182, 26]);
    expect(r.cacheReadTokens).toBe(RECORDS_CACHE.has(dialect) ? 64 : null);
    expect(r.reasoningTokens).toBe(RECORDS_REASONING.has(dialect) ? 8 : null);
    expect(r.provider ?? 'openai').toBe('openai');
  });

  it('prices it from the price table, cache reads at their own rate', () => {
    const r = okLlm(traceRows(dialect), 'gpt-4o-mini');
    const cached = (r.cacheReadTokens as number | null) ?? 0;
    const expected = calcPrice({ input_tokens: 182, output_tokens: 26, cache_read_tokens: cached }, 'gpt-4o-mini', {
      providerId: 'openai',
    })!.total_price;
    expect(r.costSource).toBe('price-table');
    expect(r.costUsd as number).toBeCloseTo(expected, 15);
  });

  it('says the unknown model’s cost is unknown, not 0', () => {
    const r = okLlm(traceRows(dialect), 'acme-unknown-model-1');
    expect([r.inputTokens, r.outputTokens]).toEqual([48, 11]);
    expect(r.costUsd).toBeNull();
    expect(r.costUnknownReason).toMatch(/no price for model "acme-unknown-model-1"/);
  });

  it('classifies agent, tool and embedding spans', () => {
    const rs = traceRows(dialect);
    expect(rs.filter((r) => r.kind === 'agent').map((r) => r.agentName)).toEqual(['research-agent']);
    expect(rs.filter((r) => r.kind === 'tool').map((r) => r.toolName)).toEqual(['web_search']);
    const embeddings = rs.filter((r) => r.kind === 'embedding');
    expect(embeddings.map((r) => r.requestModel)).toEqual(
      EMITS_EMBEDDINGS.has(dialect) ? ['text-embedding-3-small'] : []
    );
    expect(rs[0].kind).toBe('agent'); // the agent is the root and everything hangs below it
    expect(rs.slice(1).every((r) => (r.depth as number) >= 1)).toBe(true);
  });

  it('flags the rate-limited call as an error', () => {
    const errors = traceRows(dialect).filter((r) => r.error);
    if (EMITS_ERROR_SPAN.has(dialect)) {
      expect(errors).toHaveLength(1);
      expect(errors[0].kind).toBe('llm');
      expect(String(errors[0].errorMessage)).toMatch(RATE_LIMIT_MESSAGE[dialect] ?? /429 Rate limit reached/);
    } else {
      expect(errors).toHaveLength(0);
    }
  });

  it('keeps the hostile prompt as plain text in the decoded messages', () => {
    const rs = traceRows(dialect);
    const texts = rs.flatMap((r) =>
      r.content.input.flatMap((m) => m.parts.map((p) => (p.type === 'text' ? p.content : '')))
    );
    const hostile = texts.filter((t) => t.includes('<script>alert(1)</script><img src=x onerror=alert(2)>'));
    expect(hostile.length > 0).toBe(CONTENT_ON_SPANS.has(dialect));
  });

  it('rolls tokens and cost up to the root without double counting', () => {
    const rs = traceRows(dialect);
    const counted = rs.filter((r) => r.countsUsage);
    const sum = (k: string) => counted.reduce((a, r) => a + ((r[k] as number) ?? 0), 0);
    expect(rs[0].subtreeInputTokens).toBe(sum('inputTokens'));
    expect(rs[0].subtreeOutputTokens).toBe(sum('outputTokens'));
    expect(rs[0].subtreeCostUsd as number).toBeCloseTo(sum('costUsd'), 15);
    // The unknown model, plus each successful call recorded without usage (was 1 everywhere: those
    // calls counted as free).
    expect(rs[0].subtreeUnknownCostSpans).toBe(1 + (NO_USAGE_CALLS[dialect]?.length ?? 0));
  });

  it('says the cost of a call recorded without usage is unknown (the streaming gpt-4o call)', () => {
    const rs = traceRows(dialect);
    const missing = rs.filter((r) => r.costUnknownReason === NO_USAGE_REASON);
    expect(missing.map((r) => [r.kind, r.requestModel])).toEqual(NO_USAGE_CALLS[dialect] ?? []);
    for (const r of missing) {
      expect([r.inputTokens, r.outputTokens, r.costUsd, r.countsUnknownCost]).toEqual([null, null, null, true]);
    }
    const stream = okLlm(rs, 'gpt-4o');
    if (!NO_USAGE_CALLS[dialect]) {
      expect(stream.costSource).toBe('price-table');
      expect(stream.costUsd as number).toBeGreaterThan(0);
    }
  });

  it('names the dialect it read', () => {
    expect(okLlm(traceRows(dialect), 'gpt-4o-mini').dialects).toContain(
      dialect === 'semconv-deprecated' ? 'semconv-deprecated' : dialect
    );
  });
});

describe('agento11y (Grafana Agent Observability SDK)', () => {
  it('reads its generateText / streamText spans as model calls, the streaming one with usage', () => {
    const rs = traceRows('agento11y');
    const stream = rs.find((r) => r.name === 'streamText gpt-4o')!;
    expect([stream.kind, stream.operation, stream.inputTokens, stream.outputTokens]).toEqual([
      'llm',
      'streamText',
      356,
      58,
    ]);
    expect([stream.cacheReadTokens, stream.reasoningTokens]).toEqual([256, 16]);
    expect(rs.filter((r) => r.kind === 'llm').map((r) => r.operation)).toEqual([
      'generateText',
      'streamText',
      'generateText',
      'generateText',
    ]);
  });

  it('keeps the hostile conversation title (user text) as a plain attribute value', () => {
    const stream = traceRows('agento11y').find((r) => r.name === 'streamText gpt-4o')!;
    const attrs = stream.attributes as Record<string, unknown>;
    expect(attrs['agento11y.conversation.title']).toBe(
      'Summarize the search result in two sentences for this page: <script>alert(1)</script><img src=x onerror=alert(2)>'
    );
  });

  it('names both vocabularies it speaks on the SDK spans', () => {
    const tool = traceRows('agento11y').find((r) => r.kind === 'tool')!;
    expect(tool.dialects).toEqual(expect.arrayContaining(['agento11y', 'semconv']));
  });
});

describe('evaluations (semconv events and evaluator spans)', () => {
  it('attaches the event to the chat span and the evaluator span to the response it names', () => {
    const rs = traceRows('evaluations');
    const chat = rs.find((r) => r.kind === 'llm')!;
    const judge = rs.find((r) => r.name === 'evaluate faithfulness')!;
    expect(chat.evaluations).toEqual([
      expect.objectContaining({
        name: 'relevance',
        scoreValue: 0.82,
        scoreLabel: 'pass',
        targetSpanId: chat.spanId,
        explanation: 'Answers the refund question directly.',
      }),
    ]);
    expect(judge.evaluations).toEqual([
      expect.objectContaining({
        name: 'faithfulness',
        scoreValue: 0.35,
        scoreLabel: 'fail',
        targetSpanId: chat.spanId,
      }),
    ]);
  });

  it('prices Anthropic cache reads and writes', () => {
    const chat = traceRows('evaluations').find((r) => r.kind === 'llm')!;
    const expected = calcPrice(
      { input_tokens: 5200, cache_read_tokens: 4000, cache_write_tokens: 1000, output_tokens: 300 },
      'claude-sonnet-4-20250514',
      { providerId: 'anthropic' }
    )!.total_price;
    expect(chat.costUsd as number).toBeCloseTo(expected, 15);
    expect(chat.finishReasons).toEqual(['end_turn']);
  });
});

describe('trace search (one Tempo search with select())', () => {
  const ours = (name: string) => results.searches[name].filter((s) => [...traceOf.values()].includes(s.traceId));
  const dialectOf = (traceId: string) => [...traceOf.entries()].find(([, id]) => id === traceId)![0];

  it('summarises every fixture trace with the same totals as its full trace', () => {
    const all = ours('all');
    expect(all.map((s) => dialectOf(s.traceId)).sort()).toEqual([...traceOf.keys()].sort());
    for (const s of all) {
      const root = rows(results.traces[s.traceId])[0];
      expect(s.spansReturned).toBe(s.spansMatched);
      expect([s.totals.inputTokens, s.totals.outputTokens]).toEqual([
        root.subtreeInputTokens,
        root.subtreeOutputTokens,
      ]);
      expect(s.totals.costUsd).toBeCloseTo(root.subtreeCostUsd as number, 15);
      expect(s.totals.llmCalls).toBe(root.subtreeLlmCalls);
      // The search sees a call without usage as the full trace does (status and kind are selected).
      expect(s.totals.unknownCostSpans).toBe(root.subtreeUnknownCostSpans);
      expect(s.unknownCostReasons.includes(NO_USAGE_REASON)).toBe(Boolean(NO_USAGE_CALLS[dialectOf(s.traceId)]));
    }
  });

  it('marks a trace incomplete for a call without usage alone, like an unknown price', async () => {
    // Price the unknown model by override: what is left unknown is the calls without usage.
    const ctx = {
      ...contractContext(new TempoClient(transport)),
      cost: {
        overrides: [{ model: 'acme-unknown-model-1', inputPerMTok: 1, outputPerMTok: 2 }],
        preferReportedCost: false,
      },
    };
    const mine = (id: string) => [...traceOf.values()].includes(id) && LIBRARY_DIALECTS.includes(dialectOf(id));
    const incomplete = LIBRARY_DIALECTS.filter((d) => NO_USAGE_CALLS[d]).sort();
    const { summaries } = await searchTraceSummaries(ctx, {});
    const searchRows = rows(traceSearchFrame(summaries.filter((s) => mine(s.traceId))));
    expect(searchRows).toHaveLength(LIBRARY_DIALECTS.length);
    const unknownRows = searchRows.filter((r) => r.costComplete === false);
    expect(unknownRows.map((r) => dialectOf(r.traceId as string)).sort()).toEqual(incomplete);
    expect(unknownRows.map((r) => r.costUnknownReason)).toEqual(incomplete.map(() => NO_USAGE_REASON));
    const [points] = await tracePointsFrames(ctx, {}, 'P');
    const pr = rows(points).filter((r) => mine(r.traceId as string));
    expect(pr.filter((r) => r.costUsd === null).map((r) => dialectOf(r.traceId as string))).toEqual(incomplete);
    expect(pr.filter((r) => r.costUsd !== null).every((r) => (r.costUsd as number) > 0)).toBe(true);
    if (!LIVE) {
      const [versions] = await versionAggregateFrames(ctx, {}, 'V');
      const v1 = rows(versions).find((r) => r.version === '1.0.0')!;
      expect(v1.tracesWithUnknownCost).toBe(incomplete.length);
      expect([v1.totalCostUsd, typeof v1.costPerRequestUsd]).toEqual([null, 'number']);
    }
    for (const dialect of LIBRARY_DIALECTS) {
      // The span tree's totals (what the panel shows) count the same spans.
      const [frame] = await traceByIdFrames(ctx, traceOf.get(dialect)!, 'A');
      const view = buildSpanTreeView(readSpanTreeFrame(frame));
      expect(view.unknownCostSpans).toBe(NO_USAGE_CALLS[dialect]?.length ?? 0);
      expect((frame.meta!.custom as { totals: { unknownCostSpans: number } }).totals.unknownCostSpans).toBe(
        view.unknownCostSpans
      );
    }
  });

  it('filters by service, model and errors', () => {
    expect(ours('semconvService').map((s) => dialectOf(s.traceId))).toEqual(['semconv']);
    expect(
      ours('gpt4o')
        .map((s) => dialectOf(s.traceId))
        .sort()
    ).toEqual([...LIBRARY_DIALECTS].sort());
    // Langfuse marks failures with its own level, not the span status TraceQL filters on.
    expect(
      ours('errorsOnly')
        .map((s) => dialectOf(s.traceId))
        .sort()
    ).toEqual(['agento11y', 'openlit', 'semconv', 'semconv-deprecated']);
    expect(ours('openaiProvider').length).toBeGreaterThanOrEqual(5);
  });

  it('retries within Tempo’s spans-per-trace maximum and says so', () => {
    expect(results.overLimitSearch.count).toBeGreaterThanOrEqual(traceOf.size);
    expect(results.overLimitSearch.warnings).toContain(
      'This Tempo returns at most 100 spans per trace in searches (query_frontend.search.max_spans_per_span_set); "Spans per trace" (500) was lowered to 100.'
    );
  });

  it('explains Tempo’s maximum search range', () => {
    expect(results.longRangeError).toBe(
      'The time range is longer than this Tempo allows in one query (168h0m0s): pick a shorter range, or raise query_frontend.search.max_duration in Tempo.'
    );
  });

  it('runs a filter holding TraceQL syntax as a plain value (no match, no error)', () => {
    expect(ours('hostileValue')).toEqual([]);
  });

  it('reads scores, version and conversation from the search result', () => {
    const ev = ours('all').find((s) => dialectOf(s.traceId) === 'evaluations')!;
    expect(ev.version).toBe('v2');
    expect(ev.conversationId).toBe('conv-42');
    expect(ev.scores.relevance.mean).toBeCloseTo(0.82, 12);
    expect(ev.scores.faithfulness.mean).toBeCloseTo(0.35, 12);
    expect(ev.scores.faithfulness.labels).toEqual(['fail']);
  });

  it('builds per-trace points and per-version aggregates from the same search', async () => {
    const ctx = contractContext(new TempoClient(transport));
    const [points] = await tracePointsFrames(ctx, {}, 'P');
    const [versions] = await versionAggregateFrames(ctx, {}, 'V');
    const pr = rows(points).filter((r) => [...traceOf.values()].includes(r.traceId as string));
    expect(pr).toHaveLength(traceOf.size);
    const evPoint = pr.find((r) => r.traceId === traceOf.get('evaluations'))!;
    expect(evPoint['score:faithfulness']).toBeCloseTo(0.35, 12);
    // Library fixtures include an unknown model: their cost point is withheld rather than understated.
    expect(pr.filter((r) => r.costUsd === null)).toHaveLength(LIBRARY_DIALECTS.length);
    if (!LIVE) {
      const vr = rows(versions);
      const v2 = vr.find((r) => r.version === 'v2')!;
      expect(v2.traces).toBe(1);
      expect(v2['score:relevance:mean']).toBeCloseTo(0.82, 12);
      expect(vr.find((r) => r.version === '1.0.0')!.traces).toBe(LIBRARY_DIALECTS.length);
    }
  });
});

describe('TraceQL metrics (Tempo /api/metrics/query_range)', () => {
  it('sums input tokens by model over the fixtures', () => {
    // Expected straight from the OTLP fixtures: spans carrying gen_ai.usage.input_tokens, by gen_ai.request.model.
    const expected: Record<string, number> = {};
    for (const f of fixtures) {
      for (const rs of f.payload.resourceSpans) {
        for (const ss of rs.scopeSpans) {
          for (const span of ss.spans as Array<{
            attributes?: Array<{ key: string; value: { stringValue?: string; intValue?: string } }>;
          }>) {
            const a = Object.fromEntries(
              (span.attributes ?? []).map((kv) => [kv.key, kv.value.stringValue ?? kv.value.intValue])
            );
            if (a['gen_ai.request.model'] !== undefined && a['gen_ai.usage.input_tokens'] !== undefined) {
              expected[a['gen_ai.request.model']!] =
                (expected[a['gen_ai.request.model']!] ?? 0) + Number(a['gen_ai.usage.input_tokens']);
            }
          }
        }
      }
    }
    const got: Record<string, number> = {};
    for (const frame of results.traceqlMetrics) {
      const values = frame.fields[1].values as number[];
      got[frame.name!] = values.reduce((a, b) => a + b, 0);
    }
    if (LIVE) {
      for (const [model, total] of Object.entries(expected)) {
        expect(got[model]).toBeGreaterThanOrEqual(total); // a live Tempo may hold earlier runs too
      }
    } else {
      expect(got).toEqual(expected);
    }
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(4);
  });

  it('passes Tempo’s parse error through when it rejects a query', () => {
    expect(results.traceqlMetricsError).toMatch(/^Tempo answered HTTP 400: .*parse error/);
  });
});

describe('template variables (tag values API)', () => {
  it('lists services, models, providers, agents, versions and evaluation names', () => {
    const v = results.variables;
    expect(v.services).toEqual(expect.arrayContaining(fixtures.map((f) => `fixture-${f.dialect}`)));
    expect(v.models).toEqual(
      expect.arrayContaining([
        'gpt-4o',
        'gpt-4o-mini',
        'text-embedding-3-small',
        'acme-unknown-model-1',
        'claude-sonnet-4-20250514',
      ])
    );
    expect(v.providers).toEqual(expect.arrayContaining(['openai', 'anthropic']));
    expect(v.agents).toEqual(expect.arrayContaining(['research-agent', 'support-agent']));
    expect(v.versions).toEqual(expect.arrayContaining(['v2', '1.0.0', '2.3.0']));
    expect(v.evaluationNames).toEqual(expect.arrayContaining(['relevance', 'faithfulness']));
    expect(v.operations).toEqual(expect.arrayContaining(['chat', 'embeddings', 'execute_tool', 'invoke_agent']));
  });
});

describe('health check', () => {
  it('reports GenAI spans, services, models and dialects found in Tempo', async () => {
    const report = await checkHealth(new TempoClient(transport), undefined);
    expect(report.status).toBe('warning'); // no Prometheus selected here
    expect(report.message).toMatch(
      /^Tempo: connected \(Tempo v3\.\d+\.\d+\); last 24 h: \d+ traces with \d+ GenAI spans, \d+ service\(s\), \d+ model\(s\)/
    );
    expect(report.message).toMatch(
      /dialects \[agento11y, [^\]]*langfuse[^\]]*openinference[^\]]*openlit[^\]]*openllmetry[^\]]*semconv/
    );
    expect(report.message).toMatch(/no Prometheus data source selected/);
  });
});

(LIVE ? describe : describe.skip)('live Tempo only', () => {
  it('accepts every padded query, where unpadded ones hit the lexer buffer bug', async () => {
    const live = new TempoClient(fetchTransport(LIVE!, { backend: 'Tempo' }));
    const opts = { versionAttributes: ['gen_ai.agent.version', 'resource.service.version'] };
    let rawFailures = 0;
    for (let k = 0; k < 60; k++) {
      const models = Array.from({ length: k % 12 }, (_, i) => 'model-' + 'x'.repeat((k * 7 + i) % 37));
      const q = buildTraceSearchQuery({ models, services: ['svc' + k], minDurationMs: k * 13.7 }, opts);
      const raw = await fetch(`${LIVE}/api/search?limit=1&q=${encodeURIComponent(q)}`);
      rawFailures += raw.status === 200 ? 0 : 1;
      await expect(live.search(q, { limit: 1 })).resolves.toHaveProperty('traces');
      expect(padForTempoLexer(q).replace(/ +/g, ' ')).toBe(q.replace(/ +/g, ' '));
    }
    expect(rawFailures).toBeGreaterThan(0); // the workaround is still needed
  });

  it('accepts TraceQL built from thousands of hostile filter values', async () => {
    const live = new TempoClient(fetchTransport(LIVE!, { backend: 'Tempo' }));
    const samples = fc.sample(
      fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { minLength: 1, maxLength: 4 }),
      300
    );
    for (const models of samples) {
      const q = buildTraceSearchQuery({ models, agents: models }, { versionAttributes: ['gen_ai.agent.version'] });
      await expect(live.search(q, { limit: 1 })).resolves.toHaveProperty('traces');
    }
  });
});
