import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import { GenAiDataSource } from './datasource';
import type { GenAiDataSourceOptions, GenAiQuery } from './types';

export const plugin = new DataSourcePlugin<GenAiDataSource, GenAiQuery, GenAiDataSourceOptions>(GenAiDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor)
  .setVariableQueryEditor(VariableQueryEditor);
