/** @jest-environment node */
import { otlpTrace, type SpanSpec } from '../../../tests/helpers/otlpBuilders';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import { buildTraceFromPayload } from './loadTrace';
import { SYNTHETIC_ROOT_ID } from './spanTree';

const chat = (input: number, output: number, model = 'gpt-4o-mini') => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': model,
  'gen_ai.usage.input_tokens': input,
  'gen_ai.usage.output_tokens': output,
});

function build(specs: SpanSpec[]) {
  return buildTraceFromPayload('ab'.repeat(16), otlpTrace(specs), pipelineOptions());
}

describe('buildSpanTree', () => {
  it('orders depth-first by start time and rolls up tokens and cost per subtree', () => {
    const t = build([
      { id: 'a', name: 'invoke_agent root', durationMs: 100, attrs: { 'gen_ai.operation.name': 'invoke_agent' } },
      { id: 'c', parent: 'a', name: 'late', startMs: 50, durationMs: 10, attrs: chat(300, 30) },
      {
        id: 'b',
        parent: 'a',
        name: 'early',
        startMs: 10,
        durationMs: 20,
        attrs: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' },
      },
      { id: 'd', parent: 'b', name: 'nested', startMs: 12, durationMs: 5, attrs: chat(100, 10) },
    ]);
    expect(t.nodes.map((n) => [n.span.name, n.depth])).toEqual([
      ['invoke_agent root', 0],
      ['early', 1],
      ['nested', 2],
      ['late', 1],
    ]);
    const root = t.nodes[0];
    expect(root.subtree.inputTokens).toBe(400);
    expect(root.subtree.outputTokens).toBe(40);
    expect(root.subtree.llmCalls).toBe(2);
    expect(root.subtree.toolCalls).toBe(1);
    const sum = t.nodes[2].cost.usd! + t.nodes[3].cost.usd!;
    expect(sum).toBeGreaterThan(0);
    expect(root.subtree.costUsd).toBeCloseTo(sum, 15);
    expect(t.nodes[1].subtree.costUsd).toBeCloseTo(t.nodes[2].cost.usd!, 15);
    expect(t.totals.costUsd).toBeCloseTo(sum, 15);
    expect(t.warnings).toEqual([]);
  });

  it('does not double count a wrapper span whose children report the same usage', () => {
    const t = build([
      {
        id: 'a',
        name: 'langchain ChatOpenAI',
        attrs: {
          'openinference.span.kind': 'LLM',
          'llm.model_name': 'gpt-4o-mini',
          'llm.token_count.prompt': 100,
          'llm.token_count.completion': 10,
        },
      },
      { id: 'b', parent: 'a', name: 'chat gpt-4o-mini', attrs: chat(100, 10) },
    ]);
    expect(t.nodes[0].countsUsage).toBe(false);
    expect(t.nodes[1].countsUsage).toBe(true);
    expect(t.totals.inputTokens).toBe(100);
  });

  it('puts orphans and extra roots under a synthetic root, with a warning', () => {
    const t = build([
      { id: 'a', name: 'root' },
      { id: 'b', parent: 'ffff', name: 'orphan', startMs: 5, attrs: chat(10, 1) },
    ]);
    expect(t.nodes[0].synthetic).toBe(true);
    expect(t.nodes[0].span.spanId).toBe(SYNTHETIC_ROOT_ID);
    expect(t.nodes.slice(1).map((n) => [n.span.name, n.depth, n.orphan])).toEqual([
      ['root', 1, false],
      ['orphan', 1, true],
    ]);
    expect(t.nodes[0].subtree.inputTokens).toBe(10);
    expect(t.warnings.join(' ')).toMatch(/1 span\(s\) reference a parent that is not in the trace/);
  });

  it('breaks parent cycles at the earliest span and keeps every span', () => {
    const t = build([
      { id: 'r', name: 'root' },
      { id: 'e1', parent: 'e2', name: 'x', startMs: 5 },
      { id: 'e2', parent: 'e3', name: 'y', startMs: 6 },
      { id: 'e3', parent: 'e1', name: 'z', startMs: 7 },
    ]);
    expect(
      t.nodes
        .filter((n) => !n.synthetic)
        .map((n) => n.span.name)
        .sort()
    ).toEqual(['root', 'x', 'y', 'z']);
    const x = t.nodes.find((n) => n.span.name === 'x')!;
    expect(x.depth).toBe(1);
    // Cut at x (earliest): x → z → y.
    expect(t.nodes.find((n) => n.span.name === 'z')!.depth).toBe(2);
    expect(t.nodes.find((n) => n.span.name === 'y')!.depth).toBe(3);
    expect(t.warnings.join(' ')).toMatch(/Parent cycle broken at span 00000000000000e1/);
    expect(x.span.warnings.join(' ')).toMatch(/Parent cycle broken/);
    expect(t.warnings.join(' ')).not.toMatch(/not in the trace/);
  });

  it('drops exact duplicate spans and renames conflicting ids', () => {
    const t = build([
      { id: 'a', name: 'root' },
      { id: 'b', parent: 'a', name: 'child' },
      { id: 'b', parent: 'a', name: 'child' },
      { id: 'b', parent: 'a', name: 'other', startMs: 3 },
    ]);
    expect(t.nodes.map((n) => n.span.spanId)).toEqual(['000000000000000a', '000000000000000b', '000000000000000b~2']);
    expect(t.warnings.join(' ')).toMatch(/1 exact duplicate/);
    expect(t.warnings.join(' ')).toMatch(/Duplicate span id 000000000000000b/);
  });

  it('flags clock-skewed children but keeps their times', () => {
    const t = build([
      { id: 'a', name: 'root', startMs: 10, durationMs: 10 },
      { id: 'b', parent: 'a', name: 'skewed', startMs: 2, durationMs: 3 },
    ]);
    const b = t.nodes[1];
    expect(b.span.startMs - t.nodes[0].span.startMs).toBeCloseTo(-8, 6);
    expect(b.span.warnings[0]).toMatch(/Clock skew: starts 8\.000 ms before its parent/);
  });

  it('moves evaluations that name a response id to the span that produced it', () => {
    const t = build([
      { id: 'a', name: 'root' },
      { id: 'b', parent: 'a', name: 'chat', attrs: { ...chat(1, 1), 'gen_ai.response.id': 'resp-7' } },
      {
        id: 'c',
        parent: 'a',
        name: 'judge',
        attrs: {
          'gen_ai.evaluation.name': 'helpfulness',
          'gen_ai.evaluation.score.value': 0.2,
          'gen_ai.response.id': 'resp-7',
        },
      },
    ]);
    const judge = t.nodes.find((n) => n.span.name === 'judge')!;
    expect(judge.span.evaluations[0].targetSpanId).toBe('000000000000000b');
  });

  it('counts unknown-cost spans instead of pricing them at 0', () => {
    const t = build([
      { id: 'a', name: 'root' },
      { id: 'b', parent: 'a', attrs: chat(100, 10, 'acme-unknown-model-1') },
      { id: 'c', parent: 'a', attrs: chat(100, 10) },
    ]);
    expect(t.totals.unknownCostSpans).toBe(1);
    expect(t.totals.costUsd).toBeCloseTo(t.nodes[2].cost.usd!, 15);
    expect(t.nodes[1].cost.unknownReason).toMatch(/acme-unknown-model-1/);
  });

  it('handles a 100k-span trace without recursion limits', () => {
    // A 100k-deep chain is the worst case for recursive tree code.
    const specs: SpanSpec[] = Array.from({ length: 100_000 }, (_, i) => ({
      id: (i + 1).toString(16),
      parent: i ? i.toString(16) : undefined,
      startMs: i,
    }));
    const t = build(specs);
    expect(t.nodes).toHaveLength(100_000);
    expect(t.nodes[99_999].depth).toBe(99_999);
    expect(t.nodes[0].subtree.spanCount).toBe(100_000);
  });
});
