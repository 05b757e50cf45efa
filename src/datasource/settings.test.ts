/** @jest-environment node */
import { validateCustomPattern } from '../data/pii/piiSettings';
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

  it('masks content unless told not to, keeps only custom patterns that validate, and Admins reveal by default', () => {
    expect(resolveSettings(undefined).pii).toEqual({ enabled: true, customPatterns: [], revealRole: 'Admin' });
    const s = resolveSettings({
      piiMasking: {
        enabled: false,
        revealRole: 'Editor',
        customPatterns: [
          { name: 'employee', pattern: 'EMP-\\d{6}' },
          { name: 'broken', pattern: '(unclosed' },
          { name: '', pattern: 'x' },
        ],
      },
    });
    expect(s.pii).toEqual({
      enabled: false,
      revealRole: 'Editor',
      customPatterns: [{ name: 'employee', pattern: 'EMP-\\d{6}' }],
    });
    expect(s.rejectedPiiPatterns.map((r) => r.name)).toEqual(['broken', '']);
    expect(s.rejectedPiiPatterns[0].error).toBe(validateCustomPattern({ name: 'broken', pattern: '(unclosed' }));
    expect(resolveSettings(undefined).rejectedPiiPatterns).toEqual([]);
    // Anything but an explicit `false` leaves masking on.
    expect(resolveSettings({ piiMasking: { enabled: undefined } }).pii.enabled).toBe(true);
  });
});
