/**
 * Dialect `openllmetry`: Traceloop's @traceloop/node-server-sdk (initialize + withAgent/withTool)
 * with @traceloop/instrumentation-openai, exporting to an in-memory exporter we pass in.
 *
 * No network: no API key, TRACELOOP_SYNC_ENABLED=false (no prompt registry polling) and a
 * custom `exporter`, so nothing is sent to api.traceloop.com. The SDK builds its own
 * NodeSDK / NodeTracerProvider (OTel JS 2.x) internally; we only own the exporter.
 */
import { createRequire } from 'node:module';
import * as traceloop from '@traceloop/node-server-sdk';
import { CapturingSpanExporter, startSimulator, writeTraces } from '../common.js';
import { AGENT_NAME, TOOL_NAME, runScenario } from '../scenario.js';

const dialect = process.argv[2];
const require = createRequire(import.meta.url);
const { OpenAI } = require('openai') as typeof import('openai');

const exporter = new CapturingSpanExporter();
traceloop.initialize({
  appName: `fixture-${dialect}`,
  exporter: exporter as any,
  disableBatch: true,
  traceContent: true,
  traceloopSyncEnabled: false,
  silenceInitializationMessage: true,
  instrumentModules: { openAI: OpenAI as any },
});

const sim = await startSimulator();
const client = new OpenAI({ baseURL: sim.baseURL, apiKey: 'sk-test', maxRetries: 0 });

await runScenario({
  client,
  api: 'chat',
  agent: (input, fn) => traceloop.withAgent({ name: AGENT_NAME, inputParameters: [input] }, fn),
  tool: (call, fn) =>
    traceloop.withTool({ name: TOOL_NAME, inputParameters: [JSON.parse(call.arguments)] }, () =>
      fn(JSON.parse(call.arguments))
    ),
});

await sim.stop();
await traceloop.forceFlush();
writeTraces(dialect, exporter.spans);
process.exit(0);
