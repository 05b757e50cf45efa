import React, { useState } from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createTheme } from '@grafana/data';
import { QueryEditor } from './QueryEditor';
import { loadTraceQLParser } from '../../data/traceql/traceqlSyntax';
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

/** The editor as a panel's query row holds it: onChange updates the query it is given. */
function setupStateful(initial: GenAiQuery) {
  const onRunQuery = jest.fn();
  function Row() {
    const [query, setQuery] = useState(initial);
    return <QueryEditor query={query} onChange={setQuery} onRunQuery={onRunQuery} datasource={datasource} />;
  }
  render(<Row />);
  return { onRunQuery };
}

// The grammar is a lazy chunk; its arrival re-renders the editor (inside act, no warning).
async function grammarLoaded() {
  await act(async () => {
    await loadTraceQLParser();
  });
}

const extraInput = () => screen.getByLabelText('Extra TraceQL') as HTMLTextAreaElement;
const overlay = () => screen.getByTestId('traceql-overlay');
const tokens = (el: HTMLElement) =>
  [...el.querySelectorAll<HTMLElement>('[data-token]')].map((e) => [e.dataset.token, e.textContent]);
/** Computed colours in the form jsdom gives them (rgb(…)). */
function rgb(colour: string): string {
  const probe = document.createElement('span');
  probe.style.color = colour;
  document.body.appendChild(probe);
  const value = getComputedStyle(probe).color;
  probe.remove();
  return value;
}

describe('QueryEditor', () => {
  it('shows the TraceQL it will run, with filter values escaped', async () => {
    setup({ refId: 'A', queryType: 'traceSearch', filters: { models: ['gpt-4o"}'], errorsOnly: true } });
    await grammarLoaded();
    const shown = screen.getByTestId('genai-built-traceql').textContent ?? '';
    expect(shown).toContain('span.gen_ai.request.model = "gpt-4o\\"}"');
    expect(shown).toContain('&& status = error }');
  });

  it('switches to trace-by-id and runs the query', async () => {
    const { onChange, onRunQuery } = setup({ refId: 'A', queryType: 'traceSearch' });
    await grammarLoaded();
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

  it('applies the errors-only switch', async () => {
    const { onChange } = setup({ refId: 'A', queryType: 'traceSearch', filters: {} });
    await grammarLoaded();
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

  describe('Extra TraceQL input (highlighted textarea over a token overlay)', () => {
    // Typing re-renders the whole editor once per key.
    jest.setTimeout(30_000);

    it('is a labelled textarea, drawn by an aria-hidden overlay of coloured tokens', async () => {
      const query = '{ span.gen_ai.tool.name = "search" && duration > 2s }';
      setup({ refId: 'A', queryType: 'traceSearch', filters: { traceql: query } });
      await grammarLoaded();
      const input = extraInput();
      expect(input.tagName).toBe('TEXTAREA');
      expect(input.value).toBe(query);
      // The field's visible label points at it too.
      expect(screen.getByText('Extra TraceQL', { selector: 'label' })).toHaveAttribute('for', input.id);
      const over = overlay();
      expect(over.tagName).toBe('PRE');
      expect(over).toHaveAttribute('aria-hidden', 'true');
      expect(over.textContent).toBe(query);
      expect(tokens(over).filter(([kind]) => kind !== 'plain')).toEqual([
        ['scope', 'span'],
        ['attribute', 'gen_ai.tool.name'],
        ['operator', '='],
        ['string', '"search"'],
        ['operator', '&&'],
        ['intrinsic', 'duration'],
        ['operator', '>'],
        ['number', '2s'],
      ]);
      // Coloured by Grafana's theme (the default one here is dark).
      const theme = createTheme();
      const colourOf = (kind: string) =>
        getComputedStyle(over.querySelector<HTMLElement>(`[data-token="${kind}"]`)!).color;
      expect(colourOf('scope')).toBe(rgb(theme.visualization.getColorByName('purple')));
      expect(colourOf('attribute')).toBe(rgb(theme.visualization.getColorByName('blue')));
      expect(colourOf('string')).toBe(rgb(theme.visualization.getColorByName('green')));
      expect(colourOf('number')).toBe(rgb(theme.visualization.getColorByName('orange')));
      // The textarea's own text is transparent: only the overlay's glyphs are seen, the caret is not.
      expect(getComputedStyle(input).color).toBe('transparent');
      expect(getComputedStyle(input).caretColor).toBe(rgb(theme.components.input.text));
      // The built query sets operators in medium weight; the overlay does not (every glyph keeps
      // the textarea's metrics).
      const builtOperator = screen
        .getByTestId('genai-built-traceql')
        .querySelector<HTMLElement>('[data-token="operator"]')!;
      expect(getComputedStyle(builtOperator).fontWeight).toBe(String(theme.typography.fontWeightMedium));
      for (const span of over.querySelectorAll<HTMLElement>('[data-token]')) {
        expect(getComputedStyle(span).fontWeight).not.toBe(String(theme.typography.fontWeightMedium));
        expect(getComputedStyle(span).fontStyle).not.toBe('italic');
      }
    });

    it('follows typing: the overlay is re-tokenised from the value as it is typed', async () => {
      const user = userEvent.setup({ delay: null });
      setupStateful({ refId: 'A', queryType: 'traceSearch', filters: {} });
      await grammarLoaded();
      expect(overlay().textContent).toBe('');
      await user.type(extraInput(), '{{ resource.a = "x" }');
      expect(extraInput().value).toBe('{ resource.a = "x" }');
      expect(overlay().textContent).toBe('{ resource.a = "x" }');
      expect(tokens(overlay())).toContainEqual(['scope', 'resource']);
      expect(tokens(overlay())).toContainEqual(['string', '"x"']);
      // A second line: the overlay keeps the newline where the textarea has it.
      await user.type(extraInput(), '{Enter}|| {{ .b = 1 }');
      expect(extraInput().value).toBe('{ resource.a = "x" }\n|| { .b = 1 }');
      expect(overlay().textContent).toBe(extraInput().value);
      expect(tokens(overlay())).toContainEqual(['number', '1']);
      // The built query shows it too.
      expect(screen.getByTestId('genai-built-traceql').textContent).toContain('{ resource.a = "x" }\n|| { .b = 1 }');
    });

    it('keeps a hostile string as text, in the overlay and in the built query', async () => {
      const hostile = '{ span.x = "<img src=x onerror=alert(1)>" } <script>alert(2)</script>';
      setupStateful({ refId: 'A', queryType: 'traceSearch', filters: {} });
      await grammarLoaded();
      fireEvent.change(extraInput(), { target: { value: hostile } });
      const editor = screen.getByTestId('genai-query-editor');
      expect(editor.querySelector('img, script')).toBeNull();
      expect(overlay().textContent).toBe(hostile);
      expect(extraInput().value).toBe(hostile);
      expect(tokens(overlay())).toContainEqual(['string', '"<img src=x onerror=alert(1)>"']);
      expect(screen.getByTestId('genai-built-traceql').textContent).toContain('<img src=x onerror=alert(1)>');
    });

    it('underlines exactly the characters of the parse error, in the input and in the built query', async () => {
      setup({ refId: 'A', queryType: 'traceSearch', filters: { traceql: '{ span.gen_ai.tool.name = }' } });
      await grammarLoaded();
      const marked = (el: HTMLElement) => [...el.querySelectorAll<HTMLElement>('[data-error]')];
      // Column 27 is the "}": only it, not the space the plain token " }" starts with.
      expect(marked(overlay()).map((e) => e.textContent)).toEqual(['}']);
      const [wave] = marked(overlay());
      expect(wave.previousElementSibling?.textContent).toBe(' ');
      // The squiggle: an SVG wave along the bottom of the span, in the error colour.
      const style = getComputedStyle(wave);
      const image = /^url\("?data:image\/svg\+xml,([^"]*)"?\)$/.exec(style.backgroundImage);
      expect(image).not.toBeNull();
      const svg = decodeURIComponent(image![1]);
      expect(svg).toContain(`stroke='${createTheme().colors.error.text}'`);
      expect(style.backgroundRepeat).toBe('repeat-x');
      // Not a text-decoration: its offset and depth put the wave on the next line.
      expect(style.textDecorationLine || 'none').toBe('none');
      expect(overlay().textContent).toBe('{ span.gen_ai.tool.name = }');
      expect(extraInput()).toHaveAttribute('aria-invalid', 'true');
      // The built query, where the extra TraceQL sits inside the filters, marks the same "}".
      const built = screen.getByTestId('genai-built-traceql');
      expect(marked(built).map((e) => e.textContent)).toEqual(['}']);
    });

    it('marks an error at the very end without adding a character to the overlay', async () => {
      setup({ refId: 'A', queryType: 'traceSearch', filters: { traceql: '{ span.gen_ai.tool.name = "x"' } });
      await grammarLoaded();
      expect(await screen.findByText(/TraceQL: the query ends too early/)).toBeInTheDocument();
      expect(overlay().querySelector('[data-error="end"]')).not.toBeNull();
      expect(overlay().textContent).toBe('{ span.gen_ai.tool.name = "x"');
    });

    it('runs on Shift+Enter when the query parses, and not when it does not', async () => {
      const user = userEvent.setup({ delay: null });
      const { onRunQuery } = setupStateful({
        refId: 'A',
        queryType: 'traceSearch',
        filters: { traceql: '{ span.gen_ai.tool.name = "search" }' },
      });
      await grammarLoaded();
      await user.click(extraInput());
      await user.keyboard('{Shift>}{Enter}{/Shift}');
      expect(onRunQuery).toHaveBeenCalledTimes(1);
      expect(extraInput().value).toBe('{ span.gen_ai.tool.name = "search" }'); // no newline added
      await user.clear(extraInput());
      await user.type(extraInput(), '{{ .x = }');
      await user.keyboard('{Shift>}{Enter}{/Shift}');
      expect(onRunQuery).toHaveBeenCalledTimes(1);
    });
  });
});
