import type { DataSourceInstanceSettings } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { loadPriceTable } from '../data/cost/loadPriceTable';
import { GenAiDataSource } from './datasource';
import { grafanaProxyTransport } from './grafanaTransport';
import type { GenAiDataSourceOptions } from './types';
import { GenAiVariableSupport } from './variableSupport';

/**
 * The datasource as Grafana constructs it: Grafana's proxy, template service, lazy prices and
 * the variable editor (UI stays out of GenAiDataSource so it runs outside a browser too).
 */
export class GrafanaGenAiDataSource extends GenAiDataSource {
  constructor(instanceSettings: DataSourceInstanceSettings<GenAiDataSourceOptions>) {
    super(instanceSettings, grafanaProxyTransport, getTemplateSrv(), loadPriceTable);
    this.variables = new GenAiVariableSupport(this);
  }
}
