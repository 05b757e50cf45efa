import { CustomVariableSupport, FieldType, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { from, type Observable } from 'rxjs';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { GenAiDataSource } from './datasource';
import type { GenAiVariableQuery } from './types';

/** Query variables: services, providers, models, operations, versions, agents, evaluation names. */
export class GenAiVariableSupport extends CustomVariableSupport<GenAiDataSource, GenAiVariableQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: GenAiDataSource) {
    super();
  }

  query(request: DataQueryRequest<GenAiVariableQuery>): Observable<DataQueryResponse> {
    const target = request.targets[0] ?? { refId: 'A', kind: 'models' };
    return from(
      this.datasource.metricFindQuery(target, { range: request.range }).then((values) => ({
        data: [
          {
            refId: target.refId,
            length: values.length,
            fields: [
              { name: 'text', type: FieldType.string, config: {}, values: values.map((v) => String(v.text)) },
              {
                name: 'value',
                type: FieldType.string,
                config: {},
                values: values.map((v) => String(v.value ?? v.text)),
              },
            ],
          },
        ],
      }))
    );
  }
}
