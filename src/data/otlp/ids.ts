// Tempo's /api/v2/traces returns ids as base64 (protobuf JSON mapping) while search results and
// most UIs use lowercase hex. Everything downstream uses hex.

const HEX_RE = /^[0-9a-fA-F]+$/;

export function normalizeId(id: string | undefined, hexLength: 16 | 32): string {
  if (!id) {
    return '';
  }
  if (id.length === hexLength && HEX_RE.test(id)) {
    return id.toLowerCase();
  }
  const hex = base64ToHex(id);
  if (hex !== undefined) {
    return hex.padStart(hexLength, '0');
  }
  return id.toLowerCase();
}

/** Strips leading zeros so Tempo's shortened trace ids (e.g. from search) compare equal. */
export function canonicalTraceId(id: string): string {
  const stripped = id.toLowerCase().replace(/^0+/, '');
  return stripped.padStart(32, '0');
}

const B64_VALUE = new Int16Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((c, i) => (B64_VALUE[c.charCodeAt(0)] = i));
B64_VALUE['-'.charCodeAt(0)] = 62;
B64_VALUE['_'.charCodeAt(0)] = 63;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Table-driven base64 → hex (ids are decoded three times per span, so this is hot). */
function base64ToHex(b64: string): string | undefined {
  let end = b64.length;
  while (end > 0 && b64.charCodeAt(end - 1) === 61 /* = */) {
    end--;
  }
  let hex = '';
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = b64.charCodeAt(i);
    const v = c < 128 ? B64_VALUE[c] : -1;
    if (v < 0) {
      return undefined;
    }
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      hex += HEX[(acc >> bits) & 0xff];
    }
  }
  return hex;
}
