import type { OtlpAnyValue, OtlpKeyValue } from './types';

/** A decoded OTLP attribute value. Arrays and maps keep their structure. */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };

export type Attributes = Record<string, AttrValue>;

/**
 * Decodes an OTLP AnyValue. int64 arrives as a JSON string; it becomes a number when it is
 * exactly representable, otherwise it stays a string so no digit is lost.
 */
export function decodeAnyValue(v: OtlpAnyValue | undefined): AttrValue {
  if (v === undefined || v === null || typeof v !== 'object') {
    return null;
  }
  if (v.stringValue !== undefined) {
    return v.stringValue;
  }
  if (v.intValue !== undefined) {
    const n = typeof v.intValue === 'number' ? v.intValue : Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (v.doubleValue !== undefined) {
    const n = typeof v.doubleValue === 'number' ? v.doubleValue : Number(v.doubleValue);
    return Number.isNaN(n) ? String(v.doubleValue) : n;
  }
  if (v.boolValue !== undefined) {
    return Boolean(v.boolValue);
  }
  if (v.arrayValue !== undefined) {
    return (v.arrayValue.values ?? []).map(decodeAnyValue);
  }
  if (v.kvlistValue !== undefined) {
    return decodeKeyValues(v.kvlistValue.values);
  }
  if (v.bytesValue !== undefined) {
    return v.bytesValue;
  }
  return null;
}

export function decodeKeyValues(kvs: OtlpKeyValue[] | undefined): Attributes {
  const out: Attributes = {};
  if (!Array.isArray(kvs)) {
    return out;
  }
  for (const kv of kvs) {
    if (kv && typeof kv.key === 'string') {
      out[kv.key] = decodeAnyValue(kv.value);
    }
  }
  return out;
}
