import type { RawEvent } from '../otlp/rawSpan';
import { restoreChatOrder } from './sameTimeOrder';

const ev = (name: string, body: unknown, timeMs = 1000): RawEvent => ({
  name,
  timeMs,
  attributes: { 'gen_ai.event.content': JSON.stringify(body) },
});
const sys = (t: string) => ev('gen_ai.system.message', { content: t });
const user = (t: string) => ev('gen_ai.user.message', { content: t });
const asst = (t: string, calls: string[] = []) =>
  ev('gen_ai.assistant.message', {
    content: t,
    tool_calls: calls.map((id) => ({ id, type: 'function', function: { name: 'f' } })),
  });
const tool = (id: string) => ev('gen_ai.tool.message', { id, content: `result ${id}` });
const choice = (t: string) => ev('gen_ai.choice', { message: { content: t } });

/** What Loki does to records of one timestamp: ordered by labels (here: the event name), stable within one. */
const lokiOrder = (events: RawEvent[]) => [...events].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const text = (events: RawEvent[]) => events.map((e) => JSON.parse(String(e.attributes['gen_ai.event.content'])));

describe('restoreChatOrder', () => {
  it.each([
    ['one turn', [sys('s'), user('q'), choice('a')]],
    [
      'a tool round trip, then the user again',
      [sys('s'), user('q1'), asst('', ['c1']), tool('c1'), user('q2'), choice('a')],
    ],
    [
      'two tools, the assistant answering them, a second turn',
      [sys('s'), user('q1'), asst('', ['c1', 'c2']), tool('c1'), tool('c2'), asst('done'), user('q2'), choice('a')],
    ],
    ['plain history', [user('q1'), asst('a1'), user('q2'), asst('a2'), user('q3')]],
  ])('undoes Loki’s label order for %s', (_name, chat) => {
    const { events, reconstructed } = restoreChatOrder(lokiOrder(chat));
    expect(text(events)).toEqual(text(chat));
    expect(reconstructed).toBeGreaterThan(0);
  });

  it('matches tool results to their calls by id, whatever order Loki gave them in', () => {
    const chat = [user('q'), asst('', ['b', 'a']), tool('b'), tool('a')];
    const shuffled = [chat[3], chat[1], chat[2], chat[0]];
    expect(text(restoreChatOrder(shuffled).events)).toEqual(text(chat));
  });

  it('leaves records with distinct timestamps, and one-name groups, as they are', () => {
    const chat = [ev('gen_ai.user.message', { content: 'b' }, 2), ev('gen_ai.system.message', { content: 'a' }, 1)];
    expect(restoreChatOrder(chat)).toEqual({ events: chat, reconstructed: 0 });
    const users = [user('1'), user('2')];
    expect(restoreChatOrder(users)).toEqual({ events: users, reconstructed: 0 });
  });

  it('keeps every record and never throws on bodies that are not JSON', () => {
    const odd: RawEvent[] = [
      { name: 'gen_ai.tool.message', timeMs: 1, attributes: { 'gen_ai.event.content': '{not json' } },
      { name: 'gen_ai.assistant.message', timeMs: 1, attributes: {} },
      { name: 'something.else', timeMs: 1, attributes: {} },
    ];
    const { events } = restoreChatOrder(odd);
    expect(new Set(events)).toEqual(new Set(odd));
    expect(events).toHaveLength(3);
  });
});
