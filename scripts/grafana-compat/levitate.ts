// `npm run compat`: API compatibility of our use of @grafana/data, ui and runtime with the Grafana
// versions we support, checked by Grafana's own tool, @grafana/levitate (`is-compatible`), for
// every plugin entry (src/**/module.ts(x)). Needs the npm registry (levitate installs each target
// version). Exit code 1 when any entry is incompatible with any target.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
const LEVITATE = '@grafana/levitate@0.17.2';
/**
 * grafanaDependency's minimum (12.3.0), the last 12.x, the first 13.x and the newest 13.x that all
 * three packages have on npm (13.2.3 exists for data and runtime but not ui).
 */
const TARGET_VERSIONS = (process.env.COMPAT_GRAFANA_VERSIONS ?? '12.3.0,12.4.10,13.0.0,13.2.2').split(',');
const PACKAGES = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];

function entries(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      return entries(p);
    }
    return /^module\.tsx?$/.test(e.name) ? [path.relative(REPO, p)] : [];
  });
}

interface Result {
  entry: string;
  version: string;
  /** compatible, incompatible, or the check itself failed (e.g. a version not on npm). */
  status: 'compatible' | 'INCOMPATIBLE' | 'ERROR';
  output: string;
  ms: number;
}

/**
 * Levitate reports a parameter whose type is the same named type declared as `type X = {…}` in
 * one version and `interface X` in the other (`-type AxisProps` / `+AxisProps`; @grafana/ui 12.4
 * vs 13.x for UPlotConfigBuilder). Nothing a caller passes changes, so a report made only of such
 * items counts as compatible; any other item keeps the verdict.
 */
export function onlyDeclarationFormChanged(output: string): boolean {
  if (!/INCOMPATIBILITIES/.test(output)) {
    return false;
  }
  const items = output.split(/\n\s*\d+\) /).slice(1);
  return (
    items.length > 0 &&
    items.every((item) => {
      const body = item.split(/\n\s*(?:🔬|\S+ is not fully compatible)/)[0];
      const diff = body
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^[-+]/.test(l) && l !== '+ Added- Removed');
      const [removed, added] = [diff.find((l) => l.startsWith('-')), diff.find((l) => l.startsWith('+'))];
      const name = /^-type (\w+)$/.exec(removed ?? '')?.[1];
      return /Parameter type changed/.test(body) && diff.length === 2 && name !== undefined && added === `+${name}`;
    })
  );
}

function check(entry: string, version: string): Promise<Result> {
  const target = PACKAGES.map((p) => `${p}@${version}`).join(',');
  const t0 = Date.now();
  return new Promise((resolve) => {
    const proc = spawn('npx', ['--yes', LEVITATE, 'is-compatible', '--path', entry, '--target', target], {
      cwd: REPO,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let output = '';
    proc.stdout.on('data', (d) => (output += d));
    proc.stderr.on('data', (d) => (output += d));
    proc.on('close', (code) => {
      const status =
        (code === 0 && /appears to be compatible/.test(output)) || onlyDeclarationFormChanged(output)
          ? 'compatible'
          : /Could not find package|ERROR/.test(output) && !/incompatib/i.test(output)
            ? 'ERROR'
            : 'INCOMPATIBLE';
      resolve({ entry, version, status, output, ms: Date.now() - t0 });
    });
  });
}

async function main() {
  const list = entries(path.join(REPO, 'src'));
  const t0 = Date.now();
  const results: Result[] = [];
  // One target version at a time (levitate installs it), the entries of a version in parallel.
  for (const version of TARGET_VERSIONS) {
    const round = await Promise.all(list.map((e) => check(e, version)));
    // Parallel runs install the same target packages at once and, now and then, one of them reads
    // a half-installed copy (seen in CI: "Removed `FieldType`" from @grafana/data). A failed check
    // is therefore run again on its own; a real incompatibility fails both times.
    for (const [i, r] of round.entries()) {
      if (r.status !== 'compatible') {
        console.log(`retrying ${r.entry} against Grafana ${version} on its own (was ${r.status})`);
        round[i] = await check(r.entry, version);
      }
    }
    results.push(...round);
  }
  for (const r of results) {
    console.log(
      `${r.status.padEnd(12)} ${r.entry.padEnd(34)} Grafana ${r.version.padEnd(8)} ${(r.ms / 1000).toFixed(0)} s`
    );
    if (r.status !== 'compatible') {
      console.log(
        r.output
          .split('\n')
          .filter((l) => l.trim() && !/Resolving|Installed|Found|Detecting|Successfully compared|npm warn/.test(l))
          .map((l) => `    ${l}`)
          .join('\n')
      );
    }
  }
  const ok = results.filter((r) => r.status === 'compatible').length;
  console.log(`levitate: ${ok}/${results.length} compatible in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  process.exit(ok === results.length ? 0 : 1);
}

if (require.main === module) {
  main();
}
