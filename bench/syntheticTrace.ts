// Big agent traces for the benchmark, made of the real spans in fixtures/otlp (telemetry written
// by real instrumentation libraries, so attribute counts and content sizes are realistic),
// re-identified and re-parented into one tree, in Tempo's /api/v2/traces shape.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

type Span = Record<string, unknown> & { attributes?: unknown[]; events?: unknown[]; name?: string };

const FIXTURES = path.resolve(__dirname, '../fixtures/otlp');

function templateSpans(): Array<{ span: Span; resource: unknown }> {
  const out: Array<{ span: Span; resource: unknown }> = [];
  for (const f of readdirSync(FIXTURES)
    .filter((x) => x.endsWith('.otlp.json'))
    .sort()) {
    const payload = JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8'));
    for (const rs of payload.resourceSpans) {
      for (const ss of rs.scopeSpans) {
        for (const s of ss.spans) {
          out.push({ span: s, resource: rs.resource });
        }
      }
    }
  }
  return out;
}

function b64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/** A `spanCount`-span trace: a root agent, sub-agents every 25 spans, real spans below them. */
export function syntheticTracePayload(spanCount: number): string {
  const templates = templateSpans();
  const traceId = b64('5b8efff798038103d269b633813fc60c');
  const t0 = 1_790_000_000_000_000_000n;
  const resource = templates[0].resource;
  const spans: unknown[] = [];
  let agent = 0;
  for (let i = 0; i < spanCount; i++) {
    const tpl = templates[i % templates.length].span;
    const isAgent = i === 0 || i % 25 === 1;
    const parent = i === 0 ? undefined : isAgent ? 0 : agent;
    if (isAgent) {
      agent = i;
    }
    const start = t0 + BigInt(i) * 1_000_000n;
    spans.push({
      ...tpl,
      traceId,
      spanId: b64((i + 1).toString(16).padStart(16, '0')),
      parentSpanId: parent === undefined ? undefined : b64((parent + 1).toString(16).padStart(16, '0')),
      name: isAgent ? `invoke_agent worker-${i}` : tpl.name,
      kind: 'SPAN_KIND_INTERNAL',
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + 5_000_000n).toString(),
    });
  }
  return JSON.stringify({
    trace: { resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'bench' }, spans }] }] },
  });
}
