/**
 * The demo supervisor (`npm run demo`, also the container's command):
 *  - starts the OpenAI-compatible simulator on a loopback port,
 *  - starts one process per pipeline version (worker.ts v1|v2|v3), each with its own
 *    OpenTelemetry SDK and `service.version`,
 *  - serves the control API (controlServer.ts) and relays incident switches to the workers,
 *  - on SIGTERM/SIGINT stops the workers (they flush their exporters) and exits.
 * With DEMO_ONE_SHOT=N it exits when every worker has finished its N conversations
 * (exit code 1 if any worker failed).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig, type DemoConfig } from './config';
import { startControlServer, serverPort } from './controlServer';
import type { Incident, IncidentMessage } from './incident';
import { demoProfile } from './simulator/behaviour';
import { OpenAISimulator } from './simulator/openaiSimulator';
import { checkExportSettings } from './telemetry/exporters';
import { SERVICE_NAME } from './telemetry/setup';

const here = path.dirname(fileURLToPath(import.meta.url));
let cfg: DemoConfig;
try {
  cfg = readConfig();
  checkExportSettings();
} catch (e) {
  // Bad settings: say which and stop (workers would only crash and be restarted).
  console.error(`[demo] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
let incident: Incident = cfg.incident;
let stopping = false;

const simulator = new OpenAISimulator({
  profile: demoProfile({ seed: cfg.seed, incident: () => incident, cacheTokens: cfg.semconv === '2026' }),
  timeScale: cfg.timeScale,
  logFile: cfg.simulatorLog,
});
await simulator.start();

const workers = new Map<string, ChildProcess>();
const exitCodes = new Map<string, number>();

function startWorker(version: string): void {
  const child = fork(path.join(here, 'worker.ts'), [version], {
    env: {
      ...process.env,
      DEMO_SEED: cfg.seed,
      DEMO_INCIDENT: incident,
      DEMO_SIMULATOR_URL: simulator.baseURL,
      OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME || SERVICE_NAME,
    },
    stdio: 'inherit',
  });
  workers.set(version, child);
  child.on('exit', (code, signal) => {
    workers.delete(version);
    exitCodes.set(version, code ?? (signal ? 1 : 0));
    if (cfg.oneShot) {
      if (workers.size === 0) {
        void finish();
      }
    } else if (!stopping) {
      console.error(`[demo] ${version} exited (${code ?? signal}); restarting in 2 s`);
      setTimeout(() => !stopping && startWorker(version), 2000);
    }
  });
}

function setIncident(next: Incident): void {
  incident = next;
  const msg: IncidentMessage = { type: 'incident', incident: next };
  for (const w of workers.values()) {
    if (w.connected) {
      w.send(msg);
    }
  }
  console.log(`[demo] incident: ${next}`);
}

const control = await startControlServer(cfg.port, process.env.DEMO_HOST || '0.0.0.0', {
  incident: () => incident,
  setIncident,
  health: () => {
    const alive = cfg.versions.filter((v) => workers.get(v)?.exitCode === null);
    return {
      ok: alive.length === cfg.versions.length || Boolean(cfg.oneShot),
      detail: { incident, versions: cfg.versions, running: alive },
    };
  },
});
console.log(
  `[demo] control API on port ${serverPort(control)}; simulator ${simulator.baseURL}; ` +
    `seed ${cfg.seed}; incident ${incident}; versions ${cfg.versions.join(', ')}; semconv ${cfg.semconv}` +
    (cfg.oneShot ? `; one-shot ${cfg.oneShot} conversation(s) per version` : '')
);
for (const v of cfg.versions) {
  startWorker(v);
}

async function finish(): Promise<never> {
  stopping = true;
  control.close();
  await simulator.stop();
  const failed = [...exitCodes.entries()].filter(([, c]) => c !== 0);
  if (failed.length) {
    console.error(`[demo] failed: ${failed.map(([v, c]) => `${v} exit ${c}`).join(', ')}`);
  }
  process.exit(failed.length ? 1 : 0);
}

async function stop(): Promise<void> {
  if (stopping) {
    return;
  }
  stopping = true;
  console.log('[demo] stopping: workers flush their telemetry');
  const exited = [...workers.values()].map((w) => new Promise((r) => w.once('exit', r)));
  for (const w of workers.values()) {
    w.kill('SIGTERM');
  }
  const timer = setTimeout(() => {
    for (const w of workers.values()) {
      w.kill('SIGKILL');
    }
  }, 15_000);
  await Promise.all(exited);
  clearTimeout(timer);
  control.close();
  await simulator.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
