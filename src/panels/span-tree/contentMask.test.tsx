import { fireEvent, render, screen, within } from '@testing-library/react';
import { LoadingState, type DataFrame, type PanelProps } from '@grafana/data';
import React from 'react';
import { spanTreeFrame } from '../../data/frames/spanTreeFrame';
import type { FramePii } from '../../data/frames/readSpanTreeFrame';
import { buildTraceFromPayload } from '../../data/trace/loadTrace';
import { otlpTrace, type SpanSpec } from '../../../tests/helpers/otlpBuilders';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import { SpanTreePanel } from './SpanTreePanel';
import { DEFAULT_OPTIONS, type SpanTreeOptions } from './types';

const EMAIL = 'jane.doe@example.com';
const CARD = '4111 1111 1111 1111';
const SPECS: SpanSpec[] = [
  {
    id: 'a',
    name: 'chat gpt-4o',
    durationMs: 40,
    attrs: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: `I am ${EMAIL}, card ${CARD}. Refund order 42?` }] },
      ]),
      'gen_ai.output.messages': JSON.stringify([
        { role: 'assistant', parts: [{ type: 'text', content: 'Refund sent for order 42.' }], finish_reason: 'stop' },
      ]),
      'app.customer.email': EMAIL,
    },
  },
];

function frame(pii?: Partial<FramePii>): DataFrame {
  const f = spanTreeFrame(buildTraceFromPayload('cd'.repeat(16), otlpTrace(SPECS), pipelineOptions()));
  return pii ? { ...f, meta: { ...f.meta, custom: { ...f.meta?.custom, pii } } } : f;
}

function signIn(orgRole: 'Admin' | 'Editor' | 'Viewer') {
  const w = window as unknown as { grafanaBootData?: { user?: Record<string, unknown> } };
  w.grafanaBootData = { ...w.grafanaBootData, user: { ...w.grafanaBootData?.user, orgRole, isGrafanaAdmin: false } };
}

function openDetails(f: DataFrame) {
  const props = {
    data: { series: [f], state: LoadingState.Done, timeRange: {} },
    options: { ...DEFAULT_OPTIONS } as SpanTreeOptions,
    width: 1200,
    height: 600,
  } as unknown as PanelProps<SpanTreeOptions>;
  render(<SpanTreePanel {...props} />);
  fireEvent.click(screen.getAllByRole('treeitem')[0]);
  return screen.getByRole('complementary', { name: 'Span details' });
}

const userBubble = (details: HTMLElement) => details.querySelector<HTMLElement>('[data-role="user"]')!;

describe('content masking in the span details', () => {
  it('masks the chat and attributes by default (a frame without settings), and a viewer cannot reveal', () => {
    signIn('Viewer');
    const details = openDetails(frame());
    const bubble = userBubble(details);
    expect(bubble).toHaveTextContent('I am [email], card [card]. Refund order 42?');
    expect(bubble.getAttribute('data-masked')).toBe('true');
    expect(details.textContent).not.toContain(EMAIL);
    expect(details.textContent).not.toContain(CARD);
    // The attribute value too; the answer, which holds no personal data, is as it was.
    expect(within(details).getAllByText('[email]').length).toBeGreaterThan(0);
    expect(details.querySelector('[data-role="assistant"]')).toHaveTextContent('Refund sent for order 42.');
    expect(within(bubble).queryByRole('button', { name: /Reveal/ })).toBeNull();
    expect(within(bubble).getByText('masked')).toBeInTheDocument();
  });

  it('lets an admin reveal one message, and mask it again', () => {
    signIn('Admin');
    const details = openDetails(frame({ enabled: true }));
    const bubble = userBubble(details);
    fireEvent.click(within(bubble).getByRole('button', { name: /Reveal/ }));
    expect(bubble).toHaveTextContent(`I am ${EMAIL}, card ${CARD}. Refund order 42?`);
    // Only that message: the attribute elsewhere in the details stays masked.
    expect(within(details).getAllByText('[email]').length).toBeGreaterThan(0);
    fireEvent.click(within(bubble).getByRole('button', { name: /Mask/ }));
    expect(bubble).toHaveTextContent('I am [email], card [card].');
  });

  it('lets editors reveal only when the data source allows it', () => {
    signIn('Editor');
    expect(
      within(userBubble(openDetails(frame({ enabled: true })))).queryByRole('button', { name: /Reveal/ })
    ).toBeNull();
    document.body.innerHTML = '';
    const bubble = userBubble(openDetails(frame({ enabled: true, revealRole: 'Editor' })));
    expect(within(bubble).getByRole('button', { name: /Reveal/ })).toBeInTheDocument();
  });

  it('shows content as it is when masking is off, and applies custom patterns', () => {
    signIn('Viewer');
    expect(userBubble(openDetails(frame({ enabled: false })))).toHaveTextContent(EMAIL);
    document.body.innerHTML = '';
    const bubble = userBubble(
      openDetails(frame({ enabled: true, customPatterns: [{ name: 'order', pattern: 'order \\d+' }] }))
    );
    expect(bubble).toHaveTextContent('I am [email], card [card]. Refund [order]?');
  });

  it('lets nobody reveal without a signed-in user', () => {
    delete (window as unknown as { grafanaBootData?: unknown }).grafanaBootData;
    expect(
      within(userBubble(openDetails(frame({ enabled: true })))).queryByRole('button', { name: /Reveal/ })
    ).toBeNull();
  });
});
