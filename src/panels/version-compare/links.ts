import { locationUtil, urlUtil } from '@grafana/data';

/** Explore on our data source: trace search filtered by one version, over the panel's range. */
export function versionTracesUrl(datasourceUid: string, version: string, range: { from: number; to: number }): string {
  const pane = {
    datasource: datasourceUid,
    queries: [
      {
        refId: 'A',
        datasource: { type: 'genaiobs-genai-datasource', uid: datasourceUid },
        queryType: 'traceSearch',
        filters: { versions: [version] },
      },
    ],
    range: { from: String(range.from), to: String(range.to) },
  };
  return locationUtil.assureBaseUrl(
    urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify({ traces: pane }) })
  );
}
