import { FieldConfigProperty, PanelPlugin, type SelectableValue } from '@grafana/data';
import { VersionComparePanel } from './VersionComparePanel';
import { DEFAULT_OPTIONS, METRIC_CHOICES, type VersionCompareOptions } from './types';

// Standard options: unit and decimals only (per metric through overrides "Fields with name" =
// metric id or label; see format.ts metricDisplay).
export const plugin = new PanelPlugin<VersionCompareOptions>(VersionComparePanel)
  .useFieldConfig({
    disableStandardOptions: [
      FieldConfigProperty.Min,
      FieldConfigProperty.Max,
      FieldConfigProperty.FieldMinMax,
      FieldConfigProperty.DisplayName,
      FieldConfigProperty.NoValue,
      FieldConfigProperty.Thresholds,
      FieldConfigProperty.Mappings,
      FieldConfigProperty.Links,
      FieldConfigProperty.Color,
      FieldConfigProperty.Filterable,
    ],
  })
  .setPanelOptions((builder) =>
    builder
      .addMultiSelect({
        path: 'metrics',
        name: 'Metrics',
        description: 'Rows to show; empty: every metric the query returns. The baseline is chosen in the query.',
        defaultValue: DEFAULT_OPTIONS.metrics,
        settings: { options: METRIC_CHOICES as unknown as Array<SelectableValue<string[]>> },
      })
      .addTextInput({
        path: 'thresholds',
        name: 'Practical-significance thresholds',
        description: 'metric=relative change, comma separated, e.g. costPerRequest=20%, latencyP90=0.1',
        defaultValue: DEFAULT_OPTIONS.thresholds,
      })
      .addBooleanSwitch({
        path: 'compact',
        name: 'Compact',
        description: 'One line per cell: relative change and verdict icon, for a dashboard row',
        defaultValue: DEFAULT_OPTIONS.compact,
      })
      .addBooleanSwitch({
        path: 'showDetails',
        name: 'Show test details',
        description: 'Test, corrected p-value and sample size under each cell',
        defaultValue: DEFAULT_OPTIONS.showDetails,
      })
  );
