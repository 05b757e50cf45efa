/**
 * Replays the real telemetry of Grafana's Agent Observability Python SDK (agento11y 0.21.0,
 * fixtures/otlp/agento11y.otlp.json) through OTLP decode → normalise → price → tree.
 *
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { OTLP_FIXTURE_DIR } from '../../../tests/helpers/otlpIngest';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import { buildTraceFromPayload } from '../trace/loadTrace';
import type { TreeNode } from '../trace/spanTree';
import { detectDialects } from './dialects';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const payload = JSON.parse(readFileSync(path.join(OTLP_FIXTURE_DIR, 'agento11y.otlp.json'), 'utf8'));
const trace = buildTraceFromPayload('agento11y', payload, pipelineOptions());
const nodes = trace.nodes.filter((n) => !n.synthetic);
const byName = (name: string) => nodes.filter((n) => n.span.name === name);
const okCall = (model: string) =>
  nodes.find((n) => n.span.kind === 'llm' && n.span.requestModel === model && !n.span.error)!;

describe('agento11y fixture: kinds and tree', () => {
  it('classifies every span the SDK emits; the hand-made agent is the root', () => {
    expect(nodes.map((n) => [n.span.name, n.span.kind, n.depth])).toEqual([
      ['invoke_agent research-agent', 'agent', 0],
      ['embeddings text-embedding-3-small', 'embedding', 1],
      ['generateText gpt-4o-mini', 'llm', 1],
      ['execute_tool web_search', 'tool', 1],
      ['streamText gpt-4o', 'llm', 1],
      ['generateText acme-unknown-model-1', 'llm', 1],
      ['generateText gpt-4o-mini', 'llm', 1],
    ]);
    expect(trace.warnings).toEqual([]);
  });

  it('names the dialect on the SDK spans only (they all carry agento11y.sdk.name)', () => {
    for (const n of nodes) {
      const fromSdk = n.span.attributes['agento11y.sdk.name'] === 'sdk-python';
      expect(n.span.dialects.includes('agento11y')).toBe(fromSdk);
      expect(fromSdk).toBe(n.span.kind !== 'agent');
    }
    expect(detectDialects({ 'sigil.sdk.name': 'sdk-python' }, {}, [])).toEqual(['agento11y']);
    expect(detectDialects({ 'session.id': 's' }, {}, [])).toEqual([]);
  });

  it('reads operation, provider, models, conversation and agent of the generation spans', () => {
    const first = okCall('gpt-4o-mini').span;
    expect(first).toMatchObject({
      operation: 'generateText',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini',
      responseId: 'chatcmpl-sim0003',
      conversationId: 'conv-fixture-agento11y',
      agentName: 'research-agent',
      finishReasons: ['tool_calls'],
    });
    expect(okCall('gpt-4o').span.operation).toBe('streamText');
  });
});

describe('agento11y fixture: tokens and cost', () => {
  it('recovers the simulator’s usage, cache reads and reasoning included', () => {
    expect(okCall('gpt-4o-mini').span.tokens).toEqual({ input: 182, output: 26, cacheRead: 64, reasoning: 8 });
    // The streaming call keeps its usage: the recorder passes the final completion to the SDK.
    expect(okCall('gpt-4o').span.tokens).toEqual({ input: 356, output: 58, cacheRead: 256, reasoning: 16 });
    expect(byName('embeddings text-embedding-3-small')[0].span.tokens).toEqual({ input: 12 });
  });

  it('prices known models from the price table, cache reads at their own rate', () => {
    const price = (n: TreeNode, model: string) =>
      calcPrice(
        {
          input_tokens: n.span.tokens.input!,
          output_tokens: n.span.tokens.output!,
          cache_read_tokens: n.span.tokens.cacheRead,
        },
        model,
        { providerId: 'openai' }
      )!.total_price;
    for (const model of ['gpt-4o-mini', 'gpt-4o']) {
      const n = okCall(model);
      expect(n.cost.source).toBe('price-table');
      expect(n.cost.usd!).toBeCloseTo(price(n, model), 15);
    }
  });

  it('says the unknown model’s cost is unknown, never 0', () => {
    const n = okCall('acme-unknown-model-1');
    expect(n.span.tokens).toEqual({ input: 48, output: 11 });
    expect(n.cost.usd).toBeUndefined();
    expect(n.cost.unknownReason).toMatch(/no price for model "acme-unknown-model-1"/);
    expect(trace.totals.unknownCostSpans).toBe(1);
  });

  it('rolls tokens and cost up to the root without double counting', () => {
    const counted = nodes.filter((n) => n.countsUsage);
    const sum = (f: (n: TreeNode) => number | undefined) => counted.reduce((a, n) => a + (f(n) ?? 0), 0);
    expect(trace.totals.inputTokens).toBe(12 + 182 + 356 + 48);
    expect(trace.totals.inputTokens).toBe(sum((n) => n.span.tokens.input));
    expect(trace.totals.outputTokens).toBe(26 + 58 + 11);
    expect(trace.totals.costUsd).toBeCloseTo(
      sum((n) => n.cost.usd),
      15
    );
    expect(trace.totals.llmCalls).toBe(4);
  });
});

describe('agento11y fixture: tool, error, hostile content', () => {
  it('reads the tool span, arguments and result included (content capture FULL)', () => {
    const tool = byName('execute_tool web_search')[0].span;
    expect(tool).toMatchObject({
      kind: 'tool',
      toolName: 'web_search',
      toolCallId: 'call_sim_web_search_0001',
      toolType: 'function',
      toolArguments: { query: 'OpenTelemetry GenAI semantic conventions latest release' },
    });
    expect(String(tool.toolResult)).toContain('Status: Development');
  });

  it('flags the rate-limited call as an error with the provider’s message, and no usage', () => {
    const failed = nodes.filter((n) => n.span.error);
    expect(failed).toHaveLength(1);
    const s = failed[0].span;
    expect([s.kind, s.requestModel, s.status]).toEqual(['llm', 'gpt-4o-mini', 'error']);
    expect(s.error?.type).toBe('provider_call_error');
    expect(s.error?.message).toMatch(/^Error code: 429 .*Rate limit reached for gpt-4o-mini/);
    expect(s.attributes['error.category']).toBe('rate_limit');
    expect(s.tokens).toEqual({});
    expect(failed[0].cost.unknownReason).toBeUndefined(); // a failed call without usage costs nothing we know of
  });

  it('puts no prompt or completion on spans (the SDK sends them to its ingest API only)', () => {
    for (const n of nodes) {
      expect([...n.span.content.input, ...n.span.content.output]).toEqual([]);
    }
  });

  it('keeps the hostile text of the conversation title as plain data', () => {
    const titled = nodes.filter((n) => n.span.attributes['agento11y.conversation.title'] !== undefined);
    expect(titled.map((n) => n.span.name)).toEqual(['streamText gpt-4o']);
    expect(titled[0].span.attributes['agento11y.conversation.title']).toBe(
      `Summarize the search result in two sentences for this page: ${HOSTILE}`
    );
  });
});
