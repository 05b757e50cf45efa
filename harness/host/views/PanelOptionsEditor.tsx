// The panel's own options pane: the plugin's options supplier run against a
// PanelOptionsEditorBuilder, each item rendered with its registered editor (as Grafana's
// OptionsPaneOptions does), grouped by category, honouring showIf.
import React from 'react';
import { get, set, cloneDeep } from 'lodash';
import { PanelOptionsEditorBuilder, type DataFrame, type PanelPlugin } from '@grafana/data';
import { Field } from '@grafana/ui';

interface Props {
  plugin: PanelPlugin;
  options: Record<string, unknown>;
  data: DataFrame[];
  onChange: (options: Record<string, unknown>) => void;
}

export function PanelOptionsEditor({ plugin, options, data, onChange }: Props) {
  const builder = new PanelOptionsEditorBuilder<Record<string, unknown>>();
  plugin.getPanelOptionsSupplier()(builder, { data, options });
  const items = builder.getItems().filter((item) => !item.showIf || item.showIf(options, data));
  const categories = new Map<string, typeof items>();
  for (const item of items) {
    const c = item.category?.join(' › ') || 'Options';
    categories.set(c, [...(categories.get(c) ?? []), item]);
  }
  return (
    <div data-testid="harness-panel-options">
      {[...categories].map(([category, its]) => (
        <fieldset key={category} style={{ border: 'none', padding: 0, marginBottom: 12 }}>
          <legend style={{ fontWeight: 500, marginBottom: 8 }}>{category}</legend>
          {its.map((item) => {
            const Editor = item.editor;
            return (
              <Field key={item.id} label={item.name} description={item.description} data-harness-option={item.path}>
                <Editor
                  value={get(options, item.path)}
                  onChange={(value: unknown) => onChange(set(cloneDeep(options), item.path, value))}
                  item={item}
                  context={{ data, options }}
                  id={item.id}
                />
              </Field>
            );
          })}
        </fieldset>
      ))}
    </div>
  );
}
