/**
 * Regenerates every fixture in fixtures/otlp/. Each dialect runs in its own Node process
 * (instrumentations monkey-patch the `openai` module and some read env vars at start-up).
 *
 *   npm run record              # all dialects
 *   npm run record -- openlit   # just one
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const CONTENT_ON = { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' };

const DIALECTS: Record<string, { script: string; env: Record<string, string> }> = {
  semconv: {
    script: 'dialects/otel-contrib.ts',
    env: { ...CONTENT_ON, OTEL_SEMCONV_STABILITY_OPT_IN: 'gen_ai_latest_experimental' },
  },
  'semconv-deprecated': { script: 'dialects/otel-contrib.ts', env: { ...CONTENT_ON } },
  openllmetry: {
    script: 'dialects/openllmetry.ts',
    env: { TRACELOOP_TRACE_CONTENT: 'true', TRACELOOP_SYNC_ENABLED: 'false' },
  },
  openinference: { script: 'dialects/openinference.ts', env: {} },
  openlit: { script: 'dialects/openlit.ts', env: { OPENLIT_DISABLE_METRICS: 'true' } },
  langfuse: { script: 'dialects/langfuse.ts', env: {} },
  // Python SDK: needs AGENTO11Y_PYTHON (or python3) with agento11y/requirements.txt installed.
  agento11y: { script: 'dialects/agento11y.ts', env: {} },
};

const wanted = process.argv.slice(2).filter((a) => a !== '--');
const names = wanted.length ? wanted : Object.keys(DIALECTS);
let failed = 0;
for (const name of names) {
  const d = DIALECTS[name];
  if (!d) {
    console.error(`unknown dialect ${name}; known: ${Object.keys(DIALECTS).join(', ')}`);
    process.exit(2);
  }
  console.log(`[${name}]`);
  // Start from a clean environment for the variables the libraries read.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(OTEL_|TRACELOOP_|OPENLIT_|LANGFUSE_|OPENINFERENCE_|AGENTO11Y_(?!PYTHON$)|SIGIL_)/.test(k)) {
      delete env[k];
    }
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, d.script), name], {
    stdio: 'inherit',
    env: { ...env, ...d.env },
  });
  if (r.status !== 0) {
    console.error(`[${name}] FAILED (exit ${r.status})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
