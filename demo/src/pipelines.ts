import type { Incident } from './incident';

/**
 * The three pipeline versions, run side by side (resource `service.version`). Each trades cost,
 * answer quality and latency differently; the dashboards compare them.
 */
export interface PipelineProfile {
  version: 'v1' | 'v2' | 'v3';
  summary: string;
  plannerModel: string;
  researchModel: string;
  analysisModel: string;
  /** No reviewer: answers go out unchecked. */
  reviewModel?: string;
  answerModel: string;
  /** Documents the retrieval step adds to the research prompt. */
  retrievalTopK: number;
  researchMaxTokens: number;
  answerMaxTokens: number;
  /** Mean evaluator score per evaluation before adjustments (the "true" quality of the version). */
  quality: Record<EvaluationName, number>;
}

export type EvaluationName = 'relevance' | 'groundedness';
export const EVALUATION_NAMES: EvaluationName[] = ['relevance', 'groundedness'];

export const EMBEDDING_MODEL = 'text-embedding-3-small';
/** A model name no price table knows (exercises "cost unknown"); used for conversation titles. */
export const UNPRICED_MODEL = 'acme-titler-1';

export const PIPELINES: Record<PipelineProfile['version'], PipelineProfile> = {
  v1: {
    version: 'v1',
    summary: 'gpt-4o for every step: best answers, most expensive, slowest',
    plannerModel: 'gpt-4o',
    researchModel: 'gpt-4o',
    analysisModel: 'gpt-4o',
    reviewModel: 'gpt-4o',
    answerModel: 'gpt-4o',
    retrievalTopK: 4,
    researchMaxTokens: 300,
    answerMaxTokens: 450,
    quality: { relevance: 0.9, groundedness: 0.87 },
  },
  v2: {
    version: 'v2',
    summary: 'gpt-4o-mini for every step, no review: cheapest and fastest, weakest answers',
    plannerModel: 'gpt-4o-mini',
    researchModel: 'gpt-4o-mini',
    analysisModel: 'gpt-4o-mini',
    answerModel: 'gpt-4o-mini',
    retrievalTopK: 4,
    researchMaxTokens: 250,
    answerMaxTokens: 350,
    quality: { relevance: 0.7, groundedness: 0.62 },
  },
  v3: {
    version: 'v3',
    summary: 'gpt-4o-mini agents, gpt-4o review, 3x retrieval context: middle cost, good answers',
    plannerModel: 'gpt-4o-mini',
    researchModel: 'gpt-4o-mini',
    analysisModel: 'gpt-4o-mini',
    reviewModel: 'gpt-4o',
    answerModel: 'gpt-4o-mini',
    retrievalTopK: 12,
    researchMaxTokens: 300,
    answerMaxTokens: 400,
    quality: { relevance: 0.84, groundedness: 0.85 },
  },
};

/** The profile as an incident bends it (cost: bigger context and budgets; the rest is elsewhere). */
export function effectiveProfile(p: PipelineProfile, incident: Incident): PipelineProfile {
  if (incident !== 'cost') {
    return p;
  }
  return {
    ...p,
    retrievalTopK: p.retrievalTopK * 4,
    researchMaxTokens: p.researchMaxTokens * 3,
    answerMaxTokens: p.answerMaxTokens * 3,
  };
}
