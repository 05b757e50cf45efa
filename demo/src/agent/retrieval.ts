/**
 * Retrieval from the (simulated) knowledge base: the query is embedded through the instrumented
 * client (an `embeddings` span from the instrumentation), then a vector search returns the top-k
 * documents. The `retrieval` span is the demo's, named as semconv's retrieval operation.
 */
import { SpanKind } from '@opentelemetry/api';
import { EMBEDDING_MODEL } from '../pipelines';
import type { Rng } from '../random';
import { embed } from './llm';
import { sleep, type Runtime } from './runtime';

const DATA_SOURCE = 'sales-knowledge-base';

const CORPUS = [
  'Q3 sales review: revenue 18.4M USD (+4.2% YoY); the northern region grew fastest after the July price change.',
  'Churn analysis: monthly churn fell from 3.6% to 3.1%; the loyalty programme explains about half of the drop.',
  'Marketing calendar: the autumn campaign moved from September to October because of a supplier delay.',
  'Pricing memo: list prices rose 3% in July; discounting in the south offset most of the increase there.',
  'Forecast method: a seasonal ARIMA model with holiday effects; the Q4 band is 19.0M to 20.2M USD.',
  'Data quality note: two warehouse tables disagree on the Q2 baseline by 0.4M USD; finance uses the ledger.',
  'Regional staffing: the northern team added four account managers in Q2.',
  'Customer survey: satisfaction 7.9/10; delivery times are the most common complaint.',
];

export interface RetrievedDocs {
  documents: string[];
}

export function retrieve(rt: Runtime, rng: Rng, query: string, topK: number): Promise<RetrievedDocs> {
  return rt.tracer.startActiveSpan(
    `retrieval ${DATA_SOURCE}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'retrieval',
        'gen_ai.data_source.id': DATA_SOURCE,
        // semconv <= 1.41 put top_k of retrievals in gen_ai.request.top_k; 2026 has its own name.
        ...(rt.semconv === '2026'
          ? { 'gen_ai.retrieval.top_k': topK }
          : { 'gen_ai.request.top_k': topK, 'demo.retrieval.top_k': topK }),
      },
    },
    async (span) => {
      try {
        await embed(rt, EMBEDDING_MODEL, [query]);
        await sleep(rt, 0.03 + rng.float() * 0.05);
        // During the quality incident the index is stale: almost nothing relevant comes back.
        const count = rt.incident() === 'quality' ? 1 : topK;
        const start = rng.int(0, CORPUS.length - 1);
        const documents = Array.from({ length: count }, (_, i) => CORPUS[(start + i) % CORPUS.length]);
        span.setAttribute('demo.retrieval.documents', documents.length);
        return { documents };
      } finally {
        span.end();
      }
    }
  );
}
