import type { CostSettings } from '../data/cost/spanCost';
import { DEFAULT_VERSION_ATTRIBUTES, type NormalizeOptions } from '../data/genai/normalizeSpan';
import { DEFAULT_SEARCH_LIMIT, DEFAULT_SPANS_PER_TRACE } from '../data/queries/traceQueries';
import { framePii, type FramePii } from '../data/frames/readSpanTreeFrame';
import { validateCustomPattern } from '../data/pii/piiSettings';
import { validateStreamSelector } from '../data/loki/traceLogQuery';
import type { GenAiDataSourceOptions } from './types';

export interface ResolvedSettings {
  normalize: NormalizeOptions;
  cost: CostSettings;
  searchLimit: number;
  spansPerTrace: number;
  scrapeIntervalSec: number;
  /** Content masking, as the frames carry it to the panels (custom patterns that do not validate left out). */
  pii: FramePii;
  /** Custom patterns left out of masking, each with why (Save & test reports them). */
  rejectedPiiPatterns: Array<{ name: string; error: string }>;
  /** The Loki stream selector to use, when one is set and valid. */
  lokiStreamSelector?: string;
  /** Why the configured stream selector is not used (Save & test reports it). */
  rejectedLokiStreamSelector?: string;
}

const MAX_SEARCH_LIMIT = 5000;
const MAX_SPANS_PER_TRACE = 1000;

/** Settings as saved by the config editor, with defaults and bounds applied. */
export function resolveSettings(o: GenAiDataSourceOptions | undefined): ResolvedSettings {
  const versionAttributes = (o?.versionAttributes ?? []).map((s) => s.trim()).filter(Boolean);
  return {
    normalize: { versionAttributes: versionAttributes.length ? versionAttributes : DEFAULT_VERSION_ATTRIBUTES },
    cost: {
      preferReportedCost: Boolean(o?.preferReportedCost),
      overrides: (o?.priceOverrides ?? []).filter(
        (p) =>
          p &&
          typeof p.model === 'string' &&
          p.model.trim() !== '' &&
          Number.isFinite(p.inputPerMTok) &&
          Number.isFinite(p.outputPerMTok)
      ),
    },
    searchLimit: clampInt(o?.searchLimit, DEFAULT_SEARCH_LIMIT, 1, MAX_SEARCH_LIMIT),
    spansPerTrace: clampInt(o?.spansPerTrace, DEFAULT_SPANS_PER_TRACE, 1, MAX_SPANS_PER_TRACE),
    scrapeIntervalSec: clampInt(o?.scrapeIntervalSec, 15, 1, 3600),
    ...resolvePii(o?.piiMasking),
    ...resolveStreamSelector(o?.lokiStreamSelector),
  };
}

function resolveStreamSelector(
  s: string | undefined
): Pick<ResolvedSettings, 'lokiStreamSelector' | 'rejectedLokiStreamSelector'> {
  if (!s?.trim()) {
    return {};
  }
  const error = validateStreamSelector(s);
  return error ? { rejectedLokiStreamSelector: error } : { lokiStreamSelector: s.trim() };
}

function resolvePii(p: GenAiDataSourceOptions['piiMasking']): Pick<ResolvedSettings, 'pii' | 'rejectedPiiPatterns'> {
  const base = framePii(p);
  const checked = base.customPatterns.map((c) => ({ c, error: validateCustomPattern(c) }));
  return {
    pii: { ...base, customPatterns: checked.filter((x) => x.error === undefined).map((x) => x.c) },
    rejectedPiiPatterns: checked.flatMap((x) => (x.error === undefined ? [] : [{ name: x.c.name, error: x.error }])),
  };
}

function clampInt(v: number | undefined, dflt: number, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    return dflt;
  }
  return Math.min(max, Math.max(min, Math.round(v)));
}
