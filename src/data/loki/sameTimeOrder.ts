import type { AttrValue } from '../otlp/anyValue';
import type { RawEvent } from '../otlp/rawSpan';

/**
 * Loki returns records that share a timestamp ordered by their label string, structured metadata
 * included, not in the order they were sent (`lessAscending` in Loki's pkg/iter/entry_iterator.go;
 * records with equal labels keep their order). Instrumentations that write one record per message
 * (`gen_ai.user.message`, …) often stamp a whole prompt with one millisecond, so Loki hands it back
 * as assistant, system, tool, user. Each event name's own records are still in order; this
 * interleaves them back the way a chat goes: system first, a user turn, the assistant's answer, the
 * results of the tools it called (matched by call id), the assistant again, and the choice last.
 * The order is reconstructed, not recorded: callers say so.
 */
export function restoreChatOrder(events: RawEvent[]): { events: RawEvent[]; reconstructed: number } {
  const out: RawEvent[] = [];
  let reconstructed = 0;
  for (let i = 0; i < events.length;) {
    let j = i + 1;
    while (j < events.length && events[j].timeMs === events[i].timeMs) {
      j++;
    }
    const group = events.slice(i, j);
    const names = new Set(group.filter((e) => ROLE_RANK[e.name] !== undefined).map((e) => e.name));
    if (names.size > 1) {
      const ordered = interleave(group);
      reconstructed += ordered.filter((e, k) => e !== group[k]).length;
      out.push(...ordered);
    } else {
      out.push(...group);
    }
    i = j;
  }
  return { events: out, reconstructed };
}

const ROLE_RANK: Record<string, number> = {
  'gen_ai.system.message': 0,
  'gen_ai.user.message': 1,
  'gen_ai.assistant.message': 2,
  'gen_ai.tool.message': 3,
  'gen_ai.choice': 4,
};

function interleave(group: RawEvent[]): RawEvent[] {
  const queue = (name: string) => group.filter((e) => e.name === name);
  const system = queue('gen_ai.system.message');
  const users = queue('gen_ai.user.message');
  const assistants = queue('gen_ai.assistant.message');
  const tools = queue('gen_ai.tool.message');
  const choices = queue('gen_ai.choice');
  const others = group.filter((e) => ROLE_RANK[e.name] === undefined);
  const out: RawEvent[] = [...others, ...system];
  let last: 'user' | 'assistant' | 'tool' | undefined;
  while (users.length || assistants.length || tools.length) {
    if (last === undefined || (last === 'assistant' && !tools.length) || !assistants.length) {
      // A turn starts with the user; after a plain answer, the user speaks again.
      const next = users.shift() ?? assistants.shift() ?? tools.shift()!;
      out.push(next);
      last = roleOf(next);
      continue;
    }
    if (last === 'user' || last === 'tool') {
      const a = assistants.shift()!;
      out.push(a);
      last = 'assistant';
      // The results of the tools this message called follow it, in its call order.
      for (const id of toolCallIds(a)) {
        const k = tools.findIndex((t) => toolResultId(t) === id);
        if (k >= 0) {
          out.push(tools.splice(k, 1)[0]);
          last = 'tool';
        }
      }
      continue;
    }
    // After an assistant message whose results are not matched by id: the next tool result.
    out.push(tools.shift()!);
    last = 'tool';
  }
  return [...out, ...choices];
}

function roleOf(e: RawEvent): 'user' | 'assistant' | 'tool' {
  return e.name === 'gen_ai.assistant.message' ? 'assistant' : e.name === 'gen_ai.tool.message' ? 'tool' : 'user';
}

function body(e: RawEvent): { [k: string]: AttrValue } {
  const raw = e.attributes['gen_ai.event.content'];
  try {
    const v = typeof raw === 'string' ? JSON.parse(raw) : raw;
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

function toolCallIds(e: RawEvent): string[] {
  const calls = body(e).tool_calls;
  return Array.isArray(calls)
    ? calls.flatMap((c) => (c && typeof c === 'object' && !Array.isArray(c) && typeof c.id === 'string' ? [c.id] : []))
    : [];
}

function toolResultId(e: RawEvent): string | undefined {
  const id = body(e).id ?? e.attributes.id;
  return typeof id === 'string' ? id : undefined;
}
