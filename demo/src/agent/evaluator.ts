/**
 * A simulated LLM-as-judge: scores a sample of final answers for relevance and groundedness.
 * Scores depend on the version's quality, what went wrong during the run and the `quality`
 * incident, plus seeded noise. Each score is recorded as
 *  - a `gen_ai.evaluation.result` event on the orchestrator span, carrying the evaluated answer's
 *    `gen_ai.response.id` (so it attaches to the LLM span that produced the answer), and
 *  - a point of the `gen_ai.evaluation.score` histogram.
 */
import type { Span } from '@opentelemetry/api';
import { EVALUATION_NAMES, type EvaluationName } from '../pipelines';
import type { Rng } from '../random';
import type { RunSignals } from './agents';
import type { ChatResult } from './llm';
import type { Runtime } from './runtime';

export const EVALUATION_EVENT = 'gen_ai.evaluation.result';
export const PASS_THRESHOLD = 0.7;

export interface Evaluation {
  name: EvaluationName;
  score: number;
  label: 'pass' | 'fail';
  explanation: string;
}

export function judge(rt: Runtime, rng: Rng, name: EvaluationName, signals: RunSignals): Evaluation {
  let score = rt.profile.quality[name];
  const reasons: string[] = [];
  if (signals.failedAgents.length) {
    score -= 0.15 * signals.failedAgents.length;
    reasons.push(`missing input from ${signals.failedAgents.join(', ')}`);
  }
  if (signals.toolErrors) {
    score -= 0.04 * signals.toolErrors;
    reasons.push(`${signals.toolErrors} failed tool call(s)`);
  }
  if (name === 'groundedness' && signals.documents <= 1) {
    score -= 0.25;
    reasons.push('almost no supporting documents');
  }
  if (rt.incident() === 'quality') {
    score -= 0.3;
    reasons.push('answer contradicts the retrieved context');
  }
  if (signals.reviewed) {
    reasons.push('draft was reviewed');
  }
  score = Math.round(Math.min(1, Math.max(0, score + rng.noise(0.06))) * 1000) / 1000;
  const label = score >= PASS_THRESHOLD ? 'pass' : 'fail';
  const explanation = `${name} ${label} (${score.toFixed(2)})${reasons.length ? `: ${reasons.join('; ')}` : ''}`;
  return { name, score, label, explanation };
}

/** Scores the answer if it is in the sample; returns what was recorded. */
export function evaluateAnswer(
  rt: Runtime,
  rng: Rng,
  orchestratorSpan: Span,
  answer: ChatResult,
  signals: RunSignals
): Evaluation[] {
  if (!rng.chance(rt.evalSampleRate)) {
    return [];
  }
  return EVALUATION_NAMES.map((name) => {
    const ev = judge(rt, rng, name, signals);
    orchestratorSpan.addEvent(EVALUATION_EVENT, {
      'gen_ai.evaluation.name': ev.name,
      'gen_ai.evaluation.score.value': ev.score,
      'gen_ai.evaluation.score.label': ev.label,
      'gen_ai.evaluation.explanation': ev.explanation,
      'gen_ai.response.id': answer.responseId,
    });
    rt.metrics.evaluationScore.record(ev.score, {
      'gen_ai.evaluation.name': ev.name,
      'gen_ai.evaluation.score.label': ev.label,
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': answer.requestModel,
      'gen_ai.response.model': answer.responseModel,
      'gen_ai.agent.name': 'orchestrator',
    });
    return ev;
  });
}
