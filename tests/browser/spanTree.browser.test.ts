/** @jest-environment node */
// The span-tree panel from dist/, in headless Chromium inside the Grafana host harness: real
// SystemJS loading, PanelChrome, applyFieldOverrides, the data source's traceById query against
// replayed real Tempo responses. Screenshots: test-output/span-tree/*.png.
import { dataFrameToJSON, type DataFrame } from '@grafana/data';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { spanTreeFrame } from '../../src/data/frames/spanTreeFrame';
import { buildTraceFromPayload, type LoadedTrace } from '../../src/data/trace/loadTrace';
import { openHarness, type HarnessSession } from '../harness/openHarness';
import { otlpTrace, type SpanSpec } from '../helpers/otlpBuilders';
import { pipelineOptions } from '../helpers/pipeline';
import { replayTransport, type RecordingFile } from '../helpers/recordedTransport';
import { LokiClient } from '../../src/data/loki/lokiClient';
import { loadTraceLogMessages, logSourceNote } from '../../src/data/loki/traceLogMessages';

const REPO_ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(REPO_ROOT, 'test-output/span-tree');
const PANEL = 'genaiobs-spantree-panel';
const WIDTH = 1300;
const HEIGHT = 620;

const recordings: RecordingFile = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'fixtures/tempo/recordings.json'), 'utf8')
);

/** Each recorded trace-by-id exchange, with the tree the data source builds from it (the expectation). */
function recordedTraces(): Array<{ service: string; traceId: string; trace: LoadedTrace }> {
  return recordings.exchanges
    .filter((e) => /^\/api\/v2\/traces\/[0-9a-f]+$/.test(e.path) && e.status === 200)
    .map((e) => {
      const traceId = e.path.split('/').pop()!;
      const trace = buildTraceFromPayload(traceId, JSON.parse(e.body), pipelineOptions());
      return { service: trace.nodes.find((n) => !n.synthetic)!.span.serviceName, traceId, trace };
    });
}

// Three dialects at least (issue #5); these three carry messages in span attributes.
const DIALECTS = ['fixture-semconv', 'fixture-openinference', 'fixture-langfuse', 'fixture-openllmetry'];

const panel = (h: HarnessSession) => h.page.locator(`[data-harness-panel="${PANEL}"]`);
const rows = (h: HarnessSession) => panel(h).locator('[role="treeitem"]');
const rowNames = (h: HarnessSession) => panel(h).locator('[role="treeitem"] [data-span-name]').allTextContents();

async function shot(h: HarnessSession, name: string) {
  await mkdir(SHOTS, { recursive: true });
  await h.page.mouse.move(0, 0);
  // Icons are fetched when first drawn; picture them loaded.
  await h.page.waitForLoadState('networkidle');
  await h.page.screenshot({
    path: path.join(SHOTS, `${name}.png`),
    clip: { x: 0, y: 0, width: WIDTH + 40, height: HEIGHT + 40 },
  });
}

function query(traceId: string) {
  return { datasourceUid: 'genai', query: { refId: 'A', queryType: 'traceById', traceId } };
}

/**
 * An agent run with one chat call (the user's text in, the assistant's out) as a span-tree frame
 * sent through JSON, as a frame crossing a serialisation boundary: content arrives as plain objects.
 */
function chatTraceJson(rootName: string, user: string, assistant: string, attrs: Record<string, unknown> = {}) {
  const specs: SpanSpec[] = [
    { id: 'a', name: rootName, durationMs: 50 },
    {
      id: 'b',
      parent: 'a',
      name: 'chat gpt-4o-mini',
      startMs: 5,
      durationMs: 30,
      attrs: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        ...attrs,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: user }] }]),
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: assistant }] },
        ]),
      },
    },
  ];
  const frame: DataFrame = spanTreeFrame(buildTraceFromPayload('cd'.repeat(16), otlpTrace(specs), pipelineOptions()));
  return JSON.parse(JSON.stringify(dataFrameToJSON(frame)));
}

let h: HarnessSession;
beforeAll(async () => {
  h = await openHarness({ viewport: { width: WIDTH + 420, height: HEIGHT + 200 } });
}, 180_000);
afterAll(() => h?.close());

describe('span-tree panel in the Grafana host harness', () => {
  const traces = recordedTraces().filter((t) => DIALECTS.includes(t.service));

  it('has the recorded traces of the dialects it is tested with', () => {
    expect(traces.map((t) => t.service).sort()).toEqual([...DIALECTS].sort());
  });

  for (const theme of ['dark', 'light'] as const) {
    for (const dialect of DIALECTS) {
      it(`${dialect} (${theme}): tree, collapse/expand, chat of an LLM call`, async () => {
        const { traceId, trace } = traces.find((t) => t.service === dialect)!;
        await h.open(theme);
        const result = await h.renderPanel(PANEL, { query: query(traceId), width: WIDTH, height: HEIGHT });
        expect(result.errors).toEqual([]);
        expect(result.frames[0].length).toBe(trace.nodes.length);

        // Rows in the order and number the data source's tree has.
        await rows(h).first().waitFor();
        expect(await rowNames(h)).toEqual(trace.nodes.map((n) => n.span.name));
        const rootName = trace.nodes[0].span.name;
        await panel(h)
          .getByRole('button', { name: `Collapse ${rootName}` })
          .click();
        expect(await rows(h).count()).toBe(1);
        expect(await rows(h).first().textContent()).toContain(`+${trace.nodes.length - 1}`);
        await panel(h)
          .getByRole('button', { name: `Expand ${rootName}` })
          .click();
        expect(await rows(h).count()).toBe(trace.nodes.length);

        // The first LLM call with a prompt: its chat shows it as text (semconv keeps messages in
        // log events, so there only the system instructions are on the span).
        const llm = trace.nodes.findIndex(
          (n) => n.span.kind === 'llm' && (n.span.content.input.length > 0 || n.span.content.systemInstructions)
        );
        expect(llm).toBeGreaterThan(0);
        await rows(h).nth(llm).click();
        const details = panel(h).getByRole('complementary', { name: 'Span details' });
        expect(await details.getByRole('heading', { level: 5 }).textContent()).toBe(trace.nodes[llm].span.name);
        const content = trace.nodes[llm].span.content;
        const firstText = content.input[0]?.parts.find((p) => p.type === 'text');
        const prompt = firstText?.type === 'text' ? firstText.content : content.systemInstructions!;
        expect(prompt.length).toBeGreaterThan(10);
        const input = details.getByRole('region', { name: 'Input' });
        expect(await input.textContent()).toContain(prompt.slice(0, 60));
        const model = trace.nodes[llm].span.responseModel ?? trace.nodes[llm].span.requestModel!;
        const href = await details.getByRole('link', { name: /Model dashboard/ }).getAttribute('href');
        expect(new URLSearchParams(href!.split('?')[1]).get('var-model')).toBe(model);
        if (dialect === 'fixture-semconv' || dialect === 'fixture-openinference') {
          await shot(h, `${dialect.replace('fixture-', '')}-${theme}`);
        }
        expect(h.pageErrors).toEqual([]);
      }, 60_000);
    }
  }

  it('renders a hostile prompt as text, never as HTML (frames given to the panel)', async () => {
    const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> <b>bold?</b>';
    const json = chatTraceJson(
      'invoke_agent <img src=x onerror=alert(1)>',
      hostile,
      '<svg onload="window.__pwned = 3"></svg>',
      {
        'gen_ai.usage.input_tokens': 10,
        'gen_ai.usage.output_tokens': 5,
      }
    );
    await h.open('dark');
    const result = await h.renderPanel(PANEL, { frames: [json], width: WIDTH, height: HEIGHT });
    expect(result.errors).toEqual([]);
    await rows(h).nth(1).click();
    const input: Locator = panel(h).getByRole('region', { name: 'Input' });
    expect(await input.textContent()).toContain(hostile);
    expect(await panel(h).getByRole('region', { name: 'Output' }).textContent()).toContain('<svg onload=');
    expect(await panel(h).locator('script, img, svg[onload], b').count()).toBe(0);
    expect(await h.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await rowNames(h)).toEqual(['invoke_agent <img src=x onerror=alert(1)>', 'chat gpt-4o-mini']);
    await shot(h, 'hostile-dark');
    expect(h.pageErrors).toEqual([]);
  }, 60_000);

  it('masks personal data in the chat; only an admin reveals it, one message at a time', async () => {
    const email = 'jane.doe@example.com';
    const key = 'sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c';
    const frame = chatTraceJson('invoke_agent mailer', `Mail ${email} the report; my key is ${key}`, 'Sent.');
    const user = () => panel(h).locator('[data-role="user"]');
    for (const role of ['Viewer', 'Admin'] as const) {
      await h.open(role === 'Admin' ? 'light' : 'dark', role);
      const result = await h.renderPanel(PANEL, { frames: [frame], width: WIDTH, height: HEIGHT });
      expect(result.errors).toEqual([]);
      await rows(h).nth(1).click();
      expect(await user().textContent()).toContain('Mail [email] the report; my key is [api-key]');
      expect(await panel(h).textContent()).not.toContain(email);
      expect(await user().getAttribute('data-masked')).toBe('true');
      const reveal = user().getByRole('button', { name: 'Reveal' });
      if (role === 'Viewer') {
        expect(await reveal.count()).toBe(0);
        await shot(h, 'masked-viewer-dark');
      } else {
        await reveal.click();
        expect(await user().textContent()).toContain(`Mail ${email} the report; my key is ${key}`);
        await shot(h, 'revealed-admin-light');
      }
    }
    expect(h.pageErrors).toEqual([]);
  }, 60_000);

  it('shows a 5,000-span trace with a bounded number of rows and reaches its last span by scrolling', async () => {
    const n = 5_000;
    const specs: SpanSpec[] = [{ id: '1', name: 'invoke_agent big', durationMs: n + 10 }];
    for (let i = 2; i <= n; i++) {
      specs.push({ id: i.toString(16), parent: '1', name: `step ${i}`, startMs: i, durationMs: 1, error: i === n });
    }
    const frame = spanTreeFrame(buildTraceFromPayload('ef'.repeat(16), otlpTrace(specs), pipelineOptions()));
    await h.open('light');
    const result = await h.renderPanel(PANEL, { frames: [dataFrameToJSON(frame)], width: WIDTH, height: HEIGHT });
    expect(result.errors).toEqual([]);
    expect(result.frames[0].length).toBe(n);
    await rows(h).first().waitFor();
    const shown = await rows(h).count();
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(80);
    // A jump to the end is a fling: rows show only their tree cell while it lasts (seen by an
    // observer, whatever the timing), and are full again once it stopped.
    const lightWhileFlinging = await panel(h)
      .locator('[role="tree"]')
      .evaluate(async (el) => {
        let light = 0;
        const seen = new MutationObserver(() => (light = Math.max(light, el.querySelectorAll('[data-light]').length)));
        seen.observe(el, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-light'] });
        el.scrollTop = el.scrollHeight;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        seen.disconnect();
        return light;
      });
    expect(lightWhileFlinging).toBeGreaterThan(10);
    const last = panel(h).locator('[role="treeitem"]', {
      has: h.page.locator('[data-span-name]', { hasText: new RegExp(`^step ${n}$`) }),
    });
    await last.filter({ hasText: '1.00 ms' }).waitFor({ timeout: 5_000 });
    expect(await panel(h).locator('[role="treeitem"][data-light]').count()).toBe(0);
    // Errors filter: the failing last span and its root.
    await panel(h).getByRole('radio', { name: 'Errors' }).click();
    expect(await rowNames(h)).toEqual(['invoke_agent big', `step ${n}`]);
    // A filter right after the fling draws full rows at once.
    expect(await panel(h).locator('[role="treeitem"][data-light]').count()).toBe(0);
    expect(await panel(h).locator('[role="treeitem"]').last().textContent()).toContain('1.00 ms');
    await shot(h, 'large-errors-light');
    expect(h.pageErrors).toEqual([]);
  }, 90_000);
});

describe('chats written as log records, from Loki (replayed real Loki answers)', () => {
  const lokiRecordings: RecordingFile = JSON.parse(
    readFileSync(path.join(REPO_ROOT, 'fixtures/loki/recordings.json'), 'utf8')
  );
  const loki = new LokiClient(replayTransport(lokiRecordings, 'Loki'));
  const traces = recordedTraces();

  /** What the data source gives for the trace: the expectation the page must show. */
  async function expectedLogs(service: string) {
    const { traceId, trace } = traces.find((t) => t.service === service)!;
    const logs = await loadTraceLogMessages(loki, { traceId, services: [service], startMs: 0, endMs: 1 });
    return { traceId, trace, logs };
  }

  async function openSpan(datasourceUid: string, traceId: string, spanId: string, trace: LoadedTrace) {
    const result = await h.renderPanel(PANEL, {
      query: { datasourceUid, query: { refId: 'A', queryType: 'traceById', traceId } },
      width: WIDTH,
      height: HEIGHT,
    });
    expect(result.errors).toEqual([]);
    await rows(h).first().waitFor();
    await rows(h)
      .nth(trace.nodes.findIndex((n) => n.span.spanId === spanId))
      .click();
    return panel(h).getByRole('complementary', { name: 'Span details' });
  }

  const roles = (region: Locator) =>
    region.locator('[data-role]').evaluateAll((els) => els.map((e) => e.getAttribute('data-role')));

  for (const [service, theme] of [
    ['fixture-semconv', 'dark'],
    ['fixture-semconv-deprecated', 'light'],
  ] as const) {
    it(`${service} (${theme}): every LLM call shows its messages from Loki, in order, with roles, and says so`, async () => {
      const { traceId, trace, logs } = await expectedLogs(service);
      expect(logs.bySpan.size).toBeGreaterThanOrEqual(4);
      await h.open(theme);
      for (const [spanId, m] of logs.bySpan) {
        const details = await openSpan('genai', traceId, spanId, trace);
        await details.locator('[data-log-chat="loki"]').waitFor();
        const system = trace.nodes.find((n) => n.span.spanId === spanId)!.span.content.systemInstructions;
        expect(await roles(details.getByRole('region', { name: 'Input' }))).toEqual([
          ...(system ? ['system'] : []),
          ...m.input.map((x) => x.role),
        ]);
        expect(await roles(details.getByRole('region', { name: 'Output' }))).toEqual(m.output.map((x) => x.role));
        expect(await details.locator('[data-log-chat="loki"]').textContent()).toBe(logSourceNote(logs, spanId));
      }
      // The call whose prompt holds HTML: shown as text, and no element made of it.
      const hostile = [...logs.bySpan].find(([, m]) => m.input.some((x) => JSON.stringify(x).includes('<script>')))!;
      const details = await openSpan('genai', traceId, hostile[0], trace);
      await details.locator('[data-log-chat="loki"]').waitFor();
      expect(await details.getByRole('region', { name: 'Input' }).textContent()).toContain(
        '<script>alert(1)</script><img src=x onerror=alert(2)>'
      );
      expect(await panel(h).locator('script, img[src="x"]').count()).toBe(0);
      await shot(h, `loki-chat-${service.replace('fixture-', '')}-${theme}`);
      expect(h.pageErrors).toEqual([]);
    }, 90_000);
  }

  it('a span Loki holds no records for shows no chat and says so; the tree is whole', async () => {
    const { traceId, trace, logs } = await expectedLogs('fixture-semconv');
    await h.open('dark');
    const [spanId] = [...logs.bySpan.keys()];
    const details = await openSpan('genai-loki-elsewhere', traceId, spanId, trace);
    await details.locator('[data-log-chat="none"]').waitFor();
    expect(await details.locator('[data-log-chat="none"]').textContent()).toBe(
      'Loki has no log records for this trace, so there is no chat to show.'
    );
    expect(await details.getByRole('region', { name: 'Output' }).count()).toBe(0);
    expect(await rows(h).count()).toBe(trace.nodes.length);
    expect(h.pageErrors).toEqual([]);
  }, 60_000);

  it('Loki down: the details say so clearly, everything else of the trace is there', async () => {
    const { traceId, trace, logs } = await expectedLogs('fixture-semconv');
    await h.open('light');
    const [spanId] = [...logs.bySpan.keys()];
    const details = await openSpan('genai-loki-down', traceId, spanId, trace);
    const alert = details.locator('[data-log-chat="error"]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /^This span has no messages on it, and its log records could not be read from Loki: Loki is unreachable through Grafana \(HTTP 502.*\)\. The rest of the trace is unaffected\.$/
    );
    expect(await rows(h).count()).toBe(trace.nodes.length);
    expect(await details.getByText('Input tokens').count()).toBe(1);
    await shot(h, 'loki-down-light');
    expect(h.pageErrors).toEqual([]);
  }, 60_000);
});
