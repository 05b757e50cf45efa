import { firstValueFrom } from 'rxjs';
import type { DataQueryRequest } from '@grafana/data';
import type { GenAiDataSource } from './datasource';
import type { GenAiVariableQuery } from './types';
import { GenAiVariableSupport } from './variableSupport';

describe('GenAiVariableSupport', () => {
  it('turns the values of the chosen kind into a text/value frame', async () => {
    const metricFindQuery = jest.fn(async () => [{ text: 'gpt-4o' }, { text: 'o3-mini' }]);
    const support = new GenAiVariableSupport({ metricFindQuery } as unknown as GenAiDataSource);
    const request = {
      targets: [{ refId: 'V', kind: 'models' }],
      range: { from: 1, to: 2 },
    } as unknown as DataQueryRequest<GenAiVariableQuery>;
    const res = await firstValueFrom(support.query(request));
    expect(metricFindQuery).toHaveBeenCalledWith({ refId: 'V', kind: 'models' }, { range: request.range });
    expect(res.data[0].fields.map((f: { name: string; values: string[] }) => [f.name, f.values])).toEqual([
      ['text', ['gpt-4o', 'o3-mini']],
      ['value', ['gpt-4o', 'o3-mini']],
    ]);
  });
});
