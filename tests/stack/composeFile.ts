// Reads docker-compose.yaml (the demo stack) so tests can check it and run its services' commands,
// health checks and config files with real binaries on this machine (there is no Docker engine).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const COMPOSE_FILE = path.join(REPO_ROOT, 'docker-compose.yaml');

export interface ComposeHealthcheck {
  test: string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: ComposeHealthcheck;
  depends_on?: Record<string, { condition: string }>;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
}

export interface BindMount {
  /** Absolute host path (resolved against the compose file's folder). */
  host: string;
  container: string;
  readOnly: boolean;
}

export function loadCompose(file = COMPOSE_FILE): ComposeFile {
  return parse(readFileSync(file, 'utf8')) as ComposeFile;
}

export function service(compose: ComposeFile, name: string): ComposeService {
  const s = compose.services[name];
  if (!s) {
    throw new Error(`docker-compose.yaml has no service "${name}"`);
  }
  return s;
}

/** Bind mounts in short syntax (`./host:/container[:ro]`); named volumes are not bind mounts. */
export function bindMounts(s: ComposeService, composeDir = REPO_ROOT): BindMount[] {
  return (s.volumes ?? [])
    .filter((v) => v.startsWith('./') || v.startsWith('../') || v.startsWith('/'))
    .map((v) => {
      const [host, container, mode] = v.split(':');
      return { host: path.resolve(composeDir, host), container, readOnly: mode === 'ro' };
    });
}

/** Maps a path inside the container to the host path mounted there (longest mount wins). */
export function hostPathOf(s: ComposeService, containerPath: string): string {
  const mount = bindMounts(s)
    .filter((m) => containerPath === m.container || containerPath.startsWith(m.container + '/'))
    .sort((a, b) => b.container.length - a.container.length)[0];
  if (!mount) {
    throw new Error(`no bind mount covers ${containerPath}`);
  }
  return mount.host + containerPath.slice(mount.container.length);
}

/** Value of a `--flag=value` / `-flag=value` argument in a command list. */
export function flagValue(command: string[], flag: string): string | undefined {
  const arg = command.find((a) => a.startsWith(`${flag}=`));
  return arg?.slice(flag.length + 1);
}

/** Published container ports, e.g. `"3000:3000"` → 3000. */
export function publishedContainerPorts(s: ComposeService): number[] {
  return (s.ports ?? []).map((p) => Number(String(p).split(':').pop()));
}
