import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import type { DataSourceSettings } from '@grafana/data';
import { validateCustomPattern } from '../../data/pii/piiSettings';
import { validateStreamSelector } from '../../data/loki/traceLogQuery';
import { ConfigEditor } from './ConfigEditor';
import type { GenAiDataSourceOptions } from '../types';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  // The real picker lists Grafana's data sources through getDataSourceSrv.
  DataSourcePicker: ({
    pluginId,
    current,
    onChange,
  }: {
    pluginId: string;
    current?: string;
    onChange: (ds: { uid: string }) => void;
  }) => (
    <button onClick={() => onChange({ uid: `${pluginId}-picked` })}>{`pick ${pluginId} (${current ?? 'none'})`}</button>
  ),
}));

function setup(jsonData: GenAiDataSourceOptions = {}) {
  const onOptionsChange = jest.fn();
  const options = { jsonData, secureJsonFields: {} } as unknown as DataSourceSettings<GenAiDataSourceOptions>;
  render(<ConfigEditor options={options} onOptionsChange={onOptionsChange} />);
  const lastJson = (): GenAiDataSourceOptions => onOptionsChange.mock.calls.at(-1)[0].jsonData;
  return { onOptionsChange, lastJson };
}

describe('ConfigEditor', () => {
  it('stores the picked Tempo and Prometheus data source UIDs', () => {
    const { lastJson } = setup({ tempoDatasourceUid: 'old' });
    expect(screen.getByText('pick tempo (old)')).toBeInTheDocument();
    fireEvent.click(screen.getByText('pick tempo (old)'));
    expect(lastJson().tempoDatasourceUid).toBe('tempo-picked');
    fireEvent.click(screen.getByText('pick prometheus (none)'));
    expect(lastJson().prometheusDatasourceUid).toBe('prometheus-picked');
  });

  it('stores an optional Loki, and shows its stream selector with the error of an invalid one', () => {
    const first = setup();
    expect(screen.queryByLabelText('Loki stream selector')).toBeNull();
    fireEvent.click(screen.getByText('pick loki (none)'));
    expect(first.lastJson().lokiDatasourceUid).toBe('loki-picked');
    first.onOptionsChange.mockClear();
    document.body.innerHTML = '';
    const { lastJson } = setup({ lokiDatasourceUid: 'loki', lokiStreamSelector: 'job="genai"' });
    expect(screen.getByText(validateStreamSelector('job="genai"')!)).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Loki stream selector'), { target: { value: '{job="genai"}' } });
    expect(lastJson().lokiStreamSelector).toBe('{job="genai"}');
  });

  it('adds and edits a price override, and toggles the reported-cost preference', () => {
    const { lastJson } = setup({ priceOverrides: [{ model: 'ft:gpt-4o:*', inputPerMTok: 3, outputPerMTok: 12 }] });
    expect(screen.getByDisplayValue('ft:gpt-4o:*')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Override output price'), { target: { value: '15.5' } });
    expect(lastJson().priceOverrides).toEqual([{ model: 'ft:gpt-4o:*', inputPerMTok: 3, outputPerMTok: 15.5 }]);
    fireEvent.click(screen.getByText('Add price override'));
    expect(lastJson().priceOverrides).toHaveLength(2);
    fireEvent.click(screen.getAllByRole('switch').find((e) => !e.getAttribute('aria-label'))!);
    expect(lastJson().preferReportedCost).toBe(true);
  });

  it('rejects negative or non-numeric limits instead of saving them', () => {
    const { lastJson } = setup();
    const [traceLimit] = screen.getAllByRole('spinbutton');
    fireEvent.change(traceLimit, { target: { value: '250' } });
    expect(lastJson().searchLimit).toBe(250);
    fireEvent.change(traceLimit, { target: { value: '-4' } });
    expect(lastJson().searchLimit).toBeUndefined();
  });

  it('masks personal data unless switched off, says why a custom pattern is invalid, and sets who may reveal', () => {
    const { lastJson } = setup({ piiMasking: { customPatterns: [{ name: 'emp', pattern: '(EMP-' }] } });
    const mask = screen.getByRole('switch', { name: 'Mask personal data' });
    expect(mask).toBeChecked();
    fireEvent.click(mask);
    expect(lastJson().piiMasking?.enabled).toBe(false);
    // The invalid pattern is kept (nothing typed is lost) and its error shown under it.
    expect(screen.getByDisplayValue('(EMP-')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(validateCustomPattern({ name: 'emp', pattern: '(EMP-' })!);
    fireEvent.change(screen.getByLabelText('Pattern'), { target: { value: 'EMP-\\d{6}' } });
    expect(lastJson().piiMasking?.customPatterns).toEqual([{ name: 'emp', pattern: 'EMP-\\d{6}' }]);
    fireEvent.click(screen.getByText('Add pattern'));
    expect(lastJson().piiMasking?.customPatterns).toHaveLength(2);
    fireEvent.click(screen.getByText('Admins and Editors'));
    expect(lastJson().piiMasking?.revealRole).toBe('Editor');
  });
});
