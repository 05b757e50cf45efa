/**
 * Dialects `semconv` and `semconv-deprecated`: @opentelemetry/instrumentation-openai.
 *
 * That library (0.22.0) has no OTEL_SEMCONV_STABILITY_OPT_IN switch: it always emits
 *   - Chat Completions / Embeddings: semconv 1.36 names (gen_ai.system, log events
 *     gen_ai.user.message / gen_ai.choice ...)   -> used for `semconv-deprecated`
 *   - Responses API: semconv 1.38 names (gen_ai.provider.name, one log event
 *     gen_ai.client.inference.operation.details carrying gen_ai.input.messages /
 *     gen_ai.output.messages)                     -> used for `semconv`
 * The opt-in env var is still set for `semconv` (see record.ts) in case a later version honours it.
 *
 * The library has no agent/tool helpers, so `invoke_agent` and `execute_tool` spans are made
 * by hand (instrumentation scope `genai-fixture-recorder/hand-made`) using the semconv names
 * of the matching version.
 */
import { createRequire } from 'node:module';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { startSimulator } from '../common.js';
import { setupOtel } from '../otel.js';
import { AGENT_NAME, AGENT_SPAN_NAME, TOOL_DESCRIPTION, TOOL_NAME, TOOL_SPAN_NAME, runScenario } from '../scenario.js';

const dialect = process.argv[2] as 'semconv' | 'semconv-deprecated';
const latest = dialect === 'semconv';

const otel = setupOtel(dialect);
registerInstrumentations({
  instrumentations: [new OpenAIInstrumentation({ captureMessageContent: true })],
  tracerProvider: otel.tracerProvider,
  loggerProvider: otel.loggerProvider,
});

// Load openai through require() *after* the instrumentation hooked it.
const require = createRequire(import.meta.url);
const { OpenAI } = require('openai') as typeof import('openai');

const sim = await startSimulator();
const client = new OpenAI({ baseURL: sim.baseURL, apiKey: 'sk-test', maxRetries: 0 });

// semconv >= 1.37 uses gen_ai.provider.name; <= 1.36 used gen_ai.system.
const providerAttr = latest ? { 'gen_ai.provider.name': 'openai' } : { 'gen_ai.system': 'openai' };

await runScenario({
  client,
  api: latest ? 'responses' : 'chat',
  agent: (_input, fn) =>
    otel.handTracer.startActiveSpan(
      AGENT_SPAN_NAME,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          'gen_ai.operation.name': 'invoke_agent',
          ...providerAttr,
          'gen_ai.agent.name': AGENT_NAME,
          'gen_ai.agent.id': 'agent_research_0001',
          'gen_ai.agent.description': 'Answers research questions using web search.',
          'gen_ai.request.model': 'gpt-4o-mini',
        },
      },
      async (span) => {
        try {
          return await fn();
        } finally {
          span.end();
        }
      }
    ),
  tool: (call, fn) =>
    otel.handTracer.startActiveSpan(
      TOOL_SPAN_NAME,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          ...(latest ? { 'gen_ai.provider.name': 'openai' } : {}),
          'gen_ai.tool.name': TOOL_NAME,
          'gen_ai.tool.call.id': call.id,
          'gen_ai.tool.type': 'function',
          'gen_ai.tool.description': TOOL_DESCRIPTION,
          // gen_ai.tool.call.arguments / .result exist only in the latest (opt-in content) conventions.
          ...(latest ? { 'gen_ai.tool.call.arguments': call.arguments } : {}),
        },
      },
      async (span) => {
        try {
          const result = await fn(JSON.parse(call.arguments));
          if (latest) {
            span.setAttribute('gen_ai.tool.call.result', result);
          }
          return result;
        } catch (e) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(e) });
          throw e;
        } finally {
          span.end();
        }
      }
    ),
});

await sim.stop();
await otel.finish({ logs: true });
