/** @jest-environment node */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readSpanTreeFrame } from '../frames/readSpanTreeFrame';
import { spanTreeFrame } from '../frames/spanTreeFrame';
import { OTLP_FIXTURE_DIR } from '../../../tests/helpers/otlpIngest';
import { pipelineOptions } from '../../../tests/helpers/pipeline';
import { indexEvaluations } from './evaluationIndex';
import { buildTraceFromPayload } from './loadTrace';

describe('indexEvaluations', () => {
  it('files an evaluator span’s result under the evaluated span and under the evaluator', () => {
    const payload = JSON.parse(readFileSync(path.join(OTLP_FIXTURE_DIR, 'evaluations.otlp.json'), 'utf8'));
    const table = readSpanTreeFrame(spanTreeFrame(buildTraceFromPayload('e', payload, pipelineOptions())));
    const idx = indexEvaluations(table);
    const rowOf = (name: RegExp) =>
      Array.from({ length: table.length }, (_, i) => i).find((i) => name.test(String(table.name[i])))!;
    const chat = String(table.spanId[rowOf(/^chat/)]);
    const evaluator = String(table.spanId[rowOf(/^evaluate/)]);
    const about = idx.about.get(chat)!;
    // Its own evaluation event first, then the evaluator span's result retargeted by response id.
    expect(about.map((e) => [e.name, e.scoreLabel, e.scoreValue])).toEqual([
      ['relevance', 'pass', 0.82],
      ['faithfulness', 'fail', 0.35],
    ]);
    expect(about[1].explanation).toBe('Cites a refund window the policy does not state.');
    expect(idx.recordedBy.get(evaluator)!.map((e) => e.name)).toEqual(['faithfulness']);
    expect(idx.about.get(evaluator)).toBeUndefined();
    expect(idx.targetName.get(chat)).toBe(String(table.name[rowOf(/^chat/)]));
  });
});
