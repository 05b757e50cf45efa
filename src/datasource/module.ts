import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import type { GenAiDataSource } from './datasource';
import { GrafanaGenAiDataSource } from './grafanaDataSource';
import type { GenAiDataSourceOptions, GenAiQuery } from './types';

export const plugin = new DataSourcePlugin<GenAiDataSource, GenAiQuery, GenAiDataSourceOptions>(GrafanaGenAiDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
