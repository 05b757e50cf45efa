/**
 * One pipeline version (argv[2] = v1|v2|v3) as its own process, started by main.ts.
 * Sets up OpenTelemetry *before* loading `openai` (the instrumentation patches it on load), then
 * runs conversations: at DEMO_REQUESTS_PER_MINUTE agent runs per minute, or, with
 * DEMO_ONE_SHOT=N, N conversations one after the other, then flushes and exits.
 * The incident comes from DEMO_INCIDENT and then from the supervisor over IPC.
 */
import { createRequire } from 'node:module';
import type OpenAI from 'openai';
import { hasMoreTurns, newConversation, runNextTurn, type Conversation } from './agent/conversation';
import type { Runtime } from './agent/runtime';
import { readConfig } from './config';
import { isIncidentMessage, type Incident } from './incident';
import { PIPELINES, effectiveProfile, type PipelineProfile } from './pipelines';
import { usageRecordingFetch } from './telemetry/reportedUsage';
import { contentCaptureEnabled, startTelemetry } from './telemetry/setup';

const version = process.argv[2] as PipelineProfile['version'];
const base = PIPELINES[version];
if (!base) {
  console.error(`worker: unknown pipeline version ${JSON.stringify(process.argv[2])}`);
  process.exit(2);
}
const simulatorURL = process.env.DEMO_SIMULATOR_URL;
if (!simulatorURL) {
  console.error('worker: DEMO_SIMULATOR_URL is not set (start the demo with main.ts)');
  process.exit(2);
}
const cfg = readConfig();
const require = createRequire(import.meta.url);
const telemetry = startTelemetry(version, (require('../package.json') as { version: string }).version, cfg.semconv);
// Loaded with require() after the instrumentation registered its hook.
const { OpenAI: OpenAIClient } = require('openai') as typeof import('openai');

let incident: Incident = cfg.incident;
process.on('message', (m) => {
  if (isIncidentMessage(m)) {
    incident = m.incident;
  }
});

const client: OpenAI = new OpenAIClient({
  baseURL: simulatorURL,
  apiKey: 'sk-demo-simulator-no-key-needed',
  maxRetries: 0, // retries are the agents' own, one span per attempt
  defaultHeaders: { 'x-demo-pipeline-version': version },
  // 2026 mode: cache token counts onto the model spans (see reportedUsage.ts).
  ...(cfg.semconv === '2026' ? { fetch: usageRecordingFetch } : {}),
});

const rt: Runtime = {
  client,
  tracer: telemetry.tracer,
  metrics: telemetry.metrics,
  semconv: cfg.semconv,
  metrics2026: telemetry.metrics2026,
  get profile() {
    return effectiveProfile(base, incident);
  },
  incident: () => incident,
  seed: cfg.seed,
  timeScale: cfg.timeScale,
  evalSampleRate: cfg.evalSampleRate,
  captureContent: contentCaptureEnabled(),
  llmTimeoutMs: Math.max(1, 25_000 * cfg.timeScale),
};

let stopping = false;
const inFlight = new Set<Promise<void>>();

/**
 * Stops scheduling, lets running agent runs finish briefly, flushes the exporters, exits.
 * On a signal the whole thing is bounded (~8 s) so a container stop (10 s grace) still flushes.
 */
async function shutdown(code: number, bounded: boolean): Promise<void> {
  if (stopping && bounded) {
    return;
  }
  stopping = true;
  const wait = (ms: number) => new Promise<false>((r) => setTimeout(() => r(false), ms));
  await Promise.race([Promise.allSettled([...inFlight]), wait(1_500)]);
  const flush = telemetry.shutdown().then(
    () => true,
    (e) => {
      console.error(`[${version}] telemetry shutdown failed:`, e);
      return false;
    }
  );
  const flushed = await (bounded ? Promise.race([flush, wait(5_000)]) : flush);
  if (!flushed) {
    console.error(`[${version}] telemetry was not flushed completely`);
  }
  process.exit(code || (flushed ? 0 : 1));
}
process.on('SIGTERM', () => void shutdown(0, true));
process.on('SIGINT', () => void shutdown(0, true));
// The supervisor went away: stop too.
process.on('disconnect', () => void shutdown(0, true));

async function oneShot(conversations: number): Promise<void> {
  let turns = 0;
  for (let i = 0; i < conversations && !stopping; i++) {
    const conv = newConversation(rt, i);
    while (hasMoreTurns(conv) && !stopping) {
      await runNextTurn(rt, conv);
      turns++;
    }
  }
  console.log(`[${version}] one-shot done: ${conversations} conversations, ${turns} agent runs`);
  await shutdown(0, false);
}

function continuous(): void {
  const waiting: Conversation[] = [];
  let index = 0;
  const periodMs = 60_000 / cfg.requestsPerMinute;
  const tick = () => {
    if (stopping) {
      return;
    }
    if (inFlight.size < 20) {
      // Follow-up questions of open conversations first, else a new conversation.
      const conv = waiting.shift() ?? newConversation(rt, index++);
      const run = runNextTurn(rt, conv).then(() => {
        inFlight.delete(run);
        if (hasMoreTurns(conv)) {
          waiting.push(conv);
        }
      });
      inFlight.add(run);
    }
    // Small jitter so the three versions do not tick in lockstep.
    setTimeout(tick, periodMs * (0.8 + Math.random() * 0.4));
  };
  console.log(`[${version}] ${base.summary}; ${cfg.requestsPerMinute} agent runs/min`);
  tick();
}

if (cfg.oneShot) {
  void oneShot(cfg.oneShot);
} else {
  continuous();
}
