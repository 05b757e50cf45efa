/**
 * Prints a compact view of a fixture: one block per span with scope, parent, status and
 * attributes (long values truncated). Usage: npm run summarize -- semconv [more dialects]
 */
import fs from 'node:fs';
import path from 'node:path';
import { OUT_DIR } from './common.js';

function val(v: any): string {
  if (!v) return 'null';
  if ('stringValue' in v) return JSON.stringify(v.stringValue);
  if ('intValue' in v) return `${v.intValue} (int)`;
  if ('doubleValue' in v) return `${v.doubleValue} (double)`;
  if ('boolValue' in v) return String(v.boolValue);
  if ('arrayValue' in v) return `[${(v.arrayValue.values ?? []).map(val).join(', ')}]`;
  if ('kvlistValue' in v)
    return `{${(v.kvlistValue.values ?? []).map((kv: any) => `${kv.key}: ${val(kv.value)}`).join(', ')}}`;
  return JSON.stringify(v);
}
const cut = (s: string, n = Number(process.env.WIDTH ?? 160)) => (s.length > n ? s.slice(0, n) + '…' : s);

for (const d of process.argv.slice(2).filter((a) => a !== '--')) {
  const file = path.join(OUT_DIR, `${d}.otlp.json`);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  console.log(`=== ${d}`);
  for (const rs of doc.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const s of ss.spans) {
        console.log(
          `- ${s.name}  [scope=${ss.scope?.name}] kind=${s.kind} parent=${s.parentSpanId || '-'} id=${s.spanId} status=${JSON.stringify(s.status)}`
        );
        for (const a of s.attributes ?? []) console.log(`    ${a.key} = ${cut(val(a.value))}`);
        for (const e of s.events ?? [])
          console.log(
            `    event ${e.name}: ${cut((e.attributes ?? []).map((a: any) => `${a.key}=${val(a.value)}`).join('; '))}`
          );
      }
    }
  }
  const logsFile = path.join(OUT_DIR, `${d}.logs.json`);
  if (fs.existsSync(logsFile)) {
    const ld = JSON.parse(fs.readFileSync(logsFile, 'utf8'));
    for (const rl of ld.resourceLogs)
      for (const sl of rl.scopeLogs)
        for (const r of sl.logRecords) {
          console.log(
            `  log span=${r.spanId} eventName=${r.eventName ?? ''} attrs=${cut((r.attributes ?? []).map((a: any) => `${a.key}=${val(a.value)}`).join('; '))} body=${cut(val(r.body))}`
          );
        }
  }
}
