/**
 * Loki contract tests: the log records real instrumentations wrote (fixtures/otlp/*.logs.json,
 * @opentelemetry/instrumentation-openai 0.22 with the 2026 and the deprecated event names), stored
 * in a real Loki through its OTLP endpoint, read back by the data source's one query per trace.
 * Replayed from fixtures/loki/recordings.json by default; with LOKI_URL set the same tests run
 * live (the records are sent first, under fresh trace ids).
 *
 * The expected chats are read from the OTLP fixtures here, independently of the decoder: every
 * message of every LLM call, in order, with its role.
 *
 * @jest-environment node
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeAnyValue, type AttrValue } from '../../src/data/otlp/anyValue';
import type { OtlpAnyValue } from '../../src/data/otlp/types';
import { fetchTransport, type HttpTransport } from '../../src/data/http/transport';
import { LokiClient } from '../../src/data/loki/lokiClient';
import { logSourceNote, type SpanLogMessages } from '../../src/data/loki/traceLogMessages';
import { traceLogQuery } from '../../src/data/loki/traceLogQuery';
import type { ChatMessage } from '../../src/data/genai/model';
import { runLokiScenarios, SMALL_LIMIT, type LokiScenarioResults } from '../helpers/lokiScenarios';
import {
  allRecords,
  ingestLogs,
  loadLogFixtures,
  shiftLogsToNow,
  waitUntilQueryable,
  withFreshTraceIds,
} from '../helpers/otlpLogs';
import { replayTransport, type RecordingFile } from '../helpers/recordedTransport';

const LIVE = process.env.LOKI_URL?.replace(/\/+$/, '');
const fixtures = loadLogFixtures();
const recordings: RecordingFile = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../fixtures/loki/recordings.json'), 'utf8')
);
let results: LokiScenarioResults;
let replay: ReturnType<typeof replayTransport> | undefined;

jest.setTimeout(LIVE ? 120_000 : 30_000);

beforeAll(async () => {
  let transport: HttpTransport;
  const ids = new Map<string, string>();
  const now = Date.now();
  if (LIVE) {
    for (const f of fixtures) {
      const fresh = withFreshTraceIds(shiftLogsToNow(f.payload, now));
      await ingestLogs(`${LIVE}/otlp/v1/logs`, fresh.payload);
      for (const [old, id] of fresh.ids) {
        ids.set(old, id);
        const n = allRecords(f.payload).filter((r) => String(r.traceId).toLowerCase() === old).length;
        await waitUntilQueryable(LIVE, traceLogQuery({ traceId: id, services: f.services }), n);
      }
    }
    transport = fetchTransport(LIVE, { backend: 'Loki' });
  } else {
    transport = replay = replayTransport(recordings, 'Loki');
  }
  results = await runLokiScenarios(
    new LokiClient(transport),
    fixtures,
    { startMs: now - 600_000, endMs: now },
    (id) => ids.get(id) ?? id
  );
});

afterAll(() => {
  expect(replay?.misses ?? []).toEqual([]);
});

const ROLE_OF_EVENT: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
  'gen_ai.choice': 'assistant',
};

type Obj = { [k: string]: AttrValue };
const isObj = (v: AttrValue | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A message as role + what it says: its texts, `call <tool>` for tool calls, tool results as text. */
function summary(role: string, items: string[]): string {
  return `${role}: ${items.join(' | ')}`;
}

/** From the OTLP record itself: the 2026 message lists, or the deprecated event's body. */
function expectedFromRecord(attrs: Record<string, AttrValue>, body: AttrValue): string[] {
  const out: string[] = [];
  for (const key of ['gen_ai.input.messages', 'gen_ai.output.messages']) {
    const list = attrs[key];
    for (const m of Array.isArray(list) ? list.filter(isObj) : []) {
      const parts = Array.isArray(m.parts) ? m.parts.filter(isObj) : [];
      out.push(
        summary(
          String(m.role),
          parts.map((p) =>
            p.type === 'tool_call' ? `call ${p.name}` : String(p.type === 'tool_call_response' ? p.response : p.content)
          )
        )
      );
    }
  }
  const event = attrs['event.name'];
  if (typeof event === 'string' && ROLE_OF_EVENT[event] && isObj(body)) {
    const msg = event === 'gen_ai.choice' && isObj(body.message) ? body.message : body;
    const items: string[] = [];
    if (typeof msg.content === 'string') {
      items.push(msg.content);
    }
    for (const tc of Array.isArray(msg.tool_calls) ? msg.tool_calls.filter(isObj) : []) {
      items.push(`call ${isObj(tc.function) ? tc.function.name : tc.name}`);
    }
    out.push(summary(ROLE_OF_EVENT[event], items));
  }
  return out;
}

function decodedChat(m: SpanLogMessages): string[] {
  const one = (msg: ChatMessage) =>
    summary(
      msg.role,
      msg.parts.flatMap((p) =>
        p.type === 'text'
          ? [p.content]
          : p.type === 'tool_call'
            ? [`call ${p.name}`]
            : p.type === 'tool_call_response'
              ? [String(p.result)]
              : []
      )
    );
  return [...m.input.map(one), ...m.output.map(one)];
}

describe.each(fixtures.map((f) => [f.dialect, f] as const))('%s log records in Loki', (_dialect, fixture) => {
  const bySpan = new Map<string, string[]>();
  for (const r of allRecords(fixture.payload)) {
    const attrs = Object.fromEntries((r.attributes ?? []).map((a) => [a.key, decodeAnyValue(a.value as OtlpAnyValue)]));
    const spanId = String(r.spanId).toLowerCase();
    bySpan.set(spanId, [
      ...(bySpan.get(spanId) ?? []),
      ...expectedFromRecord(attrs, decodeAnyValue(r.body as OtlpAnyValue)),
    ]);
  }

  it('has records of several LLM calls to check (the fixture is what the test thinks)', () => {
    expect(bySpan.size).toBeGreaterThanOrEqual(4);
    expect([...bySpan.values()].every((chat) => chat.length > 0)).toBe(true);
  });

  it('shows every message of every LLM call in that span’s chat, in order, with its role', () => {
    const logs = results.byTrace.get(fixture.traceIds[0])!;
    expect(logs.source.truncated).toBe(false);
    expect(logs.source.traceRecords).toBe(allRecords(fixture.payload).length);
    expect(new Set(logs.bySpan.keys())).toEqual(new Set(bySpan.keys()));
    for (const [spanId, chat] of bySpan) {
      const got = logs.bySpan.get(spanId)!;
      expect({ spanId, chat: decodedChat(got) }).toEqual({ spanId, chat });
      expect(got.warnings).toEqual([]);
      expect(logSourceNote(logs, spanId)).toMatch(/^Messages from \d+ log records? in Loki/);
    }
  });

  it('says a span with no records has no chat (the agent span of the same trace)', () => {
    const logs = results.byTrace.get(fixture.traceIds[0])!;
    expect(logSourceNote(logs, 'ffffffffffffffff')).toBe(
      `Loki has no GenAI log records for this span (${logs.source.traceRecords} for the whole trace), so there is no chat to show.`
    );
  });
});

describe('what Loki does not have', () => {
  it('a trace without records: an empty result, said plainly', () => {
    expect(results.withoutLogs.bySpan.size).toBe(0);
    expect(results.withoutLogs.source.traceRecords).toBe(0);
    expect(logSourceNote(results.withoutLogs, 'a8802e015e935bf0')).toBe(
      'Loki has no log records for this trace, so there is no chat to show.'
    );
  });

  it('more records than one query returns: marked truncated, and the note says what is missing', () => {
    const t = results.truncated;
    expect(t.source).toMatchObject({ traceRecords: SMALL_LIMIT, truncated: true, limit: SMALL_LIMIT });
    const [first] = [...t.bySpan.keys()];
    expect(logSourceNote(t, first)).toContain(`Loki returned its limit of ${SMALL_LIMIT} records for this trace`);
  });

  it('a configured stream selector is used as written, and finding nothing there is said the same way', () => {
    expect(results.elsewhere.source.query).toMatch(
      /^\{service_name="genai-no-such-service"\} \| trace_id="[0-9a-f]{32}"$/
    );
    expect(results.elsewhere.source.traceRecords).toBe(0);
  });

  it('the recording says which Loki it came from, and the build info agrees', () => {
    expect(recordings.lokiVersion).toMatch(/^v3\.\d+\.\d+ \([0-9a-f]+\)$/);
    if (!LIVE) {
      expect(results.version).toBe(recordings.lokiVersion!.split(' ')[0]);
    } else {
      expect(results.version).toMatch(/^v?\d+\.\d+/);
    }
  });
});
