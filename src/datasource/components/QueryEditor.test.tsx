import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { QueryEditor } from './QueryEditor';
import type { GenAiDataSource } from '../datasource';
import type { GenAiQuery } from '../types';
import { buildTraceSearchQuery } from '../../data/traceql/traceSearchQuery';

const datasource = {
  describeTraceQL: (q: GenAiQuery) =>
    buildTraceSearchQuery(q.filters ?? {}, { versionAttributes: ['gen_ai.agent.version'] }),
  metricFindQuery: jest.fn(async () => [{ text: 'gpt-4o' }, { text: 'gpt-4o-mini' }]),
} as unknown as GenAiDataSource;

function setup(query: GenAiQuery) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(<QueryEditor query={query} onChange={onChange} onRunQuery={onRunQuery} datasource={datasource} />);
  return { onChange, onRunQuery };
}

describe('QueryEditor', () => {
  it('shows the TraceQL it will run, with filter values escaped', () => {
    setup({ refId: 'A', queryType: 'traceSearch', filters: { models: ['gpt-4o"}'], errorsOnly: true } });
    const shown = screen.getByTestId('genai-built-traceql').textContent ?? '';
    expect(shown).toContain('span.gen_ai.request.model = "gpt-4o\\"}"');
    expect(shown).toContain('&& status = error }');
  });

  it('switches to trace-by-id and runs the query', () => {
    const { onChange, onRunQuery } = setup({ refId: 'A', queryType: 'traceSearch' });
    fireEvent.click(screen.getByLabelText('Trace by id'));
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ queryType: 'traceById' }));
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('edits the trace id and runs on blur', () => {
    const { onChange, onRunQuery } = setup({ refId: 'A', queryType: 'traceById', traceId: '' });
    const input = screen.getByPlaceholderText('e.g. 2f1c… or $traceId');
    fireEvent.change(input, { target: { value: '$traceId' } });
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ traceId: '$traceId' }));
    fireEvent.blur(input);
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('applies the errors-only switch', () => {
    const { onChange } = setup({ refId: 'A', queryType: 'traceSearch', filters: {} });
    fireEvent.click(screen.getByRole('switch'));
    expect(onChange).toHaveBeenCalledWith(
      expect.objectContaining({ filters: expect.objectContaining({ errorsOnly: true }) })
    );
  });
});
