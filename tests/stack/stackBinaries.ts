// Real binaries the stack tests run. Debian's prometheus/promtool (2.42) are always installed
// (.ci/run); Prometheus 3, Tempo and Loki are optional (a developer's own builds, found through an
// environment variable or on PATH), and tests that need them say why they are skipped.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

function executable(file: string | undefined): string | undefined {
  if (!file) {
    return undefined;
  }
  try {
    accessSync(file, constants.X_OK);
    return file;
  } catch {
    return undefined;
  }
}

/** The env variable if set (it must then be executable), else the first of `names` on PATH. */
function locate(envVar: string, names: string[]): string | undefined {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    const found = executable(fromEnv);
    if (!found) {
      throw new Error(`${envVar}=${fromEnv} is not an executable file`);
    }
    return found;
  }
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of names) {
    const found = dirs.map((d) => executable(path.join(d, name))).find(Boolean);
    if (found) {
      return found;
    }
  }
  return undefined;
}

/** Debian promtool 2.42: knows no Prometheus 3 config (the `otlp` block). */
export const PROMTOOL2 = 'promtool';
// On PATH under these names only: `prometheus`/`promtool` there are Debian's 2.42.
export const PROMETHEUS3 = locate('PROMETHEUS3_BIN', ['prometheus3']);
export const PROMTOOL3 = locate('PROMTOOL3_BIN', ['promtool3']);
export const TEMPO = locate('TEMPO_BIN', ['tempo']);
export const LOKI = locate('LOKI_BIN', ['loki']);

export function missing(what: string, envVar: string): string {
  return `${what} not found (set ${envVar}); docs/demo-stack.md says where it comes from`;
}
