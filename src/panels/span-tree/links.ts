import { locationUtil, urlUtil } from '@grafana/data';

/** Dashboards shipped with the app (uids agreed with the dashboards). */
export const VERSIONS_DASHBOARD_UID = 'genai-versions';
export const OVERVIEW_DASHBOARD_UID = 'genai-overview';

export interface SpanLinkInput {
  traceId: string;
  spanId?: string;
  startMs: number;
  endMs: number;
  model?: string | null;
  version?: string | null;
  tempoDatasourceUid: string;
}

// A trace's time range padded so that Tempo's search window and dashboards include it.
const PAD_MS = 5 * 60_000;

/** Explore on the Tempo data source with the raw trace, the span focused in the trace view. */
export function exploreTraceUrl(l: SpanLinkInput): string {
  const pane = {
    datasource: l.tempoDatasourceUid,
    queries: [
      {
        refId: 'A',
        datasource: { type: 'tempo', uid: l.tempoDatasourceUid },
        queryType: 'traceql',
        query: l.traceId,
      },
    ],
    range: { from: String(Math.floor(l.startMs - PAD_MS)), to: String(Math.ceil(l.endMs + PAD_MS)) },
    ...(l.spanId ? { panelsState: { trace: { spanId: l.spanId } } } : {}),
  };
  return locationUtil.assureBaseUrl(
    urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify({ trace: pane }) })
  );
}

/** A dashboard of the app with the span's model/version selected, over the trace's time. */
export function dashboardUrl(uid: string, l: SpanLinkInput): string {
  const params: Record<string, string> = {
    from: String(Math.floor(l.startMs - PAD_MS)),
    to: String(Math.ceil(l.endMs + PAD_MS)),
  };
  if (l.model) {
    params['var-model'] = l.model;
  }
  if (l.version) {
    params['var-version'] = l.version;
  }
  return locationUtil.assureBaseUrl(urlUtil.renderUrl(`/d/${encodeURIComponent(uid)}`, params));
}
