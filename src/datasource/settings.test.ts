/** @jest-environment node */
import { resolveSettings } from './settings';

describe('resolveSettings', () => {
  it('applies defaults', () => {
    const s = resolveSettings(undefined);
    expect(s.normalize.versionAttributes).toEqual(['gen_ai.agent.version', 'resource.service.version']);
    expect([s.searchLimit, s.spansPerTrace]).toEqual([100, 100]);
    expect(s.cost).toEqual({ preferReportedCost: false, overrides: [] });
  });

  it('clamps limits and drops incomplete price overrides', () => {
    const s = resolveSettings({
      searchLimit: 1e9,
      spansPerTrace: 0,
      versionAttributes: ['  ', ' deployment.version '],
      priceOverrides: [
        { model: 'a', inputPerMTok: 1, outputPerMTok: 2 },
        { model: '', inputPerMTok: 1, outputPerMTok: 2 },
        { model: 'b', inputPerMTok: NaN, outputPerMTok: 2 },
      ],
      preferReportedCost: true,
    });
    expect([s.searchLimit, s.spansPerTrace]).toEqual([5000, 1]);
    expect(s.normalize.versionAttributes).toEqual(['deployment.version']);
    expect(s.cost.overrides.map((o) => o.model)).toEqual(['a']);
    expect(s.cost.preferReportedCost).toBe(true);
  });
});
