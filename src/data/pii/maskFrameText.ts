import type { DataFrame } from '@grafana/data';
import type { FramePii } from '../frames/readSpanTreeFrame';
import { maskerFor, type PiiMasker } from './piiMasker';

/** The masker of a frame's masking settings (shared, cached), or undefined when masking is off. */
export function frameMasker(pii: FramePii): PiiMasker | undefined {
  return pii.enabled ? maskerFor({ enabled: true, customPatterns: pii.customPatterns }) : undefined;
}

/**
 * The frames with the named string fields masked, for frames that Grafana's own panels show as
 * they are (the trace search table). The frames are copied; what the query returned is kept.
 */
export function maskFrameText(frames: DataFrame[], fieldNames: string[], pii: FramePii): DataFrame[] {
  const masker = frameMasker(pii);
  if (!masker) {
    return frames;
  }
  return frames.map((f) => ({
    ...f,
    fields: f.fields.map((field) =>
      fieldNames.includes(field.name)
        ? {
            ...field,
            values: Array.from(field.values as ArrayLike<unknown>, (v) => (typeof v === 'string' ? masker.mask(v) : v)),
          }
        : field
    ),
  }));
}
