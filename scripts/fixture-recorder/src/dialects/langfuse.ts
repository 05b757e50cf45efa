/**
 * Dialect `langfuse`: Langfuse JS SDK v5 (@langfuse/tracing + @langfuse/openai), exporting
 * through an OpenTelemetry TracerProvider we own (in-memory exporter). @langfuse/otel's
 * LangfuseSpanProcessor is NOT used, so nothing is sent to Langfuse Cloud.
 *
 *   - agent:      startActiveObservation(..., { asType: 'agent' })
 *   - embedding:  startActiveObservation(..., { asType: 'embedding' }) around the *plain* client
 *                 (observeOpenAI would record embeddings as a 'generation'; doing it by hand with
 *                 the library's embedding type shows the embedding attributes). The model,
 *                 input, output and usage on this observation are supplied by us.
 *   - chat calls: observeOpenAI(client) -> 'generation' observations (library-emitted)
 *   - tool:       startActiveObservation(..., { asType: 'tool' })
 *   - propagateAttributes() inside the agent sets trace-level userId / sessionId / traceName / tags
 *     on the agent span (see comment below).
 */
import { createRequire } from 'node:module';
import { observeOpenAI } from '@langfuse/openai';
import { propagateAttributes, setLangfuseTracerProvider, startActiveObservation } from '@langfuse/tracing';
import { startSimulator } from '../common.js';
import { setupOtel } from '../otel.js';
import { AGENT_SPAN_NAME, TOOL_DESCRIPTION, TOOL_SPAN_NAME, runScenario } from '../scenario.js';

const dialect = process.argv[2];
const otel = setupOtel(dialect);
setLangfuseTracerProvider(otel.tracerProvider as any);

const require = createRequire(import.meta.url);
const { OpenAI } = require('openai') as typeof import('openai');

const sim = await startSimulator();
const plain = new OpenAI({ baseURL: sim.baseURL, apiKey: 'sk-test', maxRetries: 0 });
const observed = observeOpenAI(plain);

// Route embeddings to the plain client inside a hand-made 'embedding' observation; everything
// else goes through observeOpenAI.
const client = new Proxy(observed, {
  get(target, prop, receiver) {
    if (prop === 'embeddings') {
      return {
        create: (params: any, options?: any) =>
          startActiveObservation(
            `embedding ${params.model}`,
            async (emb) => {
              emb.update({
                model: params.model,
                input: params.input,
                modelParameters: { dimensions: params.dimensions },
              });
              const res = await plain.embeddings.create(params, options);
              emb.update({
                output: { dimensions: res.data[0].embedding.length, count: res.data.length },
                usageDetails: { input: res.usage.prompt_tokens, total: res.usage.total_tokens },
              });
              return res;
            },
            { asType: 'embedding' }
          ),
      };
    }
    return Reflect.get(target, prop, receiver);
  },
});

await runScenario({
  client,
  api: 'chat',
  agent: (input, fn) =>
    startActiveObservation(
      AGENT_SPAN_NAME,
      (agent) =>
        // Trace-level attributes. propagateAttributes() stamps them on the *active* span (the agent);
        // copying them onto child spans is done by @langfuse/otel's LangfuseSpanProcessor, which we
        // do not use (it exports to Langfuse), so children do not carry them.
        propagateAttributes(
          { traceName: AGENT_SPAN_NAME, userId: 'user-fixture-1', sessionId: 'session-fixture-1', tags: ['fixture'] },
          async () => {
            agent.update({ input, metadata: { agentName: 'research-agent' } });
            const out = await fn();
            agent.update({ output: out });
            return out;
          }
        ),
      { asType: 'agent' }
    ),
  tool: (call, fn) =>
    startActiveObservation(
      TOOL_SPAN_NAME,
      async (tool) => {
        tool.update({
          input: JSON.parse(call.arguments),
          metadata: { toolCallId: call.id, description: TOOL_DESCRIPTION },
        });
        const out = await fn(JSON.parse(call.arguments));
        tool.update({ output: out });
        return out;
      },
      { asType: 'tool' }
    ),
});

await sim.stop();
await otel.finish();
