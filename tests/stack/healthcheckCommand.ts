// Runs a compose health check's exec-form command on this machine: the program mapped to a local
// binary (e.g. /tempo → the Tempo binary) and its localhost URLs moved to where the server runs.
import { execFile } from 'node:child_process';
import type { ComposeHealthcheck } from './composeFile';

export interface HealthcheckRun {
  exitCode: number;
  output: string;
}

export function runHealthcheck(
  check: ComposeHealthcheck,
  opts: { program?: string; baseUrl: string }
): Promise<HealthcheckRun> {
  const [form, program, ...args] = check.test;
  if (form !== 'CMD') {
    throw new Error(`only exec-form (CMD) health checks can run here, got ${form}`);
  }
  const moved = args.map((a) => a.replace(/http:\/\/(localhost|127\.0\.0\.1):\d+/g, opts.baseUrl));
  return new Promise((resolve) => {
    execFile(opts.program ?? program, moved, { timeout: 15_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ exitCode: code, output: `${stdout}${stderr}` });
    });
  });
}
