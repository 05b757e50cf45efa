// A dashboard panel: PanelProps built as Grafana's PanelStateWrapper does (defaults merged with
// getPanelOptionsWithDefaults, frames through applyFieldOverrides with the plugin's field-config
// registry), inside PanelChrome, next to the plugin's options editor.
import React, { useMemo, useState } from 'react';
import {
  EventBusSrv,
  applyFieldOverrides,
  getPanelOptionsWithDefaults,
  type FieldConfigSource,
  type InterpolateFunction,
  type PanelData,
  type PanelPlugin,
} from '@grafana/data';
import { config } from '@grafana/runtime';
import { ErrorBoundaryAlert, PanelChrome } from '@grafana/ui';
import { getServices } from '../hostState';
import { PanelOptionsEditor } from './PanelOptionsEditor';

interface Props {
  plugin: PanelPlugin;
  data: PanelData;
  title: string;
  width: number;
  height: number;
  options?: Record<string, unknown>;
  fieldConfig?: FieldConfigSource;
  showOptionsEditor: boolean;
  onOptionsChanged?: (options: Record<string, unknown>) => void;
}

export function PanelView(props: Props) {
  const { plugin, data, width, height } = props;
  const initial = useMemo(
    () =>
      getPanelOptionsWithDefaults({
        plugin,
        currentOptions: props.options ?? {},
        currentFieldConfig: props.fieldConfig ?? { defaults: {}, overrides: [] },
        isAfterPluginChange: false,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [plugin]
  );
  const [options, setOptions] = useState(initial.options);
  const [fieldConfig, setFieldConfig] = useState(initial.fieldConfig);
  const [renderCounter, setRenderCounter] = useState(0);
  const eventBus = useMemo(() => new EventBusSrv(), []);
  const replaceVariables: InterpolateFunction = (value, scopedVars, format) =>
    getServices().templateSrv.replace(value, scopedVars, format);

  const processed: PanelData = useMemo(
    () => ({
      ...data,
      series: applyFieldOverrides({
        data: data.series,
        fieldConfig,
        fieldConfigRegistry: plugin.fieldConfigRegistry,
        replaceVariables,
        theme: config.theme2,
        timeZone: 'utc',
      }),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data, fieldConfig, plugin]
  );

  const onOptionsChange = (o: Record<string, unknown>) => {
    setOptions(o);
    setRenderCounter((n) => n + 1);
    props.onOptionsChanged?.(o);
  };
  const Panel = plugin.panel;
  if (!Panel) {
    return <div>Panel plugin {plugin.meta.id} has no panel component</div>;
  }
  const chromeHeaderHeight = 32;
  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
      <div data-testid="harness-panel" data-harness-panel={plugin.meta.id} style={{ width, height }}>
        <PanelChrome title={props.title} width={width} height={height} loadingState={data.state}>
          {(innerWidth, innerHeight) => (
            <ErrorBoundaryAlert>
              <Panel
                id={1}
                data={processed}
                timeRange={data.timeRange}
                timeZone="utc"
                options={options}
                fieldConfig={fieldConfig}
                transparent={false}
                width={innerWidth}
                height={innerHeight ?? height - chromeHeaderHeight}
                renderCounter={renderCounter}
                title={props.title}
                eventBus={eventBus}
                onOptionsChange={onOptionsChange}
                onFieldConfigChange={setFieldConfig}
                replaceVariables={replaceVariables}
                onChangeTimeRange={() => {}}
              />
            </ErrorBoundaryAlert>
          )}
        </PanelChrome>
      </div>
      {props.showOptionsEditor && (
        <div style={{ width: 360, flexShrink: 0 }}>
          <PanelOptionsEditor plugin={plugin} options={options} data={processed.series} onChange={onOptionsChange} />
        </div>
      )}
    </div>
  );
}
