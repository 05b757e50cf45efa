// The instant PromQL of one version comparison: every query grouped `by (version)`, over the whole
// range `[R]` at its end, so one batch answers for all versions. Names and labels follow what the
// inventory found (classic histograms only: bucket tests need `le` buckets).
import type { HistogramRef, MetricInventory } from '../metrics/metricInventory';
import { vectorSelector } from '../metrics/metricQueryBuilder';
import { labelMatcher, labelName, promqlString } from '../metrics/promqlEscape';

export interface VersionFilters {
  service?: string[];
  model?: string[];
  agent?: string[];
}

/** Prometheus cannot answer the comparison at all (no version label, no usable call metric). */
export class NoPrometheusData extends Error {}

export const SCORE_LABEL = { underscore: 'gen_ai_evaluation_score_label', utf8: 'gen_ai.evaluation.score.label' };
export const RESPONSE_MODEL = { underscore: 'gen_ai_response_model', utf8: 'gen_ai.response.model' };

/** Builds the expressions; `range` and `window` are PromQL durations such as `3600s`. */
export class VersionPromQL {
  readonly version: string;
  constructor(
    readonly inv: MetricInventory,
    readonly filters: VersionFilters,
    readonly range: string
  ) {
    if (inv.version === 'none') {
      throw new NoPrometheusData(
        'No version label in Prometheus: promote service.version (Prometheus otlp.promote_resource_attributes) or keep target_info with service_version.'
      );
    }
    this.version = labelName(inv.labels.version);
  }

  private matchers(extra: string[] = []): string[] {
    const L = this.inv.labels;
    const m = [
      labelMatcher(L.service, this.filters.service),
      labelMatcher(L.model, this.filters.model),
      labelMatcher(L.agent, this.filters.agent),
    ].filter((x): x is string => Boolean(x));
    return [...m, ...extra];
  }

  /**
   * `sum by (version, …) (increase(series[window]))`, the version joined from target_info if needed.
   * Several series (one signal in both semconv generations) are combined by `preferFirst`.
   */
  sumIncrease(series: string | string[], by: string[] = [], extra: string[] = [], window = this.range): string {
    const list = Array.isArray(series) ? series : [series];
    const parts = list.map((name, i) => {
      const sel = vectorSelector(name, this.matchers(extra));
      let inner = window === this.range ? exactIncrease(sel, window) : `increase(${sel}[${window}])`;
      if (this.inv.version === 'target_info') {
        // last_over_time: a version whose instances stopped before the range end still joins.
        // An instance that changed version (or another resource attribute) within the range has
        // several target_info series; the join takes the newest (topk on its timestamp, as 1) so
        // group_left stays one-to-one instead of failing with "duplicate series".
        const info = `(0 * topk by (job, instance) (1, last_over_time(timestamp(target_info)[${window}:1m])) + 1)`;
        inner = `(${inner} * on (job, instance) group_left (${this.version}) ${info})`;
      }
      return inner;
    });
    const labels = [this.version, ...by.map(labelName)].join(', ');
    return `sum by (${labels}) (${this.preferFirst(parts)})`;
  }

  /**
   * One signal from several families without double counting a process that sends both
   * generations: per (job, instance, operation, model) the first family that has series wins.
   */
  preferFirst(parts: string[]): string {
    const L = this.inv.labels;
    const key = ['job', 'instance', L.operation, L.model].map(labelName).join(', ');
    return parts.reduce((acc, p) => `${acc} or (${p} unless on (${key}) ${acc})`);
  }

  /** Calls: the duration histogram's `_count`, else Tempo span-metrics calls of GenAI spans. */
  callsSeries(): { series: string[]; errorMatch: string[]; genAiOnly: string[] } {
    const classic = this.latencyFamilies();
    const d = this.inv.inferenceDuration ?? this.inv.duration;
    if (classic.length) {
      return {
        series: classic.map((h) => `${h.base}_count`),
        errorMatch: [`${labelName(this.inv.labels.errorType)}!=""`],
        genAiOnly: [],
      };
    }
    if (this.inv.spanMetrics) {
      return {
        series: [this.inv.spanMetrics.calls],
        errorMatch: ['status_code="STATUS_CODE_ERROR"'],
        genAiOnly: ['gen_ai_operation_name!=""'],
      };
    }
    throw new NoPrometheusData(
      d
        ? 'The request-duration histogram is a native histogram; the version comparison needs classic buckets (le).'
        : 'No request metric found in Prometheus (gen_ai.client.operation.duration or Tempo span-metrics).'
    );
  }

  /** Duration histograms of GenAI calls with classic buckets: 2026 inference and operation duration. */
  latencyFamilies(): HistogramRef[] {
    return [this.inv.inferenceDuration, this.inv.duration].filter((h): h is HistogramRef => h?.kind === 'classic');
  }

  /** Client time to first token (both generations), else the SDK's, else the server's. */
  ttftFamilies(): HistogramRef[] {
    const t = this.inv.ttft ?? {};
    const classic = (hs: Array<HistogramRef | undefined>) => hs.filter((h): h is HistogramRef => h?.kind === 'classic');
    for (const group of [classic([t.inference, t.operation]), classic([t.sdk]), classic([t.server])]) {
      if (group.length) {
        return group;
      }
    }
    return [];
  }

  requests(extra: string[] = [], window = this.range): string {
    const c = this.callsSeries();
    return this.sumIncrease(c.series, [], [...c.genAiOnly, ...extra], window);
  }

  errors(window = this.range): string {
    const c = this.callsSeries();
    return this.sumIncrease(c.series, [], [...c.genAiOnly, ...c.errorMatch], window);
  }

  /**
   * Bucket, sum and count queries of classic histograms summed together; `le` restricted to
   * `commonLe` (bounds all families share) when their bounds differ.
   */
  histogram(
    hs: HistogramRef | HistogramRef[],
    by: string[] = [],
    extra: string[] = [],
    commonLe?: string,
    window = this.range
  ): { buckets: string; sum: string; count: string } {
    const list = Array.isArray(hs) ? hs : [hs];
    const le = commonLe ? [`le=~${promqlString(commonLe)}`] : [];
    return {
      buckets: this.sumIncrease(
        list.map((h) => `${h.base}_bucket`),
        [...by, 'le'],
        [...extra, ...le],
        window
      ),
      sum: this.sumIncrease(
        list.map((h) => `${h.base}_sum`),
        by,
        extra,
        window
      ),
      count: this.sumIncrease(
        list.map((h) => `${h.base}_count`),
        by,
        extra,
        window
      ),
    };
  }

  /** Calls grouped by request and response model, for the fallback rate. */
  modelPairs(): string {
    const c = this.callsSeries();
    const response = this.inv.naming === 'utf8' ? RESPONSE_MODEL.utf8 : RESPONSE_MODEL.underscore;
    return this.sumIncrease(c.series, [this.inv.labels.model, response], c.genAiOnly);
  }

  /**
   * First time each version was seen, looking back `lookback` (beyond the range: a version deployed
   * before the range started is older than one deployed inside it) at `resolution`.
   */
  firstSeen(lookback: string, resolution: string): string {
    const w = `[${lookback}:${resolution}]`;
    if (this.inv.version === 'target_info') {
      return `min by (${this.version}) (min_over_time(timestamp(target_info)${w}))`;
    }
    const c = this.callsSeries();
    const ts = c.series.map((s) => `timestamp(${vectorSelector(s, this.matchers(c.genAiOnly))})`);
    const inner = this.preferFirst(ts);
    return `min by (${this.version}) (min_over_time((${inner})${w}))`;
  }
}

/**
 * The counter's exact growth over the range: value at the end minus value at the start, where
 * increase() would extrapolate to the window edges. A series born inside the range counts from 0:
 * an OTel SDK exports a series once its first measurement exists, so its first value is growth in
 * the range (increase() would drop it). A series that reset (restart) inside the range falls back
 * to increase(), which adds the value before each reset: end − start would lose it, even when the
 * counter has climbed back above its start value.
 */
export function exactIncrease(sel: string, range: string): string {
  const last = `last_over_time(${sel}[${range}])`;
  const start = `${sel} offset ${range}`;
  const reset = `resets(${sel}[${range}]) > 0`;
  return `(((${last} - ${start}) >= 0 or (${last} unless ${start})) unless ${reset} or increase(${sel}[${range}]))`;
}
