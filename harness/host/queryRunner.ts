// Runs data source queries the way Grafana's PanelQueryRunner does for one refresh: one
// DataQueryRequest (range, interval, scoped vars), responses merged by key into PanelData.
import {
  LoadingState,
  dateTime,
  rangeUtil,
  type DataFrame,
  type DataQuery,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type PanelData,
  type TimeRange,
} from '@grafana/data';
import type { Observable } from 'rxjs';
import { getServices } from './hostState';

export interface HarnessTimeRange {
  /** Relative, e.g. `now-1h`, or epoch ms. */
  from: string | number;
  to: string | number;
}

export function toTimeRange(r: HarnessTimeRange = { from: 'now-1h', to: 'now' }): TimeRange {
  const raw = {
    from: typeof r.from === 'number' ? dateTime(r.from) : r.from,
    to: typeof r.to === 'number' ? dateTime(r.to) : r.to,
  };
  const { from, to } = rangeUtil.convertRawToRange(raw);
  return { from, to, raw };
}

let requestCounter = 0;

export interface RunOptions {
  range?: TimeRange;
  maxDataPoints?: number;
  /** Overrides the interval computed from range / maxDataPoints. */
  intervalMs?: number;
}

export function buildRequest<Q extends DataQuery>(targets: Q[], o: RunOptions = {}): DataQueryRequest<Q> {
  const range = o.range ?? toTimeRange();
  const maxDataPoints = o.maxDataPoints ?? 500;
  const computed = rangeUtil.calculateInterval(range, maxDataPoints, '15s');
  const intervalMs = o.intervalMs ?? computed.intervalMs;
  const interval = o.intervalMs ? rangeUtil.secondsToHms(o.intervalMs / 1000) : computed.interval;
  getServices().templateSrv.updateTimeRange(range);
  return {
    app: 'panel-editor',
    requestId: `Q${++requestCounter}`,
    interval,
    intervalMs,
    maxDataPoints,
    range,
    scopedVars: {
      __interval: { text: interval, value: interval },
      __interval_ms: { text: String(intervalMs), value: intervalMs },
    },
    targets,
    timezone: 'utc',
    startTime: Date.now(),
  };
}

/** Subscribes to ds.query and resolves when every response is done: PanelData as a panel gets it. */
export function runQueries<Q extends DataQuery>(
  ds: DataSourceApi<Q>,
  request: DataQueryRequest<Q>
): Promise<PanelData> {
  return new Promise((resolve) => {
    const byKey = new Map<string, DataFrame[]>();
    const errors: DataQueryError[] = [];
    const finish = (state: LoadingState) =>
      resolve({
        state: errors.length ? LoadingState.Error : state,
        series: [...byKey.values()].flat(),
        errors: errors.length ? errors : undefined,
        error: errors[0],
        timeRange: request.range,
        request,
      });
    const result = ds.query(request) as Observable<DataQueryResponse> | Promise<DataQueryResponse>;
    const onResponse = (r: DataQueryResponse) => {
      byKey.set(r.key ?? 'A', r.data as DataFrame[]);
      errors.push(...(r.errors ?? (r.error ? [r.error] : [])));
    };
    if ('subscribe' in result) {
      result.subscribe({
        next: onResponse,
        error: (e) => {
          errors.push({ message: e?.message ?? String(e) });
          finish(LoadingState.Error);
        },
        complete: () => finish(LoadingState.Done),
      });
    } else {
      result.then(
        (r) => {
          onResponse(r);
          finish(LoadingState.Done);
        },
        (e) => {
          errors.push({ message: e?.message ?? String(e) });
          finish(LoadingState.Error);
        }
      );
    }
  });
}
