// Runs the compose stack's Prometheus and Tempo as local processes: the same config files
// (through the compose bind mounts), the same command-line flags and environment as
// docker-compose.yaml, with only listen addresses, ports and data paths moved to loopback/temp.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort } from '../helpers/prometheusServer';
import { flagValue, hostPathOf, loadCompose, service, type ComposeService } from './composeFile';

// Tempo 3 does not exit on SIGTERM within 15 s (single binary); tests' data is temporary, so a
// short grace period before SIGKILL is enough.
const GRACE_MS = 3_000;

export interface RunningServer {
  url: string;
  proc: ChildProcess;
  /** Seconds from spawn until the readiness endpoint answered 200. */
  readySeconds: number;
  stop(): Promise<void>;
}

export interface PrometheusConfigOptions {
  /** Port the self-scrape job targets (compose: localhost:9090). */
  port?: number;
  /** Shorter rule evaluation for tests (compose: 15s). */
  evaluationInterval?: string;
  /** Drop the Prometheus 3 `otlp` block, for promtool 2.42. */
  withoutOtlp?: boolean;
}

/**
 * stack/prometheus/prometheus.yml as the Prometheus container sees it, with container paths
 * (rule_files) mapped back to the host paths compose mounts there.
 */
export function hostPrometheusConfig(opts: PrometheusConfigOptions = {}): string {
  const svc = service(loadCompose(), 'prometheus');
  const file = hostPathOf(svc, flagValue(svc.command ?? [], '--config.file') ?? '');
  const config = parse(readFileSync(file, 'utf8'));
  config.rule_files = (config.rule_files ?? []).map((f: string) => hostPathOf(svc, f));
  if (opts.port) {
    for (const job of config.scrape_configs ?? []) {
      for (const sc of job.static_configs ?? []) {
        sc.targets = sc.targets.map((t: string) => t.replace(/^localhost:9090$/, `127.0.0.1:${opts.port}`));
      }
    }
  }
  if (opts.evaluationInterval) {
    config.global = { ...config.global, evaluation_interval: opts.evaluationInterval };
  }
  if (opts.withoutOtlp) {
    delete config.otlp;
  }
  return stringify(config);
}

async function waitReady(url: string, proc: ChildProcess, stderr: () => string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (proc.exitCode !== null) {
      throw new Error(`${path.basename(String(proc.spawnfile))} exited (${proc.exitCode}): ${stderr()}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) {
        return (Date.now() - started) / 1000;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) {
      proc.kill('SIGKILL');
      throw new Error(`${url} not ready after ${timeoutMs} ms: ${stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopProcess(proc: ChildProcess, graceMs: number): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    return;
  }
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function spawnLogged(bin: string, args: string[], env?: NodeJS.ProcessEnv) {
  const proc = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  let log = '';
  proc.stderr?.on('data', (d) => (log = (log + String(d)).slice(-4000)));
  return { proc, stderr: () => log };
}

/**
 * Waits for a spawned stack server's readiness endpoint; the handle's `stop()` ends the process
 * and removes its temp `dir`, which is also removed when it never gets ready.
 */
async function whenReady(
  url: string,
  readyPath: string,
  { proc, stderr }: ReturnType<typeof spawnLogged>,
  dir: string,
  timeoutMs: number
): Promise<RunningServer> {
  try {
    const readySeconds = await waitReady(`${url}${readyPath}`, proc, stderr, timeoutMs);
    return {
      url,
      proc,
      readySeconds,
      async stop() {
        await stopProcess(proc, GRACE_MS);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

function replaceFlag(command: string[], flag: string, value: string): string[] {
  return command.map((a) => (a.startsWith(`${flag}=`) ? `${flag}=${value}` : a));
}

/** Prometheus 3 with the compose service's flags and config (rules included). */
export async function startStackPrometheus(
  bin: string,
  opts: Omit<PrometheusConfigOptions, 'port' | 'withoutOtlp'> = {}
): Promise<RunningServer> {
  const svc: ComposeService = service(loadCompose(), 'prometheus');
  const dir = await mkdtemp(path.join(tmpdir(), 'genai-stack-prom-'));
  const port = await freePort();
  const config = path.join(dir, 'prometheus.yml');
  await writeFile(config, hostPrometheusConfig({ ...opts, port }));
  let args = replaceFlag(svc.command ?? [], '--config.file', config);
  args = replaceFlag(args, '--storage.tsdb.path', path.join(dir, 'data'));
  args.push(`--web.listen-address=127.0.0.1:${port}`, '--log.level=warn');
  const url = `http://127.0.0.1:${port}`;
  return whenReady(url, '/-/ready', spawnLogged(bin, args), dir, 30_000);
}

export interface RunningTempo extends RunningServer {
  /** OTLP/HTTP traces endpoint (compose: tempo:4318/v1/traces). */
  otlpTracesUrl: string;
}

/**
 * Tempo with the compose service's command, environment and stack/tempo/tempo.yaml; listen
 * addresses, ports and TEMPO_DATA moved to loopback/temp through the file's env variables and
 * Tempo's port flags. Without `remoteWriteUrl` span-metrics go to a closed port.
 */
export async function startStackTempo(bin: string, opts: { remoteWriteUrl?: string } = {}): Promise<RunningTempo> {
  const svc = service(loadCompose(), 'tempo');
  const command = svc.command ?? [];
  const config = hostPathOf(svc, flagValue(command, '-config.file') ?? '');
  const dir = await mkdtemp(path.join(tmpdir(), 'genai-stack-tempo-'));
  const [http, grpc, otlpHttp, otlpGrpc, memberlist] = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  const args = [
    ...replaceFlag(command, '-config.file', config),
    `-server.http-listen-port=${http}`,
    `-server.grpc-listen-port=${grpc}`,
    `-memberlist.bind-port=${memberlist}`,
    '-log.level=warn',
  ];
  const env = {
    ...process.env,
    ...svc.environment,
    PROMETHEUS_REMOTE_WRITE_URL: opts.remoteWriteUrl ?? 'http://127.0.0.1:1/api/v1/write',
    TEMPO_LISTEN_ADDRESS: '127.0.0.1',
    TEMPO_OTLP_HTTP_ENDPOINT: `127.0.0.1:${otlpHttp}`,
    TEMPO_OTLP_GRPC_ENDPOINT: `127.0.0.1:${otlpGrpc}`,
    TEMPO_DATA: dir,
  };
  const server = await whenReady(`http://127.0.0.1:${http}`, '/ready', spawnLogged(bin, args, env), dir, 90_000);
  return { ...server, otlpTracesUrl: `http://127.0.0.1:${otlpHttp}/v1/traces` };
}

/**
 * Loki with the compose service's command and stack/loki/loki.yaml, its /loki folders moved to a
 * temp dir and its ports to free loopback ones (the rest of the file as written).
 */
export async function startStackLoki(bin: string): Promise<RunningServer> {
  const svc = service(loadCompose(), 'loki');
  const command = svc.command ?? [];
  const original = readFileSync(hostPathOf(svc, flagValue(command, '-config.file') ?? ''), 'utf8');
  const dir = await mkdtemp(path.join(tmpdir(), 'genai-stack-loki-'));
  const config = path.join(dir, 'loki.yaml');
  await writeFile(config, original.replace(/(: )\/loki\b/g, `$1${dir}`));
  const [http, grpc] = await Promise.all([freePort(), freePort()]);
  const args = [
    ...replaceFlag(command, '-config.file', config),
    `-server.http-listen-address=127.0.0.1`,
    `-server.http-listen-port=${http}`,
    `-server.grpc-listen-address=127.0.0.1`,
    `-server.grpc-listen-port=${grpc}`,
  ];
  return whenReady(`http://127.0.0.1:${http}`, '/ready', spawnLogged(bin, args, process.env), dir, 90_000);
}
