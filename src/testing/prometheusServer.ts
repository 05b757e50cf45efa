// Starts a real Prometheus (Debian package `prometheus`) on a free loopback port with its own
// data dir, backfilled with OpenMetrics samples through `promtool tsdb create-blocks-from`.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
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

/** `openMetrics` must end with `# EOF`; timestamps are seconds. */
export async function startPrometheus(openMetrics?: string): Promise<RunningPrometheus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'genai-prom-'));
  const data = path.join(dir, 'data');
  if (openMetrics) {
    const file = path.join(dir, 'series.om');
    await writeFile(file, openMetrics);
    await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, data]);
  }
  const config = path.join(dir, 'prometheus.yml');
  await writeFile(config, 'global:\n  scrape_interval: 1h\n');
  const port = await freePort();
  const proc: ChildProcess = spawn(
    'prometheus',
    [`--config.file=${config}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=3650d', '--log.level=warn'],
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
        break;
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
  return {
    url,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
