/**
 * Shared helpers: the simulator, OTLP/JSON serialisation, the capturing exporter, output paths.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { JsonLogsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
// The demo's OpenAI simulator (the one simulator of the repository) with the recorder's profile.
import { cannedProfile } from '../../../demo/src/simulator/cannedProfile.js';
import { OpenAISimulator } from '../../../demo/src/simulator/openaiSimulator.js';

/** The random simulator port is rewritten to this value in the fixtures so that re-recording is deterministic. */
export const FIXTURE_PORT = 8080;

/** Port of the simulator startSimulator() started last (used to normalise fixtures). */
let simulatorPort = 0;

/**
 * Starts the OpenAI-compatible simulator on a random loopback port with the recorder's canned
 * profile (demo/src/simulator/cannedProfile.ts: fixed answers, usage and ids, no waiting).
 */
export async function startSimulator(): Promise<OpenAISimulator> {
  const sim = new OpenAISimulator({ profile: cannedProfile() });
  await sim.start();
  simulatorPort = sim.port;
  return sim;
}

export const OUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/otlp');

/** Instrumentation scope used for spans this recorder creates by hand (never used for library-emitted spans). */
export const HAND_MADE_SCOPE = 'genai-fixture-recorder/hand-made';

export function fixtureResource(dialect: string) {
  return resourceFromAttributes({
    'service.name': `fixture-${dialect}`,
    'service.version': '1.0.0',
  });
}

/**
 * Minimal SpanExporter that keeps every finished span in memory. It only relies on the
 * SpanExporter shape (export/shutdown/forceFlush), so it works with the 3.x SDK we set up
 * ourselves and with the 2.x SDKs that some vendors (Traceloop) bring along.
 */
export class CapturingSpanExporter {
  spans: any[] = [];
  export(spans: any[], resultCallback: (r: { code: number }) => void) {
    this.spans.push(...spans);
    resultCallback({ code: 0 });
  }
  async shutdown() {}
  async forceFlush() {}
}

/**
 * Gives a finished span our fixed resource (service.name / service.version) regardless of
 * which SDK created it, so every fixture has the same, deterministic resource.
 */
function withResource<T extends object>(span: T, resource: unknown): T {
  return new Proxy(span, {
    get(target, prop) {
      if (prop === 'resource') {
        return resource;
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/**
 * Post-processing of the serializer output:
 *  - int64 `intValue`s become JSON strings (the canonical protobuf-JSON mapping; the
 *    otlp-transformer JSON serializer emits them as numbers);
 *  - the simulator's random port (recorded by libraries as server.port or inside URLs) is
 *    rewritten to FIXTURE_PORT so that re-recording only changes ids and timestamps.
 */
function normalise(node: any): any {
  const port = simulatorPort ? String(simulatorPort) : undefined;
  const walk = (n: any): any => {
    if (Array.isArray(n)) {
      return n.map(walk);
    }
    if (n && typeof n === 'object') {
      const out: any = {};
      for (const [k, v] of Object.entries(n)) {
        out[k] = k === 'intValue' && typeof v === 'number' ? String(v) : walk(v);
      }
      if (port && out.key === 'server.port' && out.value?.intValue === port) {
        out.value.intValue = String(FIXTURE_PORT);
      }
      return out;
    }
    if (typeof n === 'string' && port) {
      return n
        .split(`127.0.0.1:${port}`)
        .join(`127.0.0.1:${FIXTURE_PORT}`)
        .split(`localhost:${port}`)
        .join(`localhost:${FIXTURE_PORT}`);
    }
    return n;
  };
  return walk(node);
}

function writeJson(file: string, data: unknown) {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const text = JSON.stringify(normalise(data), null, 2) + '\n';
  fs.writeFileSync(path.join(OUT_DIR, file), text);
  const kb = (Buffer.byteLength(text) / 1024).toFixed(1);
  console.log(`  wrote fixtures/otlp/${file} (${kb} KB)`);
}

export function writeTraces(dialect: string, spans: any[]) {
  if (spans.length === 0) {
    throw new Error(`${dialect}: no spans were exported`);
  }
  const resource = fixtureResource(dialect);
  const bytes = JsonTraceSerializer.serializeRequest(spans.map((s) => withResource(s, resource)) as any);
  if (!bytes) {
    throw new Error(`${dialect}: JsonTraceSerializer returned nothing`);
  }
  writeJson(`${dialect}.otlp.json`, JSON.parse(Buffer.from(bytes).toString('utf8')));
}

export function writeLogs(dialect: string, records: any[]) {
  if (records.length === 0) {
    return;
  }
  const resource = fixtureResource(dialect);
  const bytes = JsonLogsSerializer.serializeRequest(records.map((r) => withResource(r, resource)) as any);
  if (!bytes) {
    throw new Error(`${dialect}: JsonLogsSerializer returned nothing`);
  }
  writeJson(`${dialect}.logs.json`, JSON.parse(Buffer.from(bytes).toString('utf8')));
}

/**
 * Writes OTLP/JSON trace requests that a library exported itself over HTTP (see
 * otlp-receiver.ts): merges all requests into one, grouped by instrumentation scope, keeps the
 * library's own resource attributes but sets service.name / service.version to ours.
 */
export function writeReceivedTraces(dialect: string, requests: any[]) {
  const fixed = [
    { key: 'service.name', value: { stringValue: `fixture-${dialect}` } },
    { key: 'service.version', value: { stringValue: '1.0.0' } },
  ];
  let resource: any;
  const scopes = new Map<string, any>();
  for (const req of requests) {
    for (const rs of req.resourceSpans ?? []) {
      if (!resource) {
        const others = (rs.resource?.attributes ?? []).filter(
          (a: any) => a.key !== 'service.name' && a.key !== 'service.version'
        );
        resource = { ...rs.resource, attributes: [...fixed, ...others] };
      }
      for (const ss of rs.scopeSpans ?? []) {
        const k = `${ss.scope?.name}@${ss.scope?.version ?? ''}`;
        if (!scopes.has(k)) {
          scopes.set(k, { scope: ss.scope, spans: [], ...(ss.schemaUrl ? { schemaUrl: ss.schemaUrl } : {}) });
        }
        scopes.get(k).spans.push(...ss.spans);
      }
    }
  }
  if (!resource) {
    throw new Error(`${dialect}: no spans were received`);
  }
  writeJson(`${dialect}.otlp.json`, { resourceSpans: [{ resource, scopeSpans: [...scopes.values()] }] });
}

/**
 * Writes OTLP/JSON metric requests that a library exported itself (ExportMetricsServiceRequest),
 * merged into one, with service.name / service.version set to ours like the traces.
 */
export function writeReceivedMetrics(dialect: string, requests: any[]) {
  const fixed = [
    { key: 'service.name', value: { stringValue: `fixture-${dialect}` } },
    { key: 'service.version', value: { stringValue: '1.0.0' } },
  ];
  let resource: any;
  const scopeMetrics: any[] = [];
  for (const req of requests) {
    for (const rm of req.resourceMetrics ?? []) {
      if (!resource) {
        const others = (rm.resource?.attributes ?? []).filter(
          (a: any) => a.key !== 'service.name' && a.key !== 'service.version'
        );
        resource = { ...rm.resource, attributes: [...fixed, ...others] };
      }
      scopeMetrics.push(...(rm.scopeMetrics ?? []));
    }
  }
  if (!resource) {
    throw new Error(`${dialect}: no metrics were received`);
  }
  writeJson(`${dialect}.metrics.json`, { resourceMetrics: [{ resource, scopeMetrics }] });
}
