/** @jest-environment node */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import type { DataFrame } from '@grafana/data';
import { spanTreeFrame } from '../frames/spanTreeFrame';
import { readSpanTreeFrame } from '../frames/readSpanTreeFrame';
import { buildTraceFromPayload, type LoadedTrace } from '../trace/loadTrace';
import { LokiClient } from '../loki/lokiClient';
import { loadTraceLogMessages } from '../loki/traceLogMessages';
import { maskerFor } from '../pii/piiMasker';
import { otlpTrace } from '../../../tests/helpers/otlpBuilders';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import { replayTransport, type RecordingFile } from '../../../tests/helpers/recordedTransport';
import type { CallItem, DatasetItem, TraceItem } from './datasetItem';
import { DATASET_PRESETS } from './datasetPresets';
import { datasetFileName, exportDataset, type ExportTraceSource } from './exportDataset';

const REPO = path.resolve(__dirname, '../../..');
const read = (p: string) => JSON.parse(readFileSync(path.join(REPO, p), 'utf8'));
const tempo: RecordingFile = read('fixtures/tempo/recordings.json');
const lokiRecordings: RecordingFile = read('fixtures/loki/recordings.json');
const schema = read('docs/dataset.schema.json');
const validate = new Ajv({ allErrors: true }).compile(schema);

const traces = new Map<string, LoadedTrace>();
for (const e of tempo.exchanges) {
  if (/^\/api\/v2\/traces\/[0-9a-f]+$/.test(e.path) && e.status === 200) {
    const id = e.path.split('/').pop()!;
    traces.set(id, buildTraceFromPayload(id, JSON.parse(e.body), pipelineOptions()));
  }
}
const serviceOf = (t: LoadedTrace) => t.nodes.find((n) => !n.synthetic)!.span.serviceName;
const byService = (s: string) => [...traces.values()].find((t) => serviceOf(t) === s)!;

const loki = new LokiClient(replayTransport(lokiRecordings, 'Loki'));
const source = (frames: Map<string, DataFrame>, withLoki = true): ExportTraceSource => ({
  spanTreeFrame: async (id) => {
    const f = frames.get(id);
    if (!f) {
      throw new Error(`Tempo answered HTTP 404: trace ${id} not found`);
    }
    return f;
  },
  traceLogs: withLoki
    ? (table) =>
        loadTraceLogMessages(loki, {
          traceId: table.traceId,
          services: [...new Set(Array.from(table.column<string>('serviceName')!, (s) => s ?? ''))],
          startMs: 0,
          endMs: 1,
        })
    : undefined,
});
const framesOf = (ts: LoadedTrace[]) => new Map(ts.map((t) => [t.traceId, spanTreeFrame(t)]));
const parse = (parts: string[]) =>
  parts
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const immediate = () => Promise.resolve();

describe('exportDataset, genai format', () => {
  const all = [...traces.values()];

  it.each(['call', 'trace'] as const)(
    'one line per %s, each valid against docs/dataset.schema.json',
    async (granularity) => {
      const res = await exportDataset(
        all.map((t) => t.traceId),
        source(framesOf(all)),
        { granularity, preset: 'genai', yieldToBrowser: immediate }
      );
      const items = parse(res.parts) as DatasetItem[];
      const llmCalls = all.reduce((n, t) => n + t.nodes.filter((x) => !x.synthetic && x.span.kind === 'llm').length, 0);
      expect(items).toHaveLength(granularity === 'call' ? llmCalls : all.length);
      expect(res).toMatchObject({ lines: items.length, traces: all.length, failed: [], cancelled: false });
      for (const item of items) {
        expect({ id: item.id, ok: validate(item), errors: validate.errors }).toEqual({
          id: item.id,
          ok: true,
          errors: null,
        });
      }
      // The schema is strict enough to refuse what the format does not allow.
      const [first] = items;
      for (const broken of [
        { ...first, cost_usd: -1 },
        { ...first, expected: '' },
        { ...first, extra: 1 },
        { ...first, input: [{ role: 'user' }] },
      ]) {
        expect(validate(broken)).toBe(false);
      }
    }
  );

  it('takes the chats written as logs from Loki, and says which calls had none', async () => {
    const semconv = byService('fixture-semconv');
    const res = await exportDataset([semconv.traceId], source(framesOf([semconv])), {
      granularity: 'call',
      preset: 'genai',
      yieldToBrowser: immediate,
    });
    const calls = parse(res.parts) as CallItem[];
    const logs = await loadTraceLogMessages(loki, {
      traceId: semconv.traceId,
      services: ['fixture-semconv'],
      startMs: 0,
      endMs: 1,
    });
    for (const c of calls) {
      const fromLoki = logs.bySpan.get(c.span_id);
      expect({ span: c.span_id, source: c.content_source }).toEqual({
        span: c.span_id,
        source: fromLoki ? 'loki' : 'none',
      });
      if (fromLoki) {
        expect(c.input.map((m) => m.role)).toEqual(fromLoki.input.map((m) => m.role));
        expect(c.output.map((m) => m.role)).toEqual(fromLoki.output.map((m) => m.role));
      }
    }
    expect(calls.filter((c) => c.content_source === 'loki').length).toBe(logs.bySpan.size);
    // Without a Loki, the same calls say they have no content.
    const bare = parse(
      (
        await exportDataset([semconv.traceId], source(framesOf([semconv]), false), {
          granularity: 'call',
          preset: 'genai',
          yieldToBrowser: immediate,
        })
      ).parts
    ) as CallItem[];
    expect(new Set(bare.map((c) => c.content_source))).toEqual(new Set(['none']));
  });

  it('carries model, version, scores, ids, usage and a blank expected; unknown cost is null with its reason', async () => {
    const t = byService('fixture-semconv');
    const [item] = parse(
      (
        await exportDataset([t.traceId], source(framesOf([t])), {
          granularity: 'trace',
          preset: 'genai',
          yieldToBrowser: immediate,
        })
      ).parts
    ) as TraceItem[];
    const unknown = item.calls.find((c) => c.model === 'acme-unknown-model-1')!;
    expect(unknown.cost_usd).toBeNull();
    expect(unknown.cost_unknown_reason).toMatch(/.+/);
    expect(item.cost_usd).toBeNull();
    expect(item.cost_unknown_reason).toMatch(/of \d+ calls have no known cost/);
    const priced = item.calls.find((c) => c.model?.startsWith('gpt-4o-mini') && c.cost_usd !== null)!;
    const node = t.nodes.find((n) => n.span.spanId === priced.span_id)!;
    expect(priced).toMatchObject({
      trace_id: t.traceId,
      usage: { input_tokens: node.span.tokens.input, output_tokens: node.span.tokens.output },
      cost_usd: node.cost.usd,
      expected: null,
    });
    expect(item.output.at(-1)!.role).toBe('assistant');
    expect(item.tools.map((x) => x.name)).toEqual(['web_search']);
  });

  it('puts evaluation results on the call they judge', async () => {
    const t = [...traces.values()].find((x) => x.nodes.some((n) => n.span.evaluations.length))!;
    const calls = parse(
      (
        await exportDataset([t.traceId], source(framesOf([t])), {
          granularity: 'call',
          preset: 'genai',
          yieldToBrowser: immediate,
        })
      ).parts
    ) as CallItem[];
    const judged = calls.filter((c) => c.scores.length);
    expect(judged.length).toBeGreaterThan(0);
    for (const s of judged.flatMap((c) => c.scores)) {
      expect(s.name).toMatch(/.+/);
      expect(s.value !== undefined || s.label !== undefined || s.evaluator_error !== undefined).toBe(true);
    }
  });
});

describe('presets re-import as their tools read them', () => {
  const t = byService('fixture-semconv');
  const run = (preset: (typeof DATASET_PRESETS)[number]['value'], granularity: 'call' | 'trace') =>
    exportDataset([t.traceId], source(framesOf([t])), { granularity, preset, yieldToBrowser: immediate }).then((r) =>
      parse(r.parts)
    );

  it('genai lines parse back into the items they were made from', async () => {
    const lines = await run('genai', 'call');
    const again = parse([lines.map((l) => JSON.stringify(l) + '\n').join('')]);
    expect(again).toEqual(lines);
    expect(lines.every((l) => l.schema === 'genai-observability/dataset-item@1')).toBe(true);
  });

  it('openai-evals: chat input and a blank ideal, nothing else', async () => {
    const calls = (await run('genai', 'call')) as CallItem[];
    const lines = await run('openai-evals', 'call');
    expect(lines).toHaveLength(calls.length);
    lines.forEach((l, i) => {
      expect(Object.keys(l).sort()).toEqual(['ideal', 'input']);
      expect(l.ideal).toBe('');
      expect(
        l.input.every(
          (m: { role: unknown; content: unknown }) => typeof m.role === 'string' && typeof m.content === 'string'
        )
      ).toBe(true);
      expect(l.input.filter((m: { role: string }) => m.role !== 'system')).toEqual(
        calls[i].input.filter((m) => m.role !== 'system')
      );
    });
  });

  it('promptfoo: vars.input is the last user message, no assertions yet, ids in metadata', async () => {
    const calls = (await run('genai', 'call')) as CallItem[];
    const lines = await run('promptfoo', 'call');
    lines.forEach((l, i) => {
      expect(l.assert).toEqual([]);
      expect(l.vars.input).toBe([...calls[i].input].reverse().find((m) => m.role === 'user')?.content ?? '');
      expect(l.metadata).toMatchObject({ trace_id: t.traceId, span_id: calls[i].span_id });
    });
  });

  it('langfuse: input, a null expectedOutput, the source trace and observation', async () => {
    const calls = (await run('genai', 'call')) as CallItem[];
    const lines = await run('langfuse', 'call');
    lines.forEach((l, i) => {
      expect(l).toMatchObject({
        expectedOutput: null,
        sourceTraceId: t.traceId,
        sourceObservationId: calls[i].span_id,
      });
    });
    const [trace] = await run('langfuse', 'trace');
    expect(trace.sourceObservationId).toBeUndefined();
    expect(trace.sourceTraceId).toBe(t.traceId);
  });
});

describe('masking, failures, cancellation, streaming', () => {
  function piiTrace(i: number) {
    return buildTraceFromPayload(
      i.toString(16).padStart(32, '0'),
      otlpTrace(
        [
          {
            id: 'a',
            name: 'invoke_agent support',
            durationMs: 20,
            attrs: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support' },
          },
          {
            id: 'b',
            parent: 'a',
            name: 'chat gpt-4o-mini',
            durationMs: 10,
            attrs: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.request.model': 'gpt-4o-mini',
              'gen_ai.input.messages': JSON.stringify([
                {
                  role: 'user',
                  parts: [{ type: 'text', content: `I am jane.doe${i}@example.com, card 4111 1111 1111 1111` }],
                },
              ]),
              'gen_ai.output.messages': JSON.stringify([
                { role: 'assistant', parts: [{ type: 'text', content: 'Noted.' }] },
              ]),
            },
          },
        ],
        { 'service.name': 'svc' },
        i.toString(16).padStart(32, '0')
      ),
      pipelineOptions()
    );
  }

  it('masks every preset’s texts unless revealed, and says so', async () => {
    const t = piiTrace(7);
    const mask = (s: string) => maskerFor({ enabled: true, customPatterns: [] }).mask(s);
    for (const { value: preset } of DATASET_PRESETS) {
      const text = (
        await exportDataset([t.traceId], source(framesOf([t]), false), {
          granularity: 'call',
          preset,
          mask,
          yieldToBrowser: immediate,
        })
      ).parts.join('');
      expect({
        preset,
        leaks: /jane\.doe7@example\.com|4111 1111/.test(text),
        masked: text.includes('[email]') && text.includes('[card]'),
      }).toEqual({ preset, leaks: false, masked: true });
      const raw = (
        await exportDataset([t.traceId], source(framesOf([t]), false), {
          granularity: 'call',
          preset,
          yieldToBrowser: immediate,
        })
      ).parts.join('');
      expect(raw).toContain('jane.doe7@example.com');
    }
    const [item] = parse(
      (
        await exportDataset([t.traceId], source(framesOf([t]), false), {
          granularity: 'trace',
          preset: 'genai',
          mask,
          yieldToBrowser: immediate,
        })
      ).parts
    );
    expect(item.masked).toBe(true);
    expect(item.calls[0].masked).toBe(true);
    expect(item.trace_id).toBe(t.traceId);
  });

  it('reports a trace that cannot be read and exports the others, in the order asked', async () => {
    const ts = [1, 2, 3].map(piiTrace);
    const frames = framesOf([ts[0], ts[2]]);
    const res = await exportDataset(
      ts.map((t) => t.traceId),
      source(frames, false),
      { granularity: 'trace', preset: 'genai', concurrency: 3, yieldToBrowser: immediate }
    );
    expect(res.failed).toEqual([
      { traceId: ts[1].traceId, error: `Tempo answered HTTP 404: trace ${ts[1].traceId} not found` },
    ]);
    expect(parse(res.parts).map((i) => i.trace_id)).toEqual([ts[0].traceId, ts[2].traceId]);
    expect(res.traces).toBe(2);
  });

  it('streams 10,000 traces with progress, yielding to the browser between slices, and stops on cancel', async () => {
    const ts = Array.from({ length: 10_000 }, (_, i) => i + 1);
    const base = spanTreeFrame(piiTrace(1));
    const src: ExportTraceSource = { spanTreeFrame: async () => base };
    let yields = 0;
    const progress: number[] = [];
    const res = await exportDataset(ts.map(String), src, {
      granularity: 'call',
      preset: 'openai-evals',
      sliceMs: 2,
      yieldToBrowser: async () => {
        yields++;
        await new Promise((r) => setTimeout(r, 0));
      },
      onProgress: (p) => progress.push(p.done),
    });
    expect(res.lines).toBe(10_000);
    expect(yields).toBeGreaterThan(5);
    expect(progress.at(-1)).toBe(10_000);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const controller = new AbortController();
    const cut = await exportDataset(ts.map(String), src, {
      granularity: 'call',
      preset: 'genai',
      signal: controller.signal,
      yieldToBrowser: immediate,
      onProgress: (p) => p.done === 100 && controller.abort(),
    });
    expect(cut.cancelled).toBe(true);
    expect(cut.traces).toBeLessThan(110);
    expect(readSpanTreeFrame(base).length).toBe(2);
  });

  it('names the file after the preset, the granularity and the UTC time', () => {
    expect(datasetFileName('promptfoo', 'trace', new Date('2026-12-02T18:04:05.123Z'))).toBe(
      'genai-dataset-promptfoo-trace-20261202T180405Z.jsonl'
    );
  });
});
