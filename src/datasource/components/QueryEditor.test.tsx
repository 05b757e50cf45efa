import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
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

  it('colours the built TraceQL once the grammar has loaded (tokens as text, never HTML)', async () => {
    setup({ refId: 'A', queryType: 'traceSearch', filters: { models: ['<b>gpt</b>'] } });
    const shown = screen.getByTestId('genai-built-traceql');
    await waitFor(() => expect(shown.querySelector('[data-token="string"]')).not.toBeNull());
    expect(shown.querySelector('b')).toBeNull();
    expect([...shown.querySelectorAll('[data-token="string"]')].map((e) => e.textContent)).toContain('"<b>gpt</b>"');
    expect(shown.querySelector('[data-token="scope"]')?.textContent).toBe('span');
  });

  it('shows a parse error of the extra TraceQL before the query runs, and does not run it', async () => {
    const { onRunQuery } = setup({
      refId: 'A',
      queryType: 'traceSearch',
      filters: { traceql: '{ span.gen_ai.tool.name = }' },
    });
    const input = screen.getByLabelText('Extra TraceQL');
    expect(await screen.findByText(/TraceQL: unexpected "}" at column 27/)).toBeInTheDocument();
    fireEvent.blur(input);
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('runs a valid extra TraceQL on blur, with no error shown', async () => {
    const { onRunQuery } = setup({
      refId: 'A',
      queryType: 'traceSearch',
      filters: { traceql: '{ span.gen_ai.tool.name = "search" }' },
    });
    await waitFor(() => expect(screen.getByTestId('genai-built-traceql').querySelector('[data-token]')).not.toBeNull());
    expect(screen.queryByText(/^TraceQL:/)).toBeNull();
    fireEvent.blur(screen.getByLabelText('Extra TraceQL'));
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });
});
