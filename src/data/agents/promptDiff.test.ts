/** @jest-environment node */
import fc from 'fast-check';
import { promptDiff } from './promptDiff';

describe('prompt diff', () => {
  it('keeps common lines and marks what was removed and added', () => {
    const before = 'You are a support agent.\nAnswer briefly.\nCite the order.';
    const after = 'You are a support agent.\nAnswer in one sentence.\nCite the order.\nNever promise refunds.';
    expect(promptDiff(before, after)).toEqual([
      { kind: 'same', text: 'You are a support agent.' },
      { kind: 'removed', text: 'Answer briefly.' },
      { kind: 'added', text: 'Answer in one sentence.' },
      { kind: 'same', text: 'Cite the order.' },
      { kind: 'added', text: 'Never promise refunds.' },
    ]);
    expect(promptDiff('a', 'a')).toEqual([{ kind: 'same', text: 'a' }]);
  });

  it('rebuilds both sides, with as many kept lines as a longest common subsequence (property)', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 12 });
    const lcsLength = (x: string[], y: string[]): number => {
      const t = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
      for (let i = x.length - 1; i >= 0; i--) {
        for (let j = y.length - 1; j >= 0; j--) {
          t[i][j] = x[i] === y[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
        }
      }
      return t[0][0];
    };
    fc.assert(
      fc.property(lines, lines, (x, y) => {
        const d = promptDiff(x.join('\n'), y.join('\n'));
        const xs = x.length ? x : [''];
        const ys = y.length ? y : [''];
        expect(d.filter((l) => l.kind !== 'added').map((l) => l.text)).toEqual(xs);
        expect(d.filter((l) => l.kind !== 'removed').map((l) => l.text)).toEqual(ys);
        expect(d.filter((l) => l.kind === 'same')).toHaveLength(lcsLength(xs, ys));
      }),
      { numRuns: 500 }
    );
  });
});
