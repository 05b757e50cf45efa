import { locationUtil, urlUtil } from '@grafana/data';
import { exploreTraceUrl } from '../span-tree/links';
import type { QualityCostOptions } from './types';

const PAD_MS = 5 * 60_000;

/** Where a click on a point goes: the span tree of that trace. */
export function traceUrl(
  o: Pick<QualityCostOptions, 'linkTarget' | 'tracesDashboardUid' | 'tempoDatasourceUid'>,
  t: { traceId: string; startMs: number; durationMs: number }
): string {
  const start = Number.isFinite(t.startMs) ? t.startMs : Date.now() - 3600_000;
  const end = start + (Number.isFinite(t.durationMs) ? t.durationMs : 0);
  if (o.linkTarget === 'explore') {
    return exploreTraceUrl({
      traceId: t.traceId,
      startMs: start,
      endMs: end,
      tempoDatasourceUid: o.tempoDatasourceUid,
    });
  }
  return locationUtil.assureBaseUrl(
    urlUtil.renderUrl(`/d/${encodeURIComponent(o.tracesDashboardUid)}`, {
      'var-traceId': t.traceId,
      from: String(Math.floor(start - PAD_MS)),
      to: String(Math.ceil(end + PAD_MS)),
    })
  );
}
