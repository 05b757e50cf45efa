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

function base64ToHex(b64: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) {
    return undefined;
  }
  try {
    const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
    let hex = '';
    for (let i = 0; i < bin.length; i++) {
      hex += bin.charCodeAt(i).toString(16).padStart(2, '0');
    }
    return hex;
  } catch {
    return undefined;
  }
}
