/** @jest-environment node */
/**
 * The one OpenAI-compatible simulator (demo/src/simulator/), driven by the real `openai` client
 * of the demo (demo/node_modules): in the fixture recorder's profile (cannedProfile) it must give
 * exactly the payloads the fixtures under fixtures/otlp/ were recorded from; in the demo's
 * profile it must serve the Responses API and `x-simulate-status` too.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { demoProfile } from '../../demo/src/simulator/behaviour';
import { ANSWERS, TOOL_ARGUMENTS, TOOL_CALL_ID, cannedProfile } from '../../demo/src/simulator/cannedProfile';
import { CREATED, OpenAISimulator, embed, textChunks } from '../../demo/src/simulator/openaiSimulator';
import { assertDemoInstalled, DEMO_DIR, readSimulatorLog } from './demoProcess';

const FIXTURES = path.resolve(__dirname, '../../fixtures/otlp');
const QUESTION = 'What is the current status of the OpenTelemetry GenAI semantic conventions?';
const CHAT_TOOL = {
  type: 'function',
  function: {
    name: 'web_search',
    description: 'Search the web.',
    parameters: { type: 'object', properties: { query: { type: 'string' } } },
  },
};
const RESPONSES_TOOL = {
  type: 'function',
  name: 'web_search',
  description: 'Search the web.',
  parameters: { type: 'object', properties: { query: { type: 'string' } } },
  strict: false,
};
const RATE_LIMITED = { headers: { 'x-simulate-status': '429' } };

/** The `openai` package the demo (and the recorder) use; loaded by Node, not by jest. */
function openaiPackage(): any {
  assertDemoInstalled();
  return createRequire(path.join(DEMO_DIR, 'package.json'))('openai');
}

async function withSimulator<T>(
  sim: OpenAISimulator,
  fn: (client: any, sim: OpenAISimulator) => Promise<T>
): Promise<T> {
  const { OpenAI } = openaiPackage();
  await sim.start();
  try {
    return await fn(new OpenAI({ baseURL: sim.baseURL, apiKey: 'sk-test', maxRetries: 0 }), sim);
  } finally {
    await sim.stop();
  }
}

interface CallSummary {
  model: string;
  responseId?: string;
  inputTokens?: number;
  outputTokens?: number;
  error?: string;
}

/** The model calls of a recorded fixture, in order: what the instrumentation saw of the simulator. */
function fixtureCalls(file: string): CallSummary[] {
  const payload = JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
  const out: CallSummary[] = [];
  for (const rs of payload.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const a: Record<string, any> = {};
        for (const kv of span.attributes) {
          a[kv.key] = Object.values(kv.value)[0];
        }
        if (a['gen_ai.operation.name'] !== 'chat' && a['gen_ai.operation.name'] !== 'embeddings') {
          continue;
        }
        out.push({
          model: a['gen_ai.response.model'] ?? a['gen_ai.request.model'],
          ...(a['gen_ai.response.id'] ? { responseId: a['gen_ai.response.id'] } : {}),
          ...(a['gen_ai.usage.input_tokens'] ? { inputTokens: Number(a['gen_ai.usage.input_tokens']) } : {}),
          ...(a['gen_ai.usage.output_tokens'] ? { outputTokens: Number(a['gen_ai.usage.output_tokens']) } : {}),
          ...(a['error.type'] ? { error: a['error.type'] } : {}),
        });
      }
    }
  }
  return out;
}

async function rateLimitError(call: Promise<unknown>): Promise<any> {
  try {
    await call;
  } catch (e) {
    return e;
  }
  throw new Error('expected HTTP 429');
}

describe('the shared simulator in the fixture recorder profile (cannedProfile)', () => {
  it('answers the Chat Completions scenario as recorded in semconv-deprecated.otlp.json', async () => {
    const calls = await withSimulator(new OpenAISimulator({ profile: cannedProfile() }), async (client) => {
      const out: CallSummary[] = [];
      const emb = await client.embeddings.create({ model: 'text-embedding-3-small', input: QUESTION, dimensions: 8 });
      // The client asks for base64 and decodes it: float32 of the simulator's values.
      expect(emb.data[0].embedding).toHaveLength(8);
      embed(QUESTION, 8).forEach((v, i) => expect(emb.data[0].embedding[i]).toBeCloseTo(v, 6));
      expect(emb.usage).toEqual({ prompt_tokens: 12, total_tokens: 12 });
      out.push({ model: emb.model, inputTokens: emb.usage.prompt_tokens });

      const messages: any[] = [
        { role: 'system', content: 'You are a research assistant.' },
        { role: 'user', content: QUESTION },
      ];
      const { data: first, response } = await client.chat.completions
        .create({ model: 'gpt-4o-mini', messages, max_tokens: 256, tools: [CHAT_TOOL], tool_choice: 'auto' })
        .withResponse();
      expect(response.headers.get('x-request-id')).toBe('req_sim_0002');
      expect(response.headers.get('openai-organization')).toBe('sim-org');
      expect(first.created).toBe(CREATED);
      expect(first.system_fingerprint).toBe('fp_sim0001');
      expect(first.choices[0].finish_reason).toBe('tool_calls');
      expect(first.choices[0].message.tool_calls).toEqual([
        { id: TOOL_CALL_ID, type: 'function', function: { name: 'web_search', arguments: TOOL_ARGUMENTS } },
      ]);
      expect(first.usage).toEqual({
        prompt_tokens: 182,
        completion_tokens: 26,
        total_tokens: 208,
        prompt_tokens_details: { cached_tokens: 64, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 8,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      });
      out.push({
        model: first.model,
        responseId: first.id,
        inputTokens: first.usage.prompt_tokens,
        outputTokens: first.usage.completion_tokens,
      });

      messages.push(first.choices[0].message, { role: 'tool', tool_call_id: TOOL_CALL_ID, content: 'result' });
      messages.push({ role: 'user', content: 'Summarize the search result.' });
      const stream = await client.chat.completions.create({
        model: 'gpt-4o',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let pieces = 0;
      let last: any;
      for await (const chunk of stream) {
        const piece = chunk.choices[0]?.delta?.content;
        if (piece) {
          text += piece;
          pieces++;
        }
        last = chunk;
      }
      expect(text).toBe(ANSWERS.summary.text);
      expect(pieces).toBe(textChunks(ANSWERS.summary.text).length);
      expect(last.choices).toEqual([]);
      expect(last.usage.prompt_tokens_details.cached_tokens).toBe(256);
      expect(last.usage.completion_tokens_details.reasoning_tokens).toBe(16);
      out.push({
        model: last.model,
        responseId: last.id,
        inputTokens: last.usage.prompt_tokens,
        outputTokens: last.usage.completion_tokens,
      });

      const title = await client.chat.completions.create({
        model: 'acme-unknown-model-1',
        messages: [{ role: 'user', content: `Give the report a one-line title.\n\n${text}` }],
      });
      expect(title.choices[0].message.content).toBe(ANSWERS.title.text);
      out.push({
        model: title.model,
        responseId: title.id,
        inputTokens: title.usage.prompt_tokens,
        outputTokens: title.usage.completion_tokens,
      });

      const err = await rateLimitError(
        client.chat.completions.create(
          { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Translate.' }] },
          RATE_LIMITED
        )
      );
      expect(err).toBeInstanceOf(openaiPackage().RateLimitError);
      expect(err.status).toBe(429);
      expect(err.code).toBe('rate_limit_exceeded');
      expect(err.headers.get('retry-after')).toBe('20');
      expect(err.message).toContain('organization org-sim');
      out.push({ model: 'gpt-4o-mini', error: err.constructor.name });
      return out;
    });
    expect(calls).toEqual(fixtureCalls('semconv-deprecated.otlp.json'));
  });

  it('answers the Responses API scenario as recorded in semconv.otlp.json', async () => {
    const calls = await withSimulator(new OpenAISimulator({ profile: cannedProfile() }), async (client) => {
      const out: CallSummary[] = [];
      const emb = await client.embeddings.create({
        model: 'text-embedding-3-small',
        input: QUESTION,
        dimensions: 8,
        encoding_format: 'base64',
      });
      // Explicit base64: the client hands the string on; 8 little-endian float32s.
      const bytes = Buffer.from(emb.data[0].embedding, 'base64');
      expect(bytes).toHaveLength(32);
      expect(bytes.readFloatLE(0)).toBeCloseTo(embed(QUESTION, 8)[0], 6);
      out.push({ model: emb.model, inputTokens: emb.usage.prompt_tokens });

      const input: any[] = [{ role: 'user', content: QUESTION }];
      const first = await client.responses.create({
        model: 'gpt-4o-mini',
        instructions: 'You are a research assistant.',
        input,
        max_output_tokens: 256,
        tools: [RESPONSES_TOOL],
      });
      expect(first.created_at).toBe(CREATED);
      expect(first.output).toEqual([
        {
          type: 'function_call',
          id: 'fc_sim0003',
          call_id: TOOL_CALL_ID,
          name: 'web_search',
          arguments: TOOL_ARGUMENTS,
          status: 'completed',
        },
      ]);
      expect(first.usage).toEqual({
        input_tokens: 182,
        input_tokens_details: { cached_tokens: 64 },
        output_tokens: 26,
        output_tokens_details: { reasoning_tokens: 8 },
        total_tokens: 208,
      });
      out.push({
        model: first.model,
        responseId: first.id,
        inputTokens: first.usage.input_tokens,
        outputTokens: first.usage.output_tokens,
      });

      input.push(first.output[0], { type: 'function_call_output', call_id: TOOL_CALL_ID, output: 'result' });
      input.push({ role: 'user', content: 'Summarize the search result.' });
      const stream = await client.responses.create({ model: 'gpt-4o', input, stream: true });
      const types: string[] = [];
      const sequence: number[] = [];
      let text = '';
      let completed: any;
      for await (const ev of stream) {
        types.push(ev.type);
        sequence.push(ev.sequence_number);
        if (ev.type === 'response.output_text.delta') {
          text += ev.delta;
        }
        if (ev.type === 'response.completed') {
          completed = ev.response;
        }
      }
      const deltas = textChunks(ANSWERS.summary.text).length;
      expect(types).toEqual([
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.content_part.added',
        ...Array(deltas).fill('response.output_text.delta'),
        'response.output_text.done',
        'response.content_part.done',
        'response.output_item.done',
        'response.completed',
      ]);
      expect(sequence).toEqual(types.map((_, i) => i));
      expect(text).toBe(ANSWERS.summary.text);
      expect(completed.output[0].id).toBe('msg_sim0005');
      expect(completed.usage).toMatchObject({ input_tokens: 356, output_tokens: 58, total_tokens: 414 });
      out.push({
        model: completed.model,
        responseId: completed.id,
        inputTokens: completed.usage.input_tokens,
        outputTokens: completed.usage.output_tokens,
      });

      const title = await client.responses.create({ model: 'acme-unknown-model-1', input: `Title:\n\n${text}` });
      expect(title.output_text).toBe(ANSWERS.title.text);
      out.push({
        model: title.model,
        responseId: title.id,
        inputTokens: title.usage.input_tokens,
        outputTokens: title.usage.output_tokens,
      });

      const err = await rateLimitError(client.responses.create({ model: 'gpt-4o-mini', input: 'x' }, RATE_LIMITED));
      expect(err.status).toBe(429);
      out.push({ model: 'gpt-4o-mini', error: err.constructor.name });
      return out;
    });
    expect(calls).toEqual(fixtureCalls('semconv.otlp.json'));
  });

  it('streams a Responses tool call and answers float embeddings with the exact values', async () => {
    await withSimulator(new OpenAISimulator({ profile: cannedProfile() }), async (client, sim) => {
      const events: any[] = [];
      const stream = await client.responses.create({
        model: 'gpt-4o-mini',
        input: QUESTION,
        tools: [RESPONSES_TOOL],
        stream: true,
      });
      for await (const ev of stream) {
        events.push(ev);
      }
      expect(events.map((e) => e.type)).toEqual([
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.function_call_arguments.delta',
        'response.function_call_arguments.done',
        'response.output_item.done',
        'response.completed',
      ]);
      expect(events[4].arguments).toBe(TOOL_ARGUMENTS);
      expect(events[6].response.output[0]).toMatchObject({ call_id: TOOL_CALL_ID, name: 'web_search' });

      // Raw JSON floats (the client would ask for base64); `dimensions` absent: the profile's 8.
      const res = await fetch(`${sim.baseURL}/embeddings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'text-embedding-3-small', input: ['a b', 'c'], encoding_format: 'float' }),
      });
      const body = await res.json();
      expect(body.data.map((d: any) => d.embedding)).toEqual([embed('a b', 8), embed('c', 8)]);
      expect(body.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
    });
  });
});

describe('the shared simulator in the demo profile (demoProfile)', () => {
  it('serves the Responses API with seeded tool calls and logs it; x-simulate-status fails any request', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'genai-sim-test-'));
    const logFile = path.join(dir, 'simulator.jsonl');
    try {
      const profile = demoProfile({ seed: 'jest-sim', incident: () => 'none', cacheTokens: true });
      await withSimulator(new OpenAISimulator({ profile, timeScale: 0, logFile }), async (client) => {
        const ask = () =>
          client.responses.create(
            { model: 'gpt-4o', instructions: 'Be brief.', input: QUESTION, tools: [RESPONSES_TOOL] },
            { headers: { 'x-demo-pipeline-version': 'v2' } }
          );
        const first = await ask();
        const again = await ask();
        expect(first.output.map((o: any) => [o.type, o.name, o.call_id])).toEqual(
          again.output.map((o: any) => [o.type, o.name, o.call_id])
        );
        expect(first.output[0]).toMatchObject({ type: 'function_call', name: 'web_search' });
        expect(JSON.parse(first.output[0].arguments)).toEqual({ query: QUESTION });
        // The first call of a conversation writes the instructions and tools to the prompt cache.
        expect(first.usage.input_tokens_details.cached_tokens).toBe(0);
        expect(first.usage.input_tokens_details.cache_write_tokens).toBeGreaterThan(0);

        const err = await rateLimitError(
          client.chat.completions.create(
            { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
            RATE_LIMITED
          )
        );
        expect(err.status).toBe(429);
        expect(err.message).toContain('organization org-demo');
        expect(err.headers.get('retry-after-ms')).toBe('0');
      });
      const log = readSimulatorLog(logFile);
      expect(log.map((l) => [l.endpoint, l.status, l.version])).toEqual([
        ['responses', 200, 'v2'],
        ['responses', 200, 'v2'],
        ['chat', 429, 'unknown'],
      ]);
      expect(log[0]).toMatchObject({ responseModel: 'gpt-4o', cacheReadTokens: 0, toolCalls: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
