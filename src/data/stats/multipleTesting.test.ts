import { benjaminiHochberg, holm } from './multipleTesting';

describe('multiple-testing corrections', () => {
  it('Holm: Wikipedia “Holm–Bonferroni method” example (p = .01, .04, .03, .005; α = .05 rejects H1 and H4)', () => {
    const adj = holm([0.01, 0.04, 0.03, 0.005]);
    // Step-down: .005·4 = .02, .01·3 = .03, .03·2 = .06, then max(.06, .04·1) = .06.
    expect(adj).toEqual([0.03, 0.06, 0.06, 0.02].map((v) => expect.closeTo(v, 12)));
    expect(adj.map((p) => p < 0.05)).toEqual([true, false, false, true]);
  });

  it('Benjamini–Hochberg: p = .01…​.05 all adjust to .05 (R: p.adjust(c(.01,.02,.03,.04,.05), "BH"))', () => {
    expect(benjaminiHochberg([0.05, 0.01, 0.03, 0.02, 0.04])).toEqual(
      [0.05, 0.05, 0.05, 0.05, 0.05].map((v) => expect.closeTo(v, 12))
    );
    expect(benjaminiHochberg([0.001, 0.5])).toEqual([expect.closeTo(0.002, 12), expect.closeTo(0.5, 12)]);
  });

  it('skips tests that did not run', () => {
    expect(holm([NaN, 0.02, 0.04])).toEqual([NaN, expect.closeTo(0.04, 12), expect.closeTo(0.04, 12)]);
  });
});
