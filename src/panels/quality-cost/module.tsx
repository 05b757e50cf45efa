import { PanelPlugin } from '@grafana/data';
import { QualityCostPanel } from './QualityCostPanel';
import { DEFAULT_OPTIONS, type QualityCostOptions } from './types';

export const plugin = new PanelPlugin<QualityCostOptions>(QualityCostPanel).setPanelOptions((builder) =>
  builder
    .addRadio({
      path: 'yMetric',
      name: 'Y axis',
      defaultValue: DEFAULT_OPTIONS.yMetric,
      settings: {
        options: [
          { value: 'score', label: 'Score' },
          { value: 'passRate', label: 'Pass rate' },
          { value: 'latency', label: 'Latency' },
          { value: 'tokens', label: 'Tokens' },
        ],
      },
    })
    .addTextInput({
      path: 'scoreName',
      name: 'Evaluation',
      description: 'Evaluation name for the score (empty: the first in the data)',
      defaultValue: DEFAULT_OPTIONS.scoreName,
      showIf: (o) => o.yMetric === 'score',
    })
    .addNumberInput({
      path: 'passThreshold',
      name: 'Pass threshold',
      description: 'A trace’s pass rate is the share of its evaluation scores at or above this',
      defaultValue: DEFAULT_OPTIONS.passThreshold,
      showIf: (o) => o.yMetric === 'passRate',
    })
    .addRadio({
      path: 'colorBy',
      name: 'Colour by',
      defaultValue: DEFAULT_OPTIONS.colorBy,
      settings: {
        options: [
          { value: 'version', label: 'Version' },
          { value: 'model', label: 'Model' },
          { value: 'agent', label: 'Agent' },
        ],
      },
    })
    .addBooleanSwitch({ path: 'logX', name: 'Log cost axis', defaultValue: DEFAULT_OPTIONS.logX })
    .addBooleanSwitch({
      path: 'showSeriesFrontiers',
      name: 'Frontier per series',
      defaultValue: DEFAULT_OPTIONS.showSeriesFrontiers,
    })
    .addBooleanSwitch({
      path: 'showCentroids',
      name: 'Centroids with 95 % interval',
      defaultValue: DEFAULT_OPTIONS.showCentroids,
    })
    .addRadio({
      path: 'sizeBy',
      name: 'Size by',
      description: 'Point area proportional to the trace’s tokens or duration (unknown values: the smallest size)',
      defaultValue: DEFAULT_OPTIONS.sizeBy,
      settings: {
        options: [
          { value: 'none', label: 'None' },
          { value: 'tokens', label: 'Tokens' },
          { value: 'duration', label: 'Duration' },
        ],
      },
    })
    .addBooleanSwitch({
      path: 'showMargins',
      name: 'Margin strips',
      description:
        'Traces with a cost but no score as ticks along the bottom, with a score but no known cost along the left',
      defaultValue: DEFAULT_OPTIONS.showMargins,
    })
    .addTextInput({
      path: 'selectionVariable',
      name: 'Selection variable',
      description: 'Dashboard variable a region selection sets to the selected trace ids (empty: none)',
      defaultValue: DEFAULT_OPTIONS.selectionVariable,
    })
    .addRadio({
      path: 'linkTarget',
      name: 'Click opens',
      defaultValue: DEFAULT_OPTIONS.linkTarget,
      settings: {
        options: [
          { value: 'dashboard', label: 'Span tree dashboard' },
          { value: 'explore', label: 'Explore (Tempo)' },
        ],
      },
    })
    .addTextInput({
      path: 'tracesDashboardUid',
      name: 'Traces dashboard uid',
      defaultValue: DEFAULT_OPTIONS.tracesDashboardUid,
      showIf: (o) => o.linkTarget === 'dashboard',
    })
    .addTextInput({
      path: 'tempoDatasourceUid',
      name: 'Tempo data source uid',
      defaultValue: DEFAULT_OPTIONS.tempoDatasourceUid,
      showIf: (o) => o.linkTarget === 'explore',
    })
);
