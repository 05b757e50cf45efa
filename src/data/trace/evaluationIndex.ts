import type { Evaluation } from '../genai/model';
import type { SpanTreeTable } from '../frames/readSpanTreeFrame';

export interface EvaluationIndex {
  /** Results about a span (its own events, and evaluator spans' results that target it). */
  about: Map<string, Evaluation[]>;
  /** Results a span recorded about another span (evaluator spans). */
  recordedBy: Map<string, Evaluation[]>;
  /** Names of the spans results are about, for "about <span>" labels. */
  targetName: Map<string, string>;
}

function push(map: Map<string, Evaluation[]>, key: string, ev: Evaluation) {
  const bucket = map.get(key);
  if (bucket) {
    bucket.push(ev);
  } else {
    map.set(key, [ev]);
  }
}

/**
 * Evaluations by the span they judge and by the span that recorded them. A result on an
 * evaluator span targets another span, and both spans' details should show it: index once per frame.
 */
export function indexEvaluations(table: SpanTreeTable): EvaluationIndex {
  const index: EvaluationIndex = { about: new Map(), recordedBy: new Map(), targetName: new Map() };
  const col = table.column<Evaluation[]>('evaluations');
  if (!col) {
    return index;
  }
  for (let t = 0; t < table.length; t++) {
    const list = col[t];
    if (!Array.isArray(list) || !list.length) {
      continue;
    }
    const own = String(table.spanId[t]);
    for (const ev of list) {
      const target = ev.targetSpanId || own;
      push(index.about, target, ev);
      if (target !== own) {
        push(index.recordedBy, own, ev);
        index.targetName.set(target, '');
      }
    }
  }
  if (index.targetName.size) {
    for (let t = 0; t < table.length; t++) {
      const id = String(table.spanId[t]);
      if (index.targetName.has(id)) {
        index.targetName.set(id, String(table.name[t] ?? id));
      }
    }
  }
  return index;
}
