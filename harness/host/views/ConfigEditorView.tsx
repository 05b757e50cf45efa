// Data source settings page: the plugin's ConfigEditor and "Save & test", as Grafana's
// DataSourceSettingsPage (save via the API, new instance, testDatasource(), status alert).
import React, { useState } from 'react';
import type { DataSourceApi, DataSourcePlugin, DataSourceSettings, TestDataSourceResponse } from '@grafana/data';
import { Alert, Button, Stack } from '@grafana/ui';
import { getServices } from '../hostState';

interface Props {
  plugin: DataSourcePlugin<DataSourceApi>;
  initial: DataSourceSettings;
}

type TestState = { status: 'testing' } | { status: 'success' | 'error' | 'warning'; message: string; details?: string };

export function ConfigEditorView({ plugin, initial }: Props) {
  const [options, setOptions] = useState(initial);
  const [test, setTest] = useState<TestState | undefined>();
  const ConfigEditor = plugin.components.ConfigEditor;
  if (!ConfigEditor) {
    return <Alert title="This data source plugin has no ConfigEditor" severity="error" />;
  }
  const saveAndTest = async () => {
    setTest({ status: 'testing' });
    const { backendSrv, dataSourceSrv } = getServices();
    try {
      const saved = await backendSrv.put<{ datasource: DataSourceSettings }>(
        `/api/datasources/uid/${encodeURIComponent(options.uid)}`,
        options
      );
      const settings = dataSourceSrv.getInstanceSettings(options.uid)!;
      dataSourceSrv.update({ ...settings, name: saved.datasource.name, jsonData: saved.datasource.jsonData });
      const ds = await dataSourceSrv.get(options.uid);
      const result = (await ds.testDatasource()) as TestDataSourceResponse & { details?: { message?: string } };
      setTest({
        status: result.status === 'success' ? 'success' : result.status === 'warning' ? 'warning' : 'error',
        message: result.message,
        details: result.details?.message,
      });
    } catch (e) {
      const err = e as { message?: string; data?: { message?: string }; statusText?: string };
      setTest({ status: 'error', message: err.data?.message ?? err.message ?? err.statusText ?? String(e) });
    }
  };
  return (
    <div data-testid="harness-config-editor">
      <ConfigEditor options={options} onOptionsChange={setOptions} />
      <div style={{ marginTop: 16 }}>
        {test && test.status !== 'testing' && (
          <div data-testid="data-testid Alert" data-harness-test-status={test.status}>
            <Alert severity={test.status} title={test.message}>
              {test.details}
            </Alert>
          </div>
        )}
        <Stack gap={1}>
          <Button
            type="submit"
            onClick={saveAndTest}
            disabled={test?.status === 'testing'}
            data-testid="data-testid Data source settings page Save and Test button"
          >
            Save &amp; test
          </Button>
        </Stack>
      </div>
    </div>
  );
}
