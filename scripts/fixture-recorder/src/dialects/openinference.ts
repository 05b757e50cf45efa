/**
 * Dialect `openinference`: @arizeai/openinference-instrumentation-openai for the OpenAI
 * calls, plus @arizeai/openinference-core's traceAgent / traceTool helpers for the agent and
 * tool spans. Content capture is on by default (no OPENINFERENCE_HIDE_* variables set).
 */
import { createRequire } from 'node:module';
import { getToolAttributes, traceAgent, traceTool } from '@arizeai/openinference-core';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { SemanticConventions } from '@arizeai/openinference-semantic-conventions';
import { startSimulator } from '../common.js';
import { setupOtel } from '../otel.js';
import {
  AGENT_NAME,
  AGENT_SPAN_NAME,
  TOOL_DESCRIPTION,
  TOOL_NAME,
  TOOL_PARAMETERS,
  TOOL_SPAN_NAME,
  runScenario,
} from '../scenario.js';

const dialect = process.argv[2];
const otel = setupOtel(dialect);

const require = createRequire(import.meta.url);
const openaiModule = require('openai') as typeof import('openai');
const instrumentation = new OpenAIInstrumentation({ tracerProvider: otel.tracerProvider as any });
instrumentation.manuallyInstrument(openaiModule as any);
const { OpenAI } = openaiModule;

const sim = await startSimulator();
const client = new OpenAI({ baseURL: sim.baseURL, apiKey: 'sk-test', maxRetries: 0 });

await runScenario({
  client,
  api: 'chat',
  agent: (input, fn) =>
    traceAgent(async (_question: string) => fn(), {
      name: AGENT_SPAN_NAME,
      attributes: { [SemanticConventions.AGENT_NAME]: AGENT_NAME },
    })(input),
  tool: (call, fn) =>
    traceTool(async (args: { query: string }) => fn(args), {
      name: TOOL_SPAN_NAME,
      attributes: {
        ...getToolAttributes({ name: TOOL_NAME, description: TOOL_DESCRIPTION, parameters: TOOL_PARAMETERS }),
        [SemanticConventions.TOOL_CALL_ID]: call.id,
      },
    })(JSON.parse(call.arguments)),
});

await sim.stop();
await otel.finish();
