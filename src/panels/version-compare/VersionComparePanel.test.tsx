import { fireEvent, render, screen, within } from '@testing-library/react';
import { dateTime, LoadingState, type DataFrame, type PanelProps } from '@grafana/data';
import React from 'react';
import { compareVersionData, versionComparisonFrame, type VersionData } from '../../data/queries/versionComparison';
import { formatDelta, parseThresholds } from './format';
import { DEFAULT_OPTIONS, type VersionCompareOptions } from './types';
import { VersionComparePanel } from './VersionComparePanel';

const HOSTILE = '<img src=x onerror="window.__pwned = 1">';

// Aggregates as fetchVersionData returns them (the Prometheus path is tested on a real
// Prometheus in versionComparison.test.ts); here the panel renders the frame they produce.
const DATA: VersionData = {
  versions: ['v1', 'v2', HOSTILE],
  firstSeen: {},
  metrics: [
    { id: 'requests', label: 'Requests', unit: 'short', better: 'none' },
    { id: 'costPerRequest', label: 'Cost per request', unit: 'currencyUSD', better: 'lower' },
    { id: 'errorRate', label: 'Error rate', unit: 'percentunit', better: 'lower' },
  ],
  samples: {
    requests: {
      v1: { kind: 'total', value: 5000 },
      v2: { kind: 'total', value: 5000 },
      [HOSTILE]: { kind: 'total', value: 12 },
    },
    costPerRequest: {
      v1: { kind: 'mean', mean: 0.01, se2: 1e-10, df: 9, n: 5000 },
      v2: { kind: 'mean', mean: 0.0125, se2: 1e-10, df: 9, n: 5000 },
      [HOSTILE]: { kind: 'mean', mean: 0.01, se2: 1e-8, df: 9, n: 12 },
    },
    errorRate: {
      v1: { kind: 'proportion', successes: 250, trials: 5000 },
      v2: { kind: 'proportion', successes: 240, trials: 5000 },
      [HOSTILE]: { kind: 'proportion', successes: 1, trials: 12 },
    },
  },
  method: { costPerRequest: 'Welch t-test on window batch means' },
  unavailable: [{ id: 'ttftP50', label: 'Time to first token p50', reason: 'no time-to-first-token histogram' }],
  queries: [],
  windows: { count: 10, seconds: 360 },
  spark: { costPerRequest: { v1: [0.01, 0.011, NaN, 0.0095], v2: [0.012, 0.013, 0.0125, 0.0124], [HOSTILE]: [] } },
};

function frame(): DataFrame {
  const f = versionComparisonFrame(compareVersionData(DATA, { baseline: 'fixed', baselineVersion: 'v1' }), 'A');
  f.meta = { ...f.meta, custom: { ...f.meta?.custom, datasourceUid: 'genai' } };
  return f;
}

function renderPanel(
  options: Partial<VersionCompareOptions> = {},
  series: DataFrame[] = [frame()],
  fieldConfig: { defaults: Record<string, unknown>; overrides: unknown[] } = { defaults: {}, overrides: [] }
) {
  const now = Date.now();
  const props = {
    data: { series, state: LoadingState.Done, timeRange: {} },
    options: { ...DEFAULT_OPTIONS, ...options },
    fieldConfig,
    width: 900,
    height: 400,
    timeRange: { from: dateTime(now - 3600_000), to: dateTime(now), raw: { from: 'now-1h', to: 'now' } },
  } as unknown as PanelProps<VersionCompareOptions>;
  return render(<VersionComparePanel {...props} />);
}

describe('version comparison panel', () => {
  it('rows are metrics, columns the baseline and candidates, verdicts as icon and text', () => {
    renderPanel();
    const table = screen.getByRole('table');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers[0]).toBe('Metric');
    expect(headers[1]).toContain('v1');
    expect(headers[1]).toContain('baseline');
    expect(headers[2]).toBe('v2');
    const cost = screen.getByText('Cost per request').closest('tr')!;
    expect(within(cost).getByLabelText('worse')).toHaveTextContent('worse');
    expect(cost.textContent).toContain('+25.0 %');
    const errors = screen.getByText('Error rate').closest('tr')!;
    expect(within(errors).getAllByLabelText('no significant difference').length).toBeGreaterThan(0);
    expect(within(errors).getByLabelText('not enough data')).toBeTruthy();
    expect(screen.getByText(/Time to first token p50: unavailable — no time-to-first-token histogram/)).toBeTruthy();
  });

  it('takes decimals and units from Grafana’s standard options, per metric through overrides', () => {
    renderPanel({}, [frame()], {
      defaults: { decimals: 1, unit: 'none' },
      overrides: [
        { matcher: { id: 'byName', options: 'costPerRequest' }, properties: [{ id: 'decimals', value: 5 }] },
        { matcher: { id: 'byRegexp', options: '^Error' }, properties: [{ id: 'unit', value: 'percent' }] },
      ],
    });
    const row = (label: string) => screen.getByText(label).closest('tr')!;
    // Cost keeps its unit (dollars) with the override's 5 decimals; requests take the default unit.
    expect(row('Cost per request').textContent).toContain('$0.01000');
    expect(row('Requests').textContent).toContain('5000.0');
    // 0.05 shown in the unit "percent" (a value already in percent): 0.1 with 1 decimal.
    expect(row('Error rate').textContent).toMatch(/0\.1%/);
  });

  it('marks the metrics that came from Tempo’s TraceQL metrics', () => {
    const f = versionComparisonFrame(
      compareVersionData(
        { ...DATA, source: { requests: 'Prometheus', costPerRequest: 'Prometheus', errorRate: 'Tempo' } },
        { baseline: 'fixed', baselineVersion: 'v1' }
      ),
      'A'
    );
    renderPanel({}, [f]);
    const errors = screen.getByText('Error rate').closest('th')!;
    expect(within(errors).getByTitle('TraceQL metrics on Tempo, over all spans')).toHaveTextContent('Tempo');
    expect(screen.getByText('Cost per request').closest('th')!.textContent).toBe('Cost per request');
  });

  it('renders a hostile version name as text, and links each cell to that version’s traces', () => {
    const { container } = renderPanel();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(HOSTILE)).toBeTruthy();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    const link = container.querySelectorAll('tbody tr')[1].querySelectorAll('a')[1] as HTMLAnchorElement;
    const panes = JSON.parse(new URL(link.href, 'http://x').searchParams.get('panes')!);
    expect(panes.traces.queries[0]).toMatchObject({ queryType: 'traceSearch', filters: { versions: ['v2'] } });
    expect(panes.traces.datasource).toBe('genai');
  });

  it('draws a sparkline per metric and version where windows have data, with a gap for a missing one', () => {
    const { container } = renderPanel();
    const cost = screen.getByText('Cost per request').closest('tr')!;
    const sparks = within(cost).getAllByTestId('sparkline');
    expect(sparks).toHaveLength(2);
    expect(sparks[0].querySelectorAll('polyline')).toHaveLength(2); // NaN window splits the line
    expect(container.querySelectorAll('[data-testid="sparkline"]')).toHaveLength(2);
  });

  it('a panel threshold turns a significant but small change into no verdict', () => {
    renderPanel({ thresholds: 'costPerRequest=30%' });
    const cost = screen.getByText('Cost per request').closest('tr')!;
    expect(within(cost).queryByLabelText('worse')).toBeNull();
    expect(within(cost).getAllByLabelText('no significant difference').length).toBeGreaterThan(0);
  });

  it('compact mode keeps icon and delta, drops the words; metrics option picks rows', () => {
    renderPanel({ compact: true, metrics: ['costPerRequest'] });
    expect(screen.queryByText('Error rate')).toBeNull();
    const cost = screen.getByText('Cost per request').closest('tr')!;
    expect(within(cost).getByLabelText('worse').textContent).toBe('');
  });

  it('sorts rows by the size of the change in a column', () => {
    const { container } = renderPanel();
    fireEvent.click(screen.getByText('v2'));
    const first = container.querySelector('tbody tr th')!.textContent;
    expect(first).toBe('Cost per request');
  });

  it('says what is missing without a comparison frame', () => {
    renderPanel({}, []);
    expect(screen.getByText(/query type “Version comparison”/)).toBeTruthy();
  });
});

describe('format', () => {
  it('parses thresholds and reports bad entries', () => {
    expect(parseThresholds('costPerRequest=0.2, latencyP90 = 10%')).toEqual({
      thresholds: { costPerRequest: 0.2, latencyP90: 0.1 },
      errors: [],
    });
    expect(parseThresholds('cost=abc').errors).toHaveLength(1);
  });

  it('formats a relative delta with its interval', () => {
    const cell = {
      relative: 0.25,
      relativeCi: [0.2, 0.3] as [number, number],
      delta: 0.0025,
      deltaCi: [0.002, 0.003] as [number, number],
    };
    expect(formatDelta(cell as never, 'currencyUSD')).toBe('+25.0 % [+20.0 %, +30.0 %]');
  });
});
