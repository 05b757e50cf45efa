import { PanelPlugin, type SelectableValue } from '@grafana/data';
import { SpanTreePanel } from './SpanTreePanel';
import { ALL_COLUMNS, DEFAULT_OPTIONS, type SpanColumn, type SpanTreeOptions } from './types';

export const plugin = new PanelPlugin<SpanTreeOptions>(SpanTreePanel).setPanelOptions((builder) =>
  builder
    .addRadio({
      path: 'colorMode',
      name: 'Colour by',
      description: 'Waterfall bar colour: the span kind, or a heat scale of its own cost or self time',
      defaultValue: DEFAULT_OPTIONS.colorMode,
      settings: {
        options: [
          { value: 'kind', label: 'Kind' },
          { value: 'cost', label: 'Cost' },
          { value: 'duration', label: 'Duration' },
        ],
      },
    })
    .addMultiSelect({
      path: 'columns',
      name: 'Columns',
      defaultValue: DEFAULT_OPTIONS.columns,
      // The builder types a multi-select's options by the whole value (an array), its items are single columns.
      settings: { options: ALL_COLUMNS as unknown as Array<SelectableValue<SpanColumn[]>> },
    })
    .addBooleanSwitch({
      path: 'expandAll',
      name: 'Expand all',
      description: 'Open every span when the trace loads; off shows the first level only',
      defaultValue: DEFAULT_OPTIONS.expandAll,
    })
    .addRadio({
      path: 'timeUnit',
      name: 'Time unit',
      defaultValue: DEFAULT_OPTIONS.timeUnit,
      settings: {
        options: [
          { value: 'auto', label: 'Auto' },
          { value: 'us', label: 'µs' },
          { value: 'ms', label: 'ms' },
          { value: 's', label: 's' },
        ],
      },
    })
    .addTextInput({
      path: 'tempoDatasourceUid',
      name: 'Tempo data source uid',
      description: 'For the “raw trace in Tempo” link (Explore)',
      defaultValue: DEFAULT_OPTIONS.tempoDatasourceUid,
    })
);
