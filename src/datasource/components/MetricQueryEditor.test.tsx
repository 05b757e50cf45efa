import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { MetricQueryEditor } from './MetricQueryEditor';
import type { GenAiDataSource } from '../datasource';
import type { GenAiQuery } from '../types';

function setup(query: GenAiQuery, describe: (q: GenAiQuery) => Promise<string>) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const datasource = { describePromQL: jest.fn(describe) } as unknown as GenAiDataSource;
  render(<MetricQueryEditor query={query} datasource={datasource} onChange={onChange} onRunQuery={onRunQuery} />);
  return { onChange, onRunQuery };
}

describe('MetricQueryEditor', () => {
  it('shows the PromQL the picker builds', async () => {
    setup(
      { refId: 'A', queryType: 'metrics', metric: { signal: 'requestRate' } },
      async () => 'sum (rate(x_count[$__rate_interval]))'
    );
    expect(await screen.findByText('sum (rate(x_count[$__rate_interval]))')).toBeInTheDocument();
  });

  it('says which metric is missing when the signal cannot be built', async () => {
    setup({ refId: 'A', queryType: 'metrics', metric: { signal: 'ttft' } }, async () => {
      throw new Error('No time-to-first-token metric found in Prometheus.');
    });
    expect(await screen.findByText('No time-to-first-token metric found in Prometheus.')).toBeInTheDocument();
  });

  it('switches to raw PromQL, starting from the built expression', async () => {
    const { onChange } = setup(
      { refId: 'A', queryType: 'metrics', metric: { signal: 'requestRate' } },
      async () => 'built_expr'
    );
    await screen.findByText('built_expr');
    fireEvent.click(screen.getByLabelText('PromQL'));
    expect(onChange).toHaveBeenCalledWith(
      expect.objectContaining({ metric: expect.objectContaining({ mode: 'promql', expr: 'built_expr' }) })
    );
  });
});
