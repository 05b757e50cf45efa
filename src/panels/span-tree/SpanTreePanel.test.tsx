import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { LoadingState, type DataFrame, type PanelProps } from '@grafana/data';
import React from 'react';
import { spanTreeFrame } from '../../data/frames/spanTreeFrame';
import { buildTraceFromPayload } from '../../data/trace/loadTrace';
import { otlpTrace, type SpanSpec } from '../../../tests/helpers/otlpBuilders';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import { fitColumns, SpanTreePanel } from './SpanTreePanel';
import { valueText } from './format';
import { DEFAULT_OPTIONS, type SpanTreeOptions } from './types';

// The real formatter, counted: the details pane formats every attribute each time it renders.
jest.mock('./format', () => {
  const actual = jest.requireActual('./format');
  return { ...actual, valueText: jest.fn(actual.valueText) };
});

const HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
const TRACE_ID = 'ab'.repeat(16);

const SPECS: SpanSpec[] = [
  { id: 'r', name: 'invoke_agent support', durationMs: 100, attrs: { 'gen_ai.operation.name': 'invoke_agent' } },
  {
    id: 'a',
    parent: 'r',
    name: 'chat gpt-4o',
    startMs: 1,
    durationMs: 40,
    attrs: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 80,
      'service.version': 'v2',
      'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You are a support agent.' }]),
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: HOSTILE }] }]),
      'gen_ai.output.messages': JSON.stringify([
        {
          role: 'assistant',
          parts: [{ type: 'tool_call', id: 'call_1', name: 'lookup_order', arguments: { order: '42' } }],
          finish_reason: 'tool_calls',
        },
      ]),
    },
    events: [
      {
        name: 'gen_ai.evaluation.result',
        attrs: {
          'gen_ai.evaluation.name': 'relevance',
          'gen_ai.evaluation.score.value': 0.25,
          'gen_ai.evaluation.score.label': 'fail',
          'gen_ai.evaluation.explanation': 'Did not answer the question',
        },
      },
    ],
  },
  {
    id: 'b',
    parent: 'r',
    name: 'execute_tool lookup_order',
    startMs: 45,
    durationMs: 20,
    attrs: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order' },
    error: true,
  },
  { id: 'c', parent: 'b', name: 'db query', startMs: 50, durationMs: 5 },
];

function frameOf(specs: SpanSpec[]): DataFrame {
  return spanTreeFrame(
    buildTraceFromPayload(
      TRACE_ID,
      otlpTrace(specs, { 'service.name': 'support', 'service.version': 'v2' }),
      pipelineOptions()
    )
  );
}

function renderPanel(series: DataFrame[], options: Partial<SpanTreeOptions> = {}, size = { width: 1200, height: 600 }) {
  const props = {
    data: { series, state: LoadingState.Done, timeRange: {} },
    options: { ...DEFAULT_OPTIONS, ...options },
    width: size.width,
    height: size.height,
  } as unknown as PanelProps<SpanTreeOptions>;
  return render(<SpanTreePanel {...props} />);
}

const rowNames = () =>
  screen.queryAllByRole('treeitem').map((r) => r.querySelector('[data-span-name]')?.textContent ?? '');
const rowByName = (name: string) =>
  screen.getAllByRole('treeitem').find((r) => r.querySelector('[data-span-name]')?.textContent === name)!;

describe('SpanTreePanel', () => {
  it('renders the tree with totals, error state and model badges', () => {
    renderPanel([frameOf(SPECS)]);
    expect(screen.getAllByRole('treeitem')).toHaveLength(4);
    expect(rowByName('chat gpt-4o')).toHaveTextContent('gpt-4o');
    expect(rowByName('chat gpt-4o')).toHaveTextContent('1.2k → 80');
    expect(rowByName('execute_tool lookup_order').getAttribute('aria-level')).toBe('2');
    expect(rowByName('db query').getAttribute('aria-level')).toBe('3');
    expect(rowByName('execute_tool lookup_order').querySelector('[data-glyph="error"]')).not.toBeNull();
    expect(rowByName('chat gpt-4o').querySelector('[data-glyph="error"]')).toBeNull();
    expect(rowByName('execute_tool lookup_order').querySelector('[data-glyph="tool"]')).not.toBeNull();
    expect(rowByName('chat gpt-4o').querySelector('[data-glyph="llm"]')).toHaveAccessibleName('LLM call');
    expect(screen.getByText('4')).toBeInTheDocument(); // span count in the summary
  });

  it('collapses and expands a subtree and the root', () => {
    renderPanel([frameOf(SPECS)]);
    fireEvent.click(screen.getByRole('button', { name: 'Collapse execute_tool lookup_order' }));
    expect(screen.getAllByRole('treeitem')).toHaveLength(3);
    expect(rowByName('execute_tool lookup_order')).toHaveTextContent('+1');
    fireEvent.click(screen.getByRole('button', { name: 'Collapse invoke_agent support' }));
    expect(screen.getAllByRole('treeitem')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Expand invoke_agent support' }));
    expect(screen.getAllByRole('treeitem')).toHaveLength(3);
  });

  it('shows the selected span: chat as text (hostile markup stays text), evaluation, links', () => {
    const { container } = renderPanel([frameOf(SPECS)]);
    fireEvent.click(rowByName('chat gpt-4o'));
    const details = screen.getByRole('complementary', { name: 'Span details' });
    expect(within(details).getByText(HOSTILE)).toBeInTheDocument();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect(within(details).getByText('You are a support agent.')).toBeInTheDocument();
    expect(within(details).getByText('lookup_order')).toBeInTheDocument();
    expect(within(details).getByText(/"order": "42"/)).toBeInTheDocument();
    expect(within(details).getByText('finish: tool_calls')).toBeInTheDocument();
    expect(within(details).getByText('relevance')).toBeInTheDocument();
    expect(within(details).getByText('0.25')).toBeInTheDocument();
    expect(within(details).getByText('Did not answer the question')).toBeInTheDocument();
    expect(within(details).getAllByRole('button', { name: /Copy message/ })).toHaveLength(3);

    const tempo = within(details)
      .getByRole('link', { name: /Raw trace in Tempo/ })
      .getAttribute('href')!;
    expect(tempo.startsWith('/explore?')).toBe(true);
    const panes = JSON.parse(new URLSearchParams(tempo.split('?')[1]).get('panes')!);
    expect(panes.trace.queries[0]).toMatchObject({ query: TRACE_ID, datasource: { uid: 'tempo' } });
    expect(panes.trace.panelsState.trace.spanId).toBe('000000000000000a');
    const version = within(details)
      .getByRole('link', { name: /Version dashboard/ })
      .getAttribute('href')!;
    expect(version).toMatch(/^\/d\/genai-versions\?/);
    expect(new URLSearchParams(version.split('?')[1]).get('var-version')).toBe('v2');
    const model = within(details)
      .getByRole('link', { name: /Model dashboard/ })
      .getAttribute('href')!;
    expect(new URLSearchParams(model.split('?')[1]).get('var-model')).toBe('gpt-4o');
    fireEvent.click(within(details).getByRole('button', { name: 'Close details' }));
    expect(screen.queryByRole('complementary', { name: 'Span details' })).toBeNull();
  });

  it('links to the Tempo data source the frame names, over the option', () => {
    const frame = frameOf(SPECS);
    frame.meta = { ...frame.meta, custom: { ...frame.meta!.custom, tempoDatasourceUid: 'tempo-eu' } };
    renderPanel([frame], { tempoDatasourceUid: 'tempo-default' });
    fireEvent.click(rowByName('db query'));
    const href = screen.getByRole('link', { name: /Raw trace in Tempo/ }).getAttribute('href')!;
    const panes = JSON.parse(new URLSearchParams(href.split('?')[1]).get('panes')!);
    expect(panes.trace.datasource).toBe('tempo-eu');
    expect(panes.trace.queries[0].datasource.uid).toBe('tempo-eu');
    // No model, no version on this span: no dashboard links.
    expect(screen.queryByRole('link', { name: /Model dashboard/ })).toBeNull();
  });

  it('shows an evaluator span’s result both on it and on the span it judged', () => {
    const specs: SpanSpec[] = [
      ...SPECS,
      {
        id: 'e',
        parent: 'r',
        name: 'evaluate answer',
        startMs: 70,
        durationMs: 10,
        attrs: {
          'gen_ai.operation.name': 'evaluate',
          'gen_ai.evaluation.name': 'faithfulness',
          'gen_ai.evaluation.score.value': 0.9,
          'gen_ai.evaluation.score.label': 'pass',
          'gen_ai.response.id': 'resp-1',
        },
      },
    ];
    specs[1] = { ...specs[1], attrs: { ...specs[1].attrs, 'gen_ai.response.id': 'resp-1' } };
    renderPanel([frameOf(specs)]);
    fireEvent.click(rowByName('evaluate answer'));
    const recorded = screen.getByRole('region', { name: 'Results recorded by this span' });
    expect(recorded).toHaveTextContent('faithfulness0.9pass');
    expect(recorded).toHaveTextContent('about “chat gpt-4o”');
    fireEvent.click(rowByName('chat gpt-4o'));
    const about = screen.getByRole('region', { name: 'Evaluations' });
    expect(
      within(about)
        .getAllByText(/relevance|faithfulness/)
        .map((e) => e.textContent)
    ).toEqual(['relevance', 'faithfulness']);
  });

  it('collapses long content and expands it on demand', () => {
    const long = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const specs = SPECS.map((s) =>
      s.id === 'a'
        ? {
            ...s,
            attrs: {
              ...s.attrs,
              'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: long }] }]),
            },
          }
        : s
    );
    renderPanel([frameOf(specs)]);
    fireEvent.click(rowByName('chat gpt-4o'));
    const input = screen.getByRole('region', { name: 'Input' });
    expect(within(input).getByText(/line 10/)).toBeInTheDocument();
    expect(within(input).queryByText(/line 39/)).toBeNull();
    fireEvent.click(within(input).getByRole('button', { name: /Show all \(\d+ characters\)/ }));
    expect(within(input).getByText(/line 39/)).toBeInTheDocument();
  });

  it('does not render the details pane again when only the tree changes', () => {
    renderPanel([frameOf(SPECS)]);
    fireEvent.click(rowByName('chat gpt-4o'));
    const formatted = jest.mocked(valueText).mock.calls.length;
    expect(formatted).toBeGreaterThan(5);
    fireEvent.click(screen.getByRole('button', { name: 'Collapse execute_tool lookup_order' }));
    expect(screen.getAllByRole('treeitem')).toHaveLength(3);
    expect(jest.mocked(valueText).mock.calls.length).toBe(formatted);
  });

  it('opens the next selected span with its long texts collapsed again', () => {
    const long = (who: string) => Array.from({ length: 40 }, (_, i) => `${who} line ${i}`).join('\n');
    const withLongInput = (s: SpanSpec, who: string): SpanSpec => ({
      ...s,
      attrs: {
        ...s.attrs,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: long(who) }] }]),
      },
    });
    const a = SPECS.find((s) => s.id === 'a')!;
    const specs = [
      ...SPECS.map((s) => (s.id === 'a' ? withLongInput(s, 'first') : s)),
      { ...withLongInput(a, 'second'), id: 'f', name: 'chat again', startMs: 70, events: [] },
    ];
    renderPanel([frameOf(specs)]);
    fireEvent.click(rowByName('chat gpt-4o'));
    fireEvent.click(within(screen.getByRole('region', { name: 'Input' })).getByRole('button', { name: /Show all/ }));
    expect(within(screen.getByRole('region', { name: 'Input' })).getByText(/first line 39/)).toBeInTheDocument();
    fireEvent.click(rowByName('chat again'));
    const input = screen.getByRole('region', { name: 'Input' });
    expect(within(input).getByText(/second line 10/)).toBeInTheDocument();
    expect(within(input).queryByText(/second line 39/)).toBeNull();
    expect(within(input).getByRole('button', { name: /Show all/ })).toBeInTheDocument();
  });

  it('filters: errors only, LLM calls only, search by attribute value', () => {
    jest.useFakeTimers();
    renderPanel([frameOf(SPECS)]);
    fireEvent.click(screen.getByRole('radio', { name: 'Errors' }));
    expect(rowNames()).toEqual(['invoke_agent support', 'execute_tool lookup_order']);
    expect(screen.getByText('1 match')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'LLM calls' }));
    expect(rowNames()).toEqual(['invoke_agent support', 'chat gpt-4o']);
    fireEvent.click(screen.getByRole('radio', { name: 'All' }));
    expect(rowNames()).toHaveLength(4);
    const search = (text: string) => {
      fireEvent.change(screen.getByLabelText('Search spans'), { target: { value: text } });
      act(() => {
        jest.runAllTimers();
      });
    };
    // The tool call id only occurs inside the chat span's output messages attribute.
    search('CALL_1');
    expect(rowNames()).toEqual(['invoke_agent support', 'chat gpt-4o']);
    search('Execute_Tool');
    expect(rowNames()).toEqual(['invoke_agent support', 'execute_tool lookup_order']);
    search('');
    expect(rowNames()).toHaveLength(4);
    jest.useRealTimers();
  });

  it('renders only the rows in view for a 20,000-span trace, and walks with the keyboard', () => {
    const specs: SpanSpec[] = [{ id: '1', name: 'root', durationMs: 30_000 }];
    for (let i = 2; i <= 20_000; i++) {
      specs.push({ id: i.toString(16), parent: '1', name: `step ${i}`, startMs: i, durationMs: 1 });
    }
    renderPanel([frameOf(specs)], {}, { width: 1000, height: 400 });
    const rendered = screen.getAllByRole('treeitem').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    const tree = screen.getByRole('tree');
    fireEvent.keyDown(tree, { key: 'ArrowDown' });
    fireEvent.keyDown(tree, { key: 'ArrowDown' });
    expect(screen.getByRole('treeitem', { selected: true })).toHaveTextContent('step 2');
    fireEvent.keyDown(tree, { key: 'ArrowUp' });
    fireEvent.keyDown(tree, { key: 'ArrowLeft' });
    expect(screen.getAllByRole('treeitem')).toHaveLength(1);
  });

  it('drops numeric columns before squeezing span names in a narrow list', () => {
    const all = DEFAULT_OPTIONS.columns;
    expect([...fitColumns(all, 1400).columns]).toEqual(all);
    // 800 px: without the share column the tree keeps ≥ 260 px; 700 px: Σ cost goes too.
    expect([...fitColumns(all, 800).columns]).toEqual(['duration', 'tokens', 'cost', 'subtreeCost', 'timeline']);
    expect([...fitColumns(all, 700).columns]).toEqual(['duration', 'tokens', 'cost', 'timeline']);
    expect([...fitColumns(all, 500).columns]).toEqual(['duration', 'timeline']);
    expect(fitColumns(['duration'], 300).timelineWidth).toBe(0);
  });

  it('shows more rows when the panel grows', () => {
    const specs: SpanSpec[] = [{ id: '1', name: 'root', durationMs: 1000 }];
    for (let i = 2; i <= 500; i++) {
      specs.push({ id: i.toString(16), parent: '1', name: `step ${i}`, startMs: i, durationMs: 1 });
    }
    const frame = frameOf(specs);
    const props = (height: number) =>
      ({
        data: { series: [frame], state: LoadingState.Done, timeRange: {} },
        options: DEFAULT_OPTIONS,
        width: 1400,
        height,
      }) as unknown as PanelProps<SpanTreeOptions>;
    const { rerender } = render(<SpanTreePanel {...props(300)} />);
    const small = screen.getAllByRole('treeitem').length;
    rerender(<SpanTreePanel {...props(1200)} />);
    const big = screen.getAllByRole('treeitem').length;
    // (height − toolbar − header) / 28 px rows more are in view, overscan alike.
    expect(big - small).toBe(Math.ceil((1200 - 66) / 28) - Math.ceil((300 - 66) / 28));
  });

  it('keeps collapsed spans and the selection when a refresh brings the same trace again', () => {
    const { rerender } = renderPanel([frameOf(SPECS)]);
    fireEvent.click(screen.getByRole('button', { name: 'Collapse execute_tool lookup_order' }));
    fireEvent.click(rowByName('chat gpt-4o'));
    const rerenderWith = (frame: DataFrame) =>
      rerender(
        <SpanTreePanel
          {...({
            data: { series: [frame], state: LoadingState.Done, timeRange: {} },
            options: DEFAULT_OPTIONS,
            width: 1200,
            height: 600,
          } as unknown as PanelProps<SpanTreeOptions>)}
        />
      );
    // A new frame object with the same spans, as each dashboard refresh delivers.
    rerenderWith(frameOf(SPECS));
    expect(rowNames()).toEqual(['invoke_agent support', 'chat gpt-4o', 'execute_tool lookup_order']);
    expect(screen.getByRole('complementary', { name: 'Span details' })).toHaveTextContent('chat gpt-4o');
    // The trace grew: the rows changed, so the view starts afresh.
    rerenderWith(frameOf([...SPECS, { id: 'd', parent: 'r', name: 'late span', startMs: 70, durationMs: 5 }]));
    expect(rowNames()).toEqual([
      'invoke_agent support',
      'chat gpt-4o',
      'execute_tool lookup_order',
      'db query',
      'late span',
    ]);
    expect(screen.queryByRole('complementary', { name: 'Span details' })).toBeNull();
  });

  it('starts at the first level when expand all is off', () => {
    renderPanel([frameOf(SPECS)], { expandAll: false });
    expect(rowNames()).toEqual(['invoke_agent support', 'chat gpt-4o', 'execute_tool lookup_order']);
  });

  it('shows memory spans with their own glyph, top k of retrievals, and a remote agent call as one run', () => {
    const agent = (name: string) => ({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': name });
    renderPanel([
      frameOf([
        { id: 'r', name: 'invoke_agent support', durationMs: 100, attrs: agent('support') },
        {
          id: 'm',
          parent: 'r',
          name: 'search_memory user-prefs',
          startMs: 1,
          durationMs: 5,
          attrs: { 'gen_ai.operation.name': 'search_memory', 'gen_ai.retrieval.top_k': 3 },
        },
        {
          id: 'k',
          parent: 'r',
          name: 'retrieval kb',
          startMs: 7,
          durationMs: 5,
          attrs: { 'gen_ai.operation.name': 'retrieval', 'gen_ai.request.top_k': 5 },
        },
        {
          id: 'c',
          parent: 'r',
          name: 'invoke_agent billing',
          otelKind: 3,
          startMs: 20,
          durationMs: 50,
          attrs: agent('billing'),
        },
        { id: 'i', parent: 'c', name: 'invoke_agent billing', startMs: 21, durationMs: 45, attrs: agent('billing') },
      ]),
    ]);
    expect(rowByName('search_memory user-prefs').querySelector('[data-glyph="memory"]')).toHaveAccessibleName('Memory');
    fireEvent.click(rowByName('retrieval kb'));
    let details = screen.getByRole('complementary', { name: 'Span details' });
    expect(within(details).getByText('Top k').nextSibling).toHaveTextContent('5');
    fireEvent.click(rowByName('search_memory user-prefs'));
    details = screen.getByRole('complementary', { name: 'Span details' });
    expect(within(details).getByText('Memory')).toBeInTheDocument();
    expect(within(details).getByText('Top k').nextSibling).toHaveTextContent('3');
    fireEvent.click(rowByName('invoke_agent support'));
    details = screen.getByRole('complementary', { name: 'Span details' });
    expect(within(details).getByText(/^2 agent runs · 0 LLM/)).toBeInTheDocument();
  });

  it('marks the trace cost incomplete when a model call recorded no usage', () => {
    const stream: SpanSpec = {
      id: 's',
      parent: 'r',
      name: 'chat gpt-4o (stream)',
      startMs: 70,
      durationMs: 20,
      attrs: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o' },
    };
    const { unmount } = renderPanel([frameOf(SPECS)]);
    expect(screen.queryAllByTitle(/^Incomplete/)).toEqual([]);
    unmount();
    renderPanel([frameOf([...SPECS, stream])]);
    const incomplete = screen.getAllByTitle('Incomplete: the cost of 1 span is unknown (see the span details)');
    // The toolbar total and the root's Σ cost are lower bounds, not complete figures.
    expect(incomplete.map((e) => e.textContent)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^≥ \$0\.\d+$/), expect.stringMatching(/^Σ ≥ \$0\.\d+$/)])
    );
    const row = rowByName('chat gpt-4o (stream)');
    expect(row.querySelector('[title="no token usage recorded"]')?.textContent).toBe('?');
    fireEvent.click(row);
    const details = screen.getByRole('complementary', { name: 'Span details' });
    expect(within(details).getByText('unknown: no token usage recorded')).toBeInTheDocument();
  });

  it('explains what it needs when the data is not a span tree', () => {
    renderPanel([
      { fields: [{ name: 'x', type: 'number', config: {}, values: [1] }], length: 1 } as unknown as DataFrame,
    ]);
    expect(screen.getByText(/No span tree in this data/)).toBeInTheDocument();
  });
});
