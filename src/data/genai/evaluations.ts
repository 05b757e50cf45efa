import type { RawEvent } from '../otlp/rawSpan';
import { AttributeReader } from './attributeReaders';
import { KEYS } from './dialects';
import type { Evaluation } from './model';

export const EVALUATION_EVENT = 'gen_ai.evaluation.result';

/**
 * Evaluation results carried by a span: `gen_ai.evaluation.result` events (their owner is the
 * evaluated span) and, for evaluator spans that put the same attributes on the span itself, one
 * result whose target is resolved later (response id, else the evaluator's parent).
 */
// Most spans carry no evaluation; they share one frozen empty list.
const NO_EVALUATIONS: Evaluation[] = Object.freeze([]) as unknown as Evaluation[];

export function extractEvaluations(
  spanId: string,
  parentSpanId: string,
  r: AttributeReader,
  events: RawEvent[]
): Evaluation[] {
  if (!events.length && !r.has(KEYS.evaluationName[0])) {
    return NO_EVALUATIONS;
  }
  const out: Evaluation[] = [];
  for (const e of events) {
    if (e.name !== EVALUATION_EVENT) {
      continue;
    }
    const ev = readEvaluation(new AttributeReader(e.attributes, r.warnings), spanId, spanId);
    if (ev) {
      out.push(ev);
    } else {
      r.warnings.push(`${EVALUATION_EVENT} event without gen_ai.evaluation.name was ignored.`);
    }
  }
  if (r.has(KEYS.evaluationName[0])) {
    const ev = readEvaluation(r, spanId, parentSpanId || spanId);
    if (ev) {
      out.push(ev);
    }
  }
  return out;
}

function readEvaluation(r: AttributeReader, sourceSpanId: string, targetSpanId: string): Evaluation | undefined {
  const name = r.string(KEYS.evaluationName);
  if (!name) {
    return undefined;
  }
  const ev: Evaluation = { name, sourceSpanId, targetSpanId };
  const score = r.number(KEYS.evaluationScore);
  if (score) {
    ev.scoreValue = score.value;
  }
  const label = r.string(KEYS.evaluationLabel);
  if (label !== undefined) {
    ev.scoreLabel = label;
  }
  const explanation = r.string(KEYS.evaluationExplanation);
  if (explanation !== undefined) {
    ev.explanation = explanation;
  }
  const errorType = r.string('error.type');
  if (errorType !== undefined) {
    ev.errorType = errorType;
  }
  const responseId = r.string('gen_ai.response.id');
  if (responseId !== undefined) {
    ev.responseId = responseId;
  }
  return ev;
}
