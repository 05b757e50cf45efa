// Grafana node-graph frames ("nodes" and "edges", the field names the Node Graph panel reads) of an
// agent graph. Cost is a number only where every call's cost is known; otherwise the field is
// empty and the detail says how many calls are unpriced (a lower bound is never shown as the cost).
import { FieldType, type DataFrame } from '@grafana/data';
import { quantile, type AgentGraph, type CallStats, type GraphNodeKind } from '../graph/agentGraph';
import { FrameBuilder, MS, USD, warningNotices } from './fieldBuilder';

const KIND_LABEL: Record<GraphNodeKind, string> = {
  entry: 'application',
  agent: 'agent',
  tool: 'tool',
  model: 'model',
};

// Grafana's classic palette names, resolved by the Node Graph panel like any field colour.
const KIND_COLOR: Record<GraphNodeKind, string> = {
  entry: 'text',
  agent: 'purple',
  tool: 'orange',
  model: 'blue',
};

const errorRate = (s: CallStats) => (s.calls ? s.errors / s.calls : null);
const knownCost = (s: CallStats) => (s.unknownCostCalls ? null : s.costUsd);
const costNote = (s: CallStats) =>
  s.unknownCostCalls
    ? `unknown: ${s.unknownCostCalls} of ${s.calls} calls unpriced (known part $${s.costUsd.toPrecision(4)})`
    : 'complete';

export function agentGraphFrames(g: AgentGraph, refId: string, opts: { sample?: string; warnings?: string[] } = {}) {
  const custom = { traces: g.traces, sample: opts.sample };
  const notices = warningNotices([...(opts.sample ? [opts.sample] : []), ...(opts.warnings ?? [])]);
  const nodes: DataFrame = new FrameBuilder<AgentGraph['nodes'][number]>()
    .add('id', FieldType.string, (n) => n.id)
    .add('title', FieldType.string, (n) => n.name)
    .add('subtitle', FieldType.string, (n) => KIND_LABEL[n.kind])
    .add('mainstat', FieldType.number, (n) => n.calls, { displayName: 'Calls' })
    .add('secondarystat', FieldType.number, (n) => errorRate(n), { displayName: 'Error rate', unit: 'percentunit' })
    // Arcs: the share of failed and successful calls (they sum to 1, as the panel expects).
    .add('arc__errors', FieldType.number, (n) => (n.calls ? n.errors / n.calls : 0), {
      color: { mode: 'fixed', fixedColor: 'red' },
      displayName: 'Errors',
    })
    .add('arc__ok', FieldType.number, (n) => (n.calls ? 1 - n.errors / n.calls : 1), {
      color: { mode: 'fixed', fixedColor: 'green' },
      displayName: 'OK',
    })
    .add('detail__kind', FieldType.string, (n) => KIND_LABEL[n.kind], { displayName: 'Kind' })
    .add('detail__p90', FieldType.number, (n) => finite(quantile(n.durationsMs, 0.9)), { ...MS, displayName: 'p90' })
    .add('detail__cost', FieldType.number, (n) => knownCost(n), { ...USD, displayName: 'Cost' })
    .add('detail__costStatus', FieldType.string, (n) => costNote(n), { displayName: 'Cost status' })
    .add('color', FieldType.string, (n) => KIND_COLOR[n.kind])
    .build(g.nodes, { name: 'nodes', refId, preferredVisualisationType: 'nodeGraph', custom, notices });
  const edges: DataFrame = new FrameBuilder<AgentGraph['edges'][number]>()
    .add('id', FieldType.string, (e) => e.id)
    .add('source', FieldType.string, (e) => e.source)
    .add('target', FieldType.string, (e) => e.target)
    .add('mainstat', FieldType.number, (e) => e.calls, { displayName: 'Calls' })
    .add('secondarystat', FieldType.number, (e) => finite(quantile(e.durationsMs, 0.9)), { ...MS, displayName: 'p90' })
    .add('detail__errorRate', FieldType.number, (e) => errorRate(e), { unit: 'percentunit', displayName: 'Error rate' })
    .add('detail__cost', FieldType.number, (e) => knownCost(e), { ...USD, displayName: 'Cost' })
    .add('detail__costStatus', FieldType.string, (e) => costNote(e), { displayName: 'Cost status' })
    .build(g.edges, { name: 'edges', refId, preferredVisualisationType: 'nodeGraph', custom });
  return [nodes, edges];
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);
