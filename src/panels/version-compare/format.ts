// Text for the cells of the version-comparison panel. Plain functions: tested without React.
import { formattedValueToString, getValueFormat } from '@grafana/data';
import type { ComparisonCellView, ComparisonRowView } from '../../data/frames/readVersionComparisonFrame';
import { verdictFor, type Verdict } from '../../data/stats/verdict';

export function formatValue(v: number | null, unit: string, decimals?: number): string {
  if (v === null) {
    return '—';
  }
  return formattedValueToString(getValueFormat(unit)(v, decimals));
}

export function formatSigned(v: number | null, unit: string, decimals?: number): string {
  if (v === null) {
    return '—';
  }
  const s = formatValue(Math.abs(v), unit, decimals);
  return v > 0 ? `+${s}` : v < 0 ? `−${s}` : s;
}

export function formatPercent(v: number | null, decimals = 1): string {
  if (v === null) {
    return '—';
  }
  const s = `${Math.abs(v * 100).toFixed(decimals)} %`;
  return v > 0 ? `+${s}` : v < 0 ? `−${s}` : s;
}

/** "+25.1 % [+22.0 %, +28.3 %]", or the absolute delta when there is no relative one. */
export function formatDelta(c: ComparisonCellView, unit: string, decimals?: number): string {
  if (c.relative !== null) {
    const ci =
      c.relativeCi[0] !== null && c.relativeCi[1] !== null
        ? ` [${formatPercent(c.relativeCi[0])}, ${formatPercent(c.relativeCi[1])}]`
        : '';
    return `${formatPercent(c.relative)}${ci}`;
  }
  if (c.delta !== null) {
    const ci =
      c.deltaCi[0] !== null && c.deltaCi[1] !== null
        ? ` [${formatSigned(c.deltaCi[0], unit, decimals)}, ${formatSigned(c.deltaCi[1], unit, decimals)}]`
        : '';
    return `${formatSigned(c.delta, unit, decimals)}${ci}`;
  }
  return '';
}

export function formatP(p: number | null): string {
  if (p === null) {
    return '—';
  }
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}

/** `metric=0.2, other=0.1` → { metric: 0.2, other: 0.1 }; bad entries are reported, not guessed. */
export function parseThresholds(text: string): { thresholds: Record<string, number>; errors: string[] } {
  const thresholds: Record<string, number> = {};
  const errors: string[] = [];
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([^=\s]+)\s*=\s*([0-9.]+)\s*(%?)$/.exec(part);
    const value = m ? Number(m[2]) / (m[3] ? 100 : 1) : NaN;
    if (!m || !Number.isFinite(value)) {
      errors.push(`“${part}” is not metric=relative change (e.g. costPerRequest=0.2 or costPerRequest=20%)`);
      continue;
    }
    thresholds[m[1]] = value;
  }
  return { thresholds, errors };
}

/** The verdict with the panel's practical-significance threshold applied on top of the query's. */
export function panelVerdict(
  row: ComparisonRowView,
  cell: ComparisonCellView,
  thresholds: Record<string, number>
): { verdict: Verdict; belowThreshold: boolean } {
  const t = thresholds[row.metric] ?? thresholds[row.metric.split(':')[0]];
  if (cell.isBaseline || t === undefined || cell.pAdjusted === null || cell.delta === null) {
    return { verdict: cell.verdict, belowThreshold: cell.belowThreshold };
  }
  return verdictFor({
    enough: cell.verdict !== 'not enough data',
    pAdjusted: cell.pAdjusted,
    diff: cell.delta,
    relative: cell.relative ?? NaN,
    better: row.better,
    alpha: 0.05,
    minRelativeChange: t,
  });
}

export const VERDICT_ICON: Record<Verdict, 'arrow-up' | 'arrow-down' | 'minus' | 'question-circle'> = {
  better: 'arrow-up',
  worse: 'arrow-down',
  'no significant difference': 'minus',
  'not enough data': 'question-circle',
};

/** The parts of Grafana's field config the panel reads (rows are metrics, not fields). */
export interface MetricFieldConfig {
  defaults: { unit?: string; decimals?: number | null };
  overrides: Array<{ matcher: { id: string; options?: unknown }; properties: Array<{ id: string; value?: unknown }> }>;
}

/**
 * Unit and decimals of one metric row from the panel's standard options: an override "Fields with
 * name" (or a name regex) matching the metric id (`costPerRequest`) or its label wins; the default
 * decimals apply to every row, the default unit only to plain counts (`short`: requests, tokens),
 * since one unit cannot fit dollars, seconds and rates at once.
 */
export function metricDisplay(
  fc: MetricFieldConfig | undefined,
  metric: string,
  label: string,
  frameUnit: string,
  legacyDecimals?: number
): { unit: string; decimals?: number } {
  let unit = frameUnit === 'short' && fc?.defaults.unit ? fc.defaults.unit : frameUnit;
  let decimals = typeof fc?.defaults.decimals === 'number' ? fc.defaults.decimals : legacyDecimals;
  for (const o of fc?.overrides ?? []) {
    const name = typeof o.matcher.options === 'string' ? o.matcher.options : undefined;
    if (name === undefined) {
      continue;
    }
    let hit = false;
    if (o.matcher.id === 'byName') {
      hit = name === metric || name === label;
    } else if (o.matcher.id === 'byRegexp') {
      try {
        const re = new RegExp(name);
        hit = re.test(metric) || re.test(label);
      } catch {
        hit = false;
      }
    }
    if (!hit) {
      continue;
    }
    for (const p of o.properties) {
      if (p.id === 'unit' && typeof p.value === 'string' && p.value) {
        unit = p.value;
      } else if (p.id === 'decimals' && typeof p.value === 'number') {
        decimals = p.value;
      }
    }
  }
  return { unit, decimals };
}
