import { FieldType, type DataFrame } from '@grafana/data';
import type { VersionAggregate } from '../trace/versionAggregates';
import { FrameBuilder, MS, TOKENS, USD, warningNotices } from './fieldBuilder';

export function versionAggregatesFrame(
  aggs: VersionAggregate[],
  opts: { refId?: string; warnings?: string[] } = {}
): DataFrame {
  const names = [...new Set(aggs.flatMap((a) => Object.keys(a.scores)))].sort();
  const b = new FrameBuilder<VersionAggregate>()
    .add('version', FieldType.string, (a) => a.version)
    .add('traces', FieldType.number, (a) => a.traces)
    .add('costPerRequestUsd', FieldType.number, (a) => a.costPerRequestUsd, USD)
    .add('totalCostUsd', FieldType.number, (a) => a.totalCostUsd, USD)
    .add('tracesWithUnknownCost', FieldType.number, (a) => a.tracesWithUnknownCost)
    .add('avgInputTokens', FieldType.number, (a) => a.avgInputTokens, TOKENS)
    .add('avgOutputTokens', FieldType.number, (a) => a.avgOutputTokens, TOKENS)
    .add('latencyP50Ms', FieldType.number, (a) => a.latencyP50Ms, MS)
    .add('latencyP90Ms', FieldType.number, (a) => a.latencyP90Ms, MS)
    .add('latencyP99Ms', FieldType.number, (a) => a.latencyP99Ms, MS)
    .add('errorRate', FieldType.number, (a) => a.errorRate, { unit: 'percentunit' });
  for (const name of names) {
    b.add(`score:${name}:mean`, FieldType.number, (a) => a.scores[name]?.mean, { decimals: 3 });
    b.add(`score:${name}:stddev`, FieldType.number, (a) => a.scores[name]?.stddev, { decimals: 3 });
    b.add(`score:${name}:n`, FieldType.number, (a) => a.scores[name]?.count);
  }
  return b.build(aggs, { name: 'GenAI versions', refId: opts.refId, notices: warningNotices(opts.warnings ?? []) });
}
