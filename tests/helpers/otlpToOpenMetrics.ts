// Turns recorded OTLP/JSON metrics (ExportMetricsServiceRequest) into OpenMetrics text for
// `promtool tsdb create-blocks-from openmetrics` (Prometheus 2.42 here has no OTLP receiver),
// named the way Prometheus 3's OTLP receiver names them with the stack's settings
// (stack/prometheus/prometheus.yml: UnderscoreEscapingWithSuffixes, service.version promoted).
import { decodeKeyValues, type Attributes } from '../../src/data/otlp/anyValue';
import type { OtlpKeyValue } from '../../src/data/otlp/types';

export interface ReplayOptions {
  /** Last sample (unix s). */
  endSec: number;
  durationSec: number;
  stepSec: number;
  /** Resource attributes that become labels on every series (as `promote_resource_attributes`). */
  promote?: string[];
}

type Labels = Record<string, string>;

/** Prometheus name of an OTel metric: dots → `_`, unit suffix (`s` → `_seconds`, `{…}` none), `_total`. */
export function prometheusName(name: string, unit: string | undefined, counter: boolean): string {
  let out = name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/_+/g, '_');
  const u = (unit ?? '').replace(/\{[^}]*\}/g, '').trim();
  const suffix = u === 's' ? 'seconds' : u === 'ms' ? 'milliseconds' : u === 'By' ? 'bytes' : u;
  if (suffix && !out.endsWith(`_${suffix}`)) {
    out += `_${suffix}`;
  }
  return counter ? `${out}_total` : out;
}

const labelName = (k: string) => k.replace(/[^a-zA-Z0-9_]/g, '_');

function labelText(l: Labels): string {
  return Object.entries(l)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');
}

function stringLabels(attrs: Attributes): Labels {
  const out: Labels = {};
  for (const [k, v] of Object.entries(attrs)) {
    out[labelName(k)] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/**
 * The recorded run, replayed as if it repeated every `stepSec`: sample k holds (k + 1) × the
 * recorded final cumulative values, so rate() of any series is exactly recorded value / stepSec.
 * Each series is read from its latest recorded point.
 */
export function otlpMetricsToOpenMetrics(payload: { resourceMetrics?: any[] }, o: ReplayOptions): string {
  const families = new Map<string, { type: string; lines: string[] }>();
  const family = (name: string, type: string) => {
    let f = families.get(name);
    if (!f) {
      f = { type, lines: [] };
      families.set(name, f);
    }
    return f;
  };
  const steps = Math.floor(o.durationSec / o.stepSec);
  const times = Array.from({ length: steps + 1 }, (_, k) => o.endSec - (steps - k) * o.stepSec);
  const seen = new Set<string>();
  for (const rm of payload.resourceMetrics ?? []) {
    const resource = decodeKeyValues(rm.resource?.attributes as OtlpKeyValue[]);
    const service = String(resource['service.name'] ?? '');
    const job = resource['service.namespace'] ? `${resource['service.namespace']}/${service}` : service;
    const base: Labels = { job };
    if (resource['service.instance.id'] !== undefined) {
      base.instance = String(resource['service.instance.id']);
    }
    const promoted: Labels = {};
    for (const key of o.promote ?? []) {
      if (resource[key] !== undefined) {
        promoted[labelName(key)] = String(resource[key]);
      }
    }
    const info: Labels = { ...base };
    for (const [k, v] of Object.entries(stringLabels(resource))) {
      info[k] ??= v;
    }
    const infoKey = labelText(info);
    if (!seen.has(infoKey)) {
      seen.add(infoKey);
      times.forEach((t) => family('target_info', 'gauge').lines.push(`target_info{${infoKey}} 1 ${t}`));
    }
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const counter = Boolean(m.sum?.isMonotonic);
        const data = m.sum ?? m.histogram;
        if (!data || (m.sum && !counter)) {
          throw new Error(`${m.name}: only monotonic sums and explicit histograms are converted`);
        }
        const name = prometheusName(m.name, m.unit, counter);
        const fam = counter ? name.replace(/_total$/, '') : name;
        const f = family(fam, counter ? 'counter' : 'histogram');
        for (const dp of latestByAttributes(data.dataPoints ?? [])) {
          const labels: Labels = {
            ...stringLabels(decodeKeyValues(dp.attributes as OtlpKeyValue[])),
            ...base,
            ...promoted,
          };
          times.forEach((t, k) => {
            const n = k + 1;
            if (counter) {
              f.lines.push(`${name}{${labelText(labels)}} ${n * Number(dp.asInt ?? dp.asDouble ?? 0)} ${t}`);
              return;
            }
            const bounds: number[] = (dp.explicitBounds ?? []).map(Number);
            const counts: number[] = (dp.bucketCounts ?? []).map(Number);
            let cumulative = 0;
            bounds.forEach((le, i) => {
              cumulative += counts[i] ?? 0;
              f.lines.push(`${name}_bucket{${labelText({ ...labels, le: String(le) })}} ${n * cumulative} ${t}`);
            });
            f.lines.push(`${name}_bucket{${labelText({ ...labels, le: '+Inf' })}} ${n * Number(dp.count)} ${t}`);
            f.lines.push(`${name}_sum{${labelText(labels)}} ${n * Number(dp.sum ?? 0)} ${t}`);
            f.lines.push(`${name}_count{${labelText(labels)}} ${n * Number(dp.count)} ${t}`);
          });
        }
      }
    }
  }
  return [...families].map(([name, f]) => `# TYPE ${name} ${f.type}\n${f.lines.join('\n')}\n`).join('') + '# EOF\n';
}

function latestByAttributes(points: any[]): any[] {
  const latest = new Map<string, any>();
  for (const dp of points) {
    const key = JSON.stringify((dp.attributes ?? []).map((a: OtlpKeyValue) => [a.key, a.value]).sort());
    const prev = latest.get(key);
    if (!prev || BigInt(prev.timeUnixNano) < BigInt(dp.timeUnixNano)) {
      latest.set(key, dp);
    }
  }
  return [...latest.values()];
}
