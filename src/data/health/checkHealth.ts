import { BackendError } from '../http/backendError';
import { decodeKeyValues } from '../otlp/anyValue';
import type { Dialect } from '../genai/model';
import { detectDialects, normalizeProvider } from '../genai/dialects';
import type { PrometheusClient } from '../prometheus/prometheusClient';
import type { TempoClient } from '../tempo/tempoClient';
import type { LokiClient } from '../loki/lokiClient';
import { GENAI_SPANSET } from '../traceql/traceSearchQuery';
import { traceqlAttribute } from '../traceql/escape';

export interface BackendHealth {
  ok: boolean;
  message: string;
}

export interface HealthReport {
  status: 'success' | 'warning' | 'error';
  message: string;
  tempo?: BackendHealth;
  prometheus?: BackendHealth;
  loki?: BackendHealth;
}

const HEALTH_WINDOW_SEC = 24 * 3600;
const HEALTH_TRACE_LIMIT = 500;

const PROBE_ATTRS = [
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.request.model',
  'llm.model_name',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'llm.token_count.prompt',
  'openinference.span.kind',
  'traceloop.span.kind',
  'langfuse.observation.type',
  'gen_ai.usage.cost',
  'gen_ai.operation.name',
  'agento11y.sdk.name',
];

/** Checks Tempo and Prometheus and reports what GenAI telemetry each holds. */
export async function checkHealth(
  tempo: TempoClient | undefined,
  prom: PrometheusClient | undefined,
  nowSec = Math.floor(Date.now() / 1000),
  loki?: LokiClient
): Promise<HealthReport> {
  const [t, p, l] = await Promise.all([
    tempo ? checkTempo(tempo, nowSec) : undefined,
    prom ? checkPrometheus(prom, nowSec) : undefined,
    loki ? checkLoki(loki) : undefined,
  ]);
  const parts = [t && `Tempo: ${t.message}`, p && `Prometheus: ${p.message}`, l && `Loki: ${l.message}`].filter(
    Boolean
  ) as string[];
  if (!tempo && !prom) {
    return { status: 'error', message: 'Choose a Tempo and/or a Prometheus data source in the settings.' };
  }
  const failures = [t, p].filter((x) => x && !x.ok).length;
  const missing = [!tempo && 'no Tempo data source selected', !prom && 'no Prometheus data source selected'].filter(
    Boolean
  );
  const status =
    failures === [t, p].filter(Boolean).length
      ? 'error'
      : // Loki is optional: when it fails, traces and metrics still work (a warning, not an error).
        failures > 0 || missing.length || (l && !l.ok)
        ? 'warning'
        : 'success';
  return { status, message: [...parts, ...missing].join(' · '), tempo: t, prometheus: p, loki: l };
}

async function checkTempo(tempo: TempoClient, nowSec: number): Promise<BackendHealth> {
  try {
    const info = await tempo.buildInfo().catch(() => ({ version: undefined }));
    const q = `${GENAI_SPANSET} | select(${PROBE_ATTRS.map((a) => traceqlAttribute('span', a)).join(', ')})`;
    const res = await tempo.search(q, {
      limit: HEALTH_TRACE_LIMIT,
      spss: 20,
      range: { start: nowSec - HEALTH_WINDOW_SEC, end: nowSec },
    });
    const traces = res.traces ?? [];
    const services = new Set<string>();
    const models = new Set<string>();
    const providers = new Set<string>();
    const dialects = new Set<Dialect>();
    let spans = 0;
    for (const t of traces) {
      if (t.rootServiceName) {
        services.add(t.rootServiceName);
      }
      for (const set of t.spanSets ?? (t.spanSet ? [t.spanSet] : [])) {
        for (const s of set.spans ?? []) {
          spans++;
          const attrs = decodeKeyValues(s.attributes);
          const model = attrs['gen_ai.request.model'] ?? attrs['llm.model_name'];
          if (typeof model === 'string') {
            models.add(model);
          }
          const provider = attrs['gen_ai.provider.name'] ?? attrs['gen_ai.system'];
          if (typeof provider === 'string') {
            providers.add(normalizeProvider(provider)!);
          }
          detectDialects(attrs, {}, []).forEach((d) => dialects.add(d));
        }
      }
    }
    const version = info.version ? ` ${info.version}` : '';
    if (!traces.length) {
      return {
        ok: true,
        message: `connected (Tempo${version}), but no GenAI spans in the last 24 h — is your app's OTLP exporter pointed at this Tempo?`,
      };
    }
    const capped = traces.length >= HEALTH_TRACE_LIMIT ? ' (first 500 traces)' : '';
    return {
      ok: true,
      message:
        `connected (Tempo${version}); last 24 h${capped}: ${traces.length} traces with ${spans} GenAI spans, ` +
        `${services.size} service(s), ${models.size} model(s) [${[...models].slice(0, 5).join(', ')}], ` +
        `providers [${[...providers].join(', ')}], dialects [${[...dialects].sort().join(', ')}]`,
    };
  } catch (e) {
    return { ok: false, message: errorMessage(e) };
  }
}

// Families introduced by semantic-conventions-genai in 2026 (underscore and UTF-8 names).
const GENAI_2026 = /^gen_ai[._](client[._]inference[._]|invoke_agent[._]|execute_tool[._]|invoke_workflow[._])/;

async function checkPrometheus(prom: PrometheusClient, nowSec: number): Promise<BackendHealth> {
  try {
    const info = await prom.buildInfo();
    const series = await prom.metricNames('{__name__=~"gen_ai.*|traces_spanmetrics_.*|genai_.*"}', {
      start: nowSec - HEALTH_WINDOW_SEC,
      end: nowSec,
    });
    // Histogram and counter series share a family name: report families.
    const names = [...new Set(series.map((n) => n.replace(/_(bucket|count|sum|total)$/, '')))].sort();
    const version = info?.version ? ` ${info.version}` : '';
    if (!names.length) {
      return {
        ok: true,
        message: `connected (Prometheus${version}), but no gen_ai_* or span-metrics series in the last 24 h`,
      };
    }
    const list = (ns: string[], max: number) => `${ns.slice(0, max).join(', ')}${ns.length > max ? ', …' : ''}`;
    const current = names.filter((n) => GENAI_2026.test(n));
    if (!current.length) {
      return {
        ok: true,
        message: `connected (Prometheus${version}); ${names.length} GenAI metric(s): ${list(names, 6)}`,
      };
    }
    const others = names.filter((n) => !GENAI_2026.test(n));
    return {
      ok: true,
      message:
        `connected (Prometheus${version}); ${names.length} GenAI metric(s), ${current.length} under the 2026 GenAI names: ${list(current, 8)}` +
        (others.length ? `; others: ${list(others, 6)}` : ''),
    };
  } catch (e) {
    return { ok: false, message: errorMessage(e) };
  }
}

async function checkLoki(loki: LokiClient): Promise<BackendHealth> {
  try {
    const info = await loki.buildInfo();
    return {
      ok: true,
      message: `connected (Loki${info.version ? ` ${info.version}` : ''}); spans without content get their chat from its log records`,
    };
  } catch (e) {
    return { ok: false, message: `${errorMessage(e)} — chats written as logs cannot be shown; traces are unaffected` };
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof BackendError) {
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
