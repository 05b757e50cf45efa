/**
 * Dialect `openlit`: the `openlit` npm package (TypeScript SDK).
 *
 * openlit always builds and registers its own NodeTracerProvider (OTel JS 2.x) and exporter:
 * it only re-uses an existing provider if the *global* provider has `addSpanProcessor`, which
 * the API's ProxyTracerProvider never has, and passing `tracer:` skips its instrumentation
 * set-up entirely. So we let it export for real over OTLP/HTTP (JSON) to a tiny receiver on
 * 127.0.0.1 that this recorder runs (otlp-receiver.ts) - no patching of openlit internals.
 *
 * Network: nothing leaves 127.0.0.1. `pricingJson` is passed as an object, so openlit does not
 * download pricing.json from GitHub; it has prices for gpt-* models and text-embedding-3-small
 * only, so acme-unknown-model-1 is unpriced. Metrics and log events are disabled (content is
 * recorded on the spans anyway). `instrumentations: { openai }` patches the module we load.
 *
 * openlit has no agent/tool helpers for plain code, only the generic openlit.startTrace()
 * (a CLIENT span). The agent and tool spans are made with it; their gen_ai.* agent/tool
 * attributes are set by us (hand-made) using names from openlit's SemanticConvention table.
 */
import { createRequire } from 'node:module';
import { trace } from '@opentelemetry/api';
import { startSimulator, writeReceivedTraces } from '../common.js';
import { OtlpJsonReceiver } from '../otlp-receiver.js';
import { AGENT_NAME, AGENT_SPAN_NAME, TOOL_DESCRIPTION, TOOL_NAME, TOOL_SPAN_NAME, runScenario } from '../scenario.js';

const dialect = process.argv[2];
const receiver = new OtlpJsonReceiver();
await receiver.start();

const require = createRequire(import.meta.url);
const openaiModule = require('openai') as typeof import('openai');
const openlit = (require('openlit') as typeof import('openlit')).default;

// USD per 1k tokens, openlit's pricing.json shape. Deliberately no entry for acme-unknown-model-1.
const pricingJson = {
  chat: {
    'gpt-4o': { promptPrice: 0.0025, completionPrice: 0.01 },
    'gpt-4o-mini': { promptPrice: 0.00015, completionPrice: 0.0006 },
  },
  embeddings: { 'text-embedding-3-small': 0.00002 },
};

openlit.init({
  applicationName: `fixture-${dialect}`,
  environment: 'fixtures',
  captureMessageContent: true,
  otlpEndpoint: receiver.endpoint,
  disableMetrics: true,
  disableEvents: true,
  disableBatch: true,
  pricingJson,
  instrumentations: { openai: openaiModule },
});
// init() kicks off pricing parsing asynchronously; let it settle.
await new Promise((r) => setTimeout(r, 50));

const sim = await startSimulator();
const client = new openaiModule.OpenAI({ baseURL: sim.baseURL, apiKey: 'sk-test', maxRetries: 0 });

await runScenario({
  client,
  api: 'chat',
  agent: (input, fn) =>
    openlit.startTrace(AGENT_SPAN_NAME, async (span) => {
      span.setMetadata({
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.provider.name': 'openai',
        'gen_ai.agent.name': AGENT_NAME,
        'gen_ai.agent.description': 'Answers research questions using web search.',
      });
      const out = await fn();
      span.setResult(String(out));
      return out;
    }) as Promise<any>,
  tool: (call, fn) =>
    openlit.startTrace(TOOL_SPAN_NAME, async (span) => {
      span.setMetadata({
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': TOOL_NAME,
        'gen_ai.tool.description': TOOL_DESCRIPTION,
        'gen_ai.tool.call.id': call.id,
        'gen_ai.tool.call.arguments': call.arguments,
      });
      const out = await fn(JSON.parse(call.arguments));
      span.setMetadata({ 'gen_ai.tool.call.result': out });
      return out;
    }) as Promise<any>,
});

await sim.stop();
const provider = (trace.getTracerProvider() as any).getDelegate?.() ?? trace.getTracerProvider();
await provider.forceFlush?.();
await new Promise((r) => setTimeout(r, 200));
await receiver.stop();
writeReceivedTraces(dialect, receiver.traces);
process.exit(0);
