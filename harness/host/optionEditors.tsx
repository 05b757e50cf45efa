// The option editor registries Grafana core fills at start-up
// (public/app/core/components/OptionsUI/registry.tsx: getAllOptionEditors,
// getAllStandardFieldConfigs). The npm packages ship the registries empty; panels' option
// builders look editors up by these ids. Editors here use @grafana/ui components; the complex
// core-only ones (links, mappings, thresholds, dashboard picker) are JSON text areas.
import React from 'react';
import {
  FieldType,
  ThresholdsMode,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  valueMappingsOverrideProcessor,
  type FieldConfigPropertyItem,
  type StandardEditorProps,
  type StandardEditorsRegistryItem,
} from '@grafana/data';
import {
  ColorPicker,
  Input,
  MultiSelect,
  RadioButtonGroup,
  Select,
  Slider,
  StatsPicker,
  Switch,
  TagsInput,
  TextArea,
  TimeZonePicker,
  UnitPicker,
} from '@grafana/ui';

type Props<T, S = any> = StandardEditorProps<T, S>;

function NumberEditor({ value, onChange, item }: Props<number | undefined>) {
  return (
    <Input
      type="number"
      defaultValue={value ?? ''}
      placeholder={item.settings?.placeholder}
      min={item.settings?.min}
      max={item.settings?.max}
      onBlur={(e) => {
        const t = e.currentTarget.value.trim();
        const n = t === '' ? undefined : Number(t);
        onChange(
          n === undefined || Number.isFinite(n)
            ? item.settings?.integer && n !== undefined
              ? Math.round(n)
              : n
            : value
        );
      }}
    />
  );
}

function TextEditor({ value, onChange, item }: Props<string | undefined>) {
  const Component = item.settings?.useTextarea ? TextArea : Input;
  return (
    <Component
      defaultValue={value ?? ''}
      placeholder={item.settings?.placeholder}
      onBlur={(e: React.FocusEvent<HTMLInputElement & HTMLTextAreaElement>) => onChange(e.currentTarget.value)}
    />
  );
}

function JsonEditor({ value, onChange }: Props<unknown>) {
  return (
    <TextArea
      defaultValue={JSON.stringify(value ?? null, null, 2)}
      rows={4}
      onBlur={(e) => {
        try {
          onChange(JSON.parse(e.currentTarget.value));
        } catch {
          // keep the previous value; the text stays for correction
        }
      }}
    />
  );
}

function selectOptions(item: Props<unknown>['item']) {
  return item.settings?.options ?? [];
}

export function getAllOptionEditors(): StandardEditorsRegistryItem[] {
  const items: Array<StandardEditorsRegistryItem<any>> = [
    { id: 'text', name: 'Text', editor: TextEditor },
    { id: 'number', name: 'Number', editor: NumberEditor },
    {
      id: 'slider',
      name: 'Slider',
      editor: ({ value, onChange, item }: Props<number>) => (
        <Slider
          value={value}
          min={item.settings?.min ?? 0}
          max={item.settings?.max ?? 100}
          step={item.settings?.step}
          onChange={onChange}
        />
      ),
    },
    {
      id: 'boolean',
      name: 'Boolean',
      editor: ({ value, onChange }: Props<boolean>) => (
        <Switch value={Boolean(value)} onChange={(e) => onChange(e.currentTarget.checked)} />
      ),
    },
    {
      id: 'radio',
      name: 'Radio',
      editor: ({ value, onChange, item }: Props<unknown>) => (
        <RadioButtonGroup value={value} onChange={onChange} options={selectOptions(item)} />
      ),
    },
    {
      id: 'select',
      name: 'Select',
      editor: ({ value, onChange, item }: Props<unknown>) => (
        <Select
          value={value as string}
          options={selectOptions(item)}
          isClearable={item.settings?.isClearable}
          onChange={(v) => onChange(v?.value)}
        />
      ),
    },
    {
      id: 'multi-select',
      name: 'Multi select',
      editor: ({ value, onChange, item }: Props<unknown[]>) => (
        <MultiSelect
          value={value as string[]}
          options={selectOptions(item)}
          onChange={(vs) => onChange(vs.map((v) => v.value))}
        />
      ),
    },
    {
      id: 'unit',
      name: 'Unit',
      editor: ({ value, onChange }: Props<string>) => <UnitPicker value={value} onChange={(u) => onChange(u)} />,
    },
    {
      id: 'color',
      name: 'Color',
      editor: ({ value, onChange }: Props<string>) => <ColorPicker color={value ?? 'text'} onChange={onChange} />,
    },
    {
      id: 'fieldColor',
      name: 'Field Color',
      editor: JsonEditor,
    },
    {
      id: 'strings',
      name: 'String array',
      editor: ({ value, onChange }: Props<string[]>) => <TagsInput tags={value ?? []} onChange={onChange} />,
    },
    {
      id: 'stats-picker',
      name: 'Stats Picker',
      editor: ({ value, onChange }: Props<string[]>) => <StatsPicker stats={value ?? []} onChange={onChange} />,
    },
    {
      id: 'timezone',
      name: 'Time zone',
      editor: ({ value, onChange }: Props<string>) => <TimeZonePicker value={value} onChange={(z) => onChange(z)} />,
    },
    {
      id: 'field-name',
      name: 'Field name',
      editor: ({ value, onChange, context }: Props<string>) => (
        <Select
          value={value}
          isClearable
          options={(context.data ?? []).flatMap((f) => f.fields.map((x) => ({ label: x.name, value: x.name })))}
          onChange={(v) => onChange(v?.value)}
        />
      ),
    },
    { id: 'links', name: 'Links', editor: JsonEditor },
    { id: 'mappings', name: 'Mappings', editor: JsonEditor },
    { id: 'thresholds', name: 'Thresholds', editor: JsonEditor },
    { id: 'dashboard-uid', name: 'Dashboard', editor: TextEditor },
  ];
  return items.map((i) => ({ description: i.name, ...i }));
}

export function getAllStandardFieldConfigs(): Array<FieldConfigPropertyItem<any, any, any>> {
  const category = ['Standard options'];
  const editor = (id: string) => standardEditorsRegistry.get(id).editor as any;
  const numeric = (field: { type: FieldType }) => field.type === FieldType.number;
  const item = (x: Partial<FieldConfigPropertyItem<any, any, any>> & { id: string; editorId: string }) => ({
    path: x.id,
    name: x.id,
    description: '',
    editor: editor(x.editorId),
    override: editor(x.editorId),
    process: identityOverrideProcessor,
    shouldApply: () => true,
    category,
    settings: {},
    ...x,
  });
  return [
    item({
      id: 'unit',
      name: 'Unit',
      editorId: 'unit',
      process: stringOverrideProcessor,
      settings: { placeholder: 'none' },
    }),
    item({ id: 'min', name: 'Min', editorId: 'number', process: numberOverrideProcessor, shouldApply: numeric }),
    item({ id: 'max', name: 'Max', editorId: 'number', process: numberOverrideProcessor, shouldApply: numeric }),
    item({
      id: 'decimals',
      name: 'Decimals',
      editorId: 'number',
      process: numberOverrideProcessor,
      settings: { placeholder: 'auto', min: 0, max: 15, integer: true },
      shouldApply: numeric,
    }),
    item({ id: 'displayName', name: 'Display name', editorId: 'text', process: displayNameOverrideProcessor }),
    item({
      id: 'color',
      name: 'Color scheme',
      editorId: 'fieldColor',
      settings: { byValueSupport: true, preferThresholdsMode: true },
    }),
    item({ id: 'noValue', name: 'No value', editorId: 'text', process: stringOverrideProcessor }),
    item({
      id: 'links',
      name: 'Data links',
      editorId: 'links',
      process: dataLinksOverrideProcessor,
      category: ['Data links'],
    }),
    item({
      id: 'mappings',
      name: 'Value mappings',
      editorId: 'mappings',
      process: valueMappingsOverrideProcessor,
      defaultValue: [],
      shouldApply: (f: { type: FieldType }) => f.type !== FieldType.time,
      category: ['Value mappings'],
    }),
    item({
      id: 'thresholds',
      name: 'Thresholds',
      editorId: 'thresholds',
      process: thresholdsOverrideProcessor,
      defaultValue: {
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'green' },
          { value: 80, color: 'red' },
        ],
      },
      category: ['Thresholds'],
    }),
  ];
}

/** Grafana core does this in app.ts before any plugin loads. */
export function fillOptionRegistries(): void {
  standardEditorsRegistry.setInit(getAllOptionEditors);
  standardFieldConfigEditorRegistry.setInit(getAllStandardFieldConfigs);
}
