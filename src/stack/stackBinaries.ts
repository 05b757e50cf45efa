// Real binaries the stack tests run. Debian's prometheus/promtool (2.42) are always installed
// (.ci/run); Prometheus 3 and Tempo are optional (built from source on a developer machine, see
// the README), and tests that need them say why they are skipped.
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

/** The env variable if set (it must then be executable), else the first fallback that is. */
function locate(envVar: string, fallbacks: string[]): string | undefined {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    const found = executable(fromEnv);
    if (!found) {
      throw new Error(`${envVar}=${fromEnv} is not an executable file`);
    }
    return found;
  }
  return fallbacks.map(executable).find(Boolean);
}

/** Where the development machine keeps locally built binaries (prometheus3, promtool3, tempo). */
const BIN_DIR = process.env.STACK_BIN_DIR ?? '/work/ext/bin';

/** Debian promtool 2.42: knows no Prometheus 3 config (the `otlp` block). */
export const PROMTOOL2 = 'promtool';
export const PROMETHEUS3 = locate('PROMETHEUS3_BIN', [path.join(BIN_DIR, 'prometheus3')]);
export const PROMTOOL3 = locate('PROMTOOL3_BIN', [path.join(BIN_DIR, 'promtool3')]);
export const TEMPO = locate('TEMPO_BIN', [path.join(BIN_DIR, 'tempo')]);

export function missing(what: string, envVar: string): string {
  return `${what} not found (set ${envVar}); the README (demo stack) says how to build it`;
}
