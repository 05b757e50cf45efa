/**
 * Test helpers around the demo agent app (demo/): run it as a child process the way users do
 * (demo/node_modules/.bin/tsx src/main.ts), receive its OTLP/HTTP JSON export in-process, read
 * the simulator's response log.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { SimulatorLogEntry } from '../../demo/src/simulator/openaiSimulator';

export const DEMO_DIR = path.resolve(__dirname, '../../demo');
export const DEMO_TSX = path.join(DEMO_DIR, 'node_modules', '.bin', 'tsx');

/** Fails with the fix when the demo's own dependencies are not installed. */
export function assertDemoInstalled(): void {
  if (!fs.existsSync(DEMO_TSX)) {
    throw new Error(`demo dependencies are missing (${DEMO_TSX}); run: cd demo && npm install`);
  }
}

// One line of the simulator log: the simulator's own type.
export type { SimulatorLogEntry };

export function readSimulatorLog(file: string): SimulatorLogEntry[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

export interface OtlpJsonReceiver {
  url: string;
  traces: any[];
  metrics: any[];
  logs: any[];
  close(): void;
}

/** A minimal OTLP/HTTP JSON receiver on a random loopback port (protobuf bodies are refused). */
export async function startOtlpJsonReceiver(): Promise<OtlpJsonReceiver> {
  const traces: any[] = [];
  const metrics: any[] = [];
  const logs: any[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      let buf = Buffer.concat(parts);
      if (req.headers['content-encoding'] === 'gzip') {
        buf = zlib.gunzipSync(buf);
      }
      if (!String(req.headers['content-type']).includes('application/json')) {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(buf.toString('utf8'));
      if (req.url === '/v1/traces') {
        traces.push(body);
      } else if (req.url === '/v1/metrics') {
        metrics.push(body);
      } else if (req.url === '/v1/logs') {
        logs.push(body);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    traces,
    metrics,
    logs,
    close: () => server.close(),
  };
}

export interface DemoRun<C> {
  stdout: string;
  stderr: string;
  code: number | null;
  /** What `onControlApi` returned. */
  control?: C;
  /** Agent runs per version, from the versions' "one-shot done" lines. */
  runsPerVersion: Record<string, number>;
}

/**
 * Runs the demo with `env` on top of the test's environment minus any OTEL_* / DEMO_* variable;
 * `onControlApi` is called with the control API's base URL as soon as the demo prints it.
 */
export function runDemo<C>(
  env: Record<string, string>,
  opts: { timeoutMs: number; onControlApi?: (baseUrl: string) => Promise<C> }
): Promise<DemoRun<C>> {
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(OTEL_|DEMO_)/.test(k)) {
      childEnv[k] = v;
    }
  }
  Object.assign(childEnv, { DEMO_PORT: '0', DEMO_HOST: '127.0.0.1' }, env);
  return new Promise((resolve, reject) => {
    const child = spawn(DEMO_TSX, ['src/main.ts'], { cwd: DEMO_DIR, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let control: Promise<C> | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const m = /control API on port (\d+)/.exec(stdout);
      if (m && !control && opts.onControlApi) {
        control = opts.onControlApi(`http://127.0.0.1:${m[1]}`);
        control.catch(() => undefined); // reported when the run ends
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', async (code) => {
      clearTimeout(timer);
      const runsPerVersion: Record<string, number> = {};
      for (const m of stdout.matchAll(/\[(v\d)\] one-shot done: \d+ conversations, (\d+) agent runs/g)) {
        runsPerVersion[m[1]] = Number(m[2]);
      }
      try {
        resolve({ stdout, stderr, code, control: control ? await control : undefined, runsPerVersion });
      } catch (e) {
        reject(e);
      }
    });
  });
}

export interface OneShotDemo<C> {
  run: DemoRun<C>;
  /** The simulator's response log: what the "provider" really returned. */
  sim: SimulatorLogEntry[];
  /** What the OTLP/HTTP JSON receiver got (whatever `otlpEnv` pointed at it). */
  received: Pick<OtlpJsonReceiver, 'traces' | 'metrics' | 'logs'>;
}

/**
 * Runs the demo once in one-shot mode (`conversations` per version, time scale 0.02, every run
 * evaluated) with an OTLP/HTTP JSON receiver whose URL `otlpEnv` turns into the exporter
 * variables; fails with the demo's output when it exits non-zero or never reached the control API.
 */
export async function runDemoOneShot<C = never>(opts: {
  conversations: number;
  seed: string;
  otlpEnv: (receiverUrl: string) => Record<string, string>;
  /** More demo settings (e.g. DEMO_SEMCONV, DEMO_VERSIONS). */
  env?: Record<string, string>;
  timeoutMs: number;
  onControlApi?: (baseUrl: string) => Promise<C>;
}): Promise<OneShotDemo<C>> {
  assertDemoInstalled();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'genai-demo-test-'));
  try {
    const simLog = path.join(tmp, 'simulator.jsonl');
    const receiver = await startOtlpJsonReceiver();
    let run: DemoRun<C>;
    try {
      run = await runDemo(
        {
          DEMO_ONE_SHOT: String(opts.conversations),
          DEMO_SEED: opts.seed,
          DEMO_TIME_SCALE: '0.02',
          DEMO_EVAL_SAMPLE_RATE: '1',
          DEMO_SIMULATOR_LOG: simLog,
          ...opts.env,
          ...opts.otlpEnv(receiver.url),
        },
        { timeoutMs: opts.timeoutMs, onControlApi: opts.onControlApi }
      );
    } finally {
      receiver.close();
    }
    if (run.code !== 0 || (opts.onControlApi && !run.control)) {
      throw new Error(`demo exited with ${run.code}\n${run.stdout}\n${run.stderr}`);
    }
    return {
      run,
      sim: readSimulatorLog(simLog),
      received: { traces: receiver.traces, metrics: receiver.metrics, logs: receiver.logs },
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
