// Starts a real Prometheus (Debian package `prometheus`) on a free loopback port with its own
// data dir, backfilled with OpenMetrics samples through `promtool tsdb create-blocks-from`.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** Rule files to load (absolute paths). */
  ruleFiles?: string[];
  evaluationIntervalSec?: number;
  /**
   * Also record the rules over the backfilled past (`promtool tsdb create-blocks-from rules`),
   * so rate() over recorded series works at once, as after hours of live evaluation.
   */
  backfillRules?: { start: number; end: number; evalIntervalSec: number };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function launch(dir: string, data: string, configText: string): Promise<{ url: string; proc: ChildProcess }> {
  const config = path.join(dir, `prometheus-${Date.now()}.yml`);
  await writeFile(config, configText);
  const port = await freePort();
  const proc = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=3650d',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] }
  );
  let stderr = '';
  proc.stderr?.on('data', (d) => (stderr += String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) {
      throw new Error(`prometheus exited (${proc.exitCode}): ${stderr.slice(-500)}`);
    }
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) {
        return { url, proc };
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`prometheus did not become ready: ${stderr.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) {
    return;
  }
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}

/** `openMetrics` must end with `# EOF`; timestamps are seconds. */
export async function startPrometheus(openMetrics?: string, opts: PrometheusOptions = {}): Promise<RunningPrometheus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'genai-prom-'));
  const data = path.join(dir, 'data');
  if (openMetrics) {
    const file = path.join(dir, 'series.om');
    await writeFile(file, openMetrics);
    await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, data]);
  }
  const global = `global:\n  scrape_interval: 1h\n  evaluation_interval: ${opts.evaluationIntervalSec ?? 60}s\n`;
  const ruleFiles = opts.ruleFiles ?? [];
  if (opts.backfillRules && ruleFiles.length) {
    const source = await launch(dir, data, global);
    const out = path.join(dir, 'rule-blocks');
    try {
      const b = opts.backfillRules;
      // promtool writes no output directory when its rule queries fail (seen once under CI load,
      // with nothing on stderr): try again, and say so if it never writes one.
      for (let attempt = 1; ; attempt++) {
        await run('promtool', [
          'tsdb',
          'create-blocks-from',
          'rules',
          `--start=${b.start}`,
          `--end=${b.end}`,
          `--url=${source.url}`,
          `--output-dir=${out}`,
          `--eval-interval=${b.evalIntervalSec}s`,
          '--quiet',
          ...ruleFiles,
        ]);
        if (existsSync(out)) {
          break;
        }
        if (attempt === 3) {
          throw new Error(`promtool create-blocks-from rules wrote no blocks in ${attempt} attempts`);
        }
      }
    } finally {
      await stopProcess(source.proc);
    }
    for (const block of await readdir(out)) {
      await rename(path.join(out, block), path.join(data, block));
    }
  }
  const rules = ruleFiles.map((f) => `  - ${JSON.stringify(f)}\n`).join('');
  const { url, proc } = await launch(dir, data, global + (rules ? `rule_files:\n${rules}` : ''));
  return {
    url,
    async stop() {
      await stopProcess(proc);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
