// Automatic agent versions (issue #14): when spans carry no version, an agent's version is a
// short stable hash of what defines its behaviour — its system instructions and its tool
// definitions — so a prompt or tool change shows up as a new version with no instrumentation
// change. Insensitive to whitespace and to the order of the tools (and of JSON object keys).

export interface AgentDefinition {
  /** `gen_ai.system_instructions`: a string, or semconv parts `[{type: "text", content}]`. */
  systemInstructions?: unknown;
  /** `gen_ai.tool.definitions`: a JSON string or an array of `{type, name, description, parameters}`. */
  toolDefinitions?: unknown;
}

/** Prefix of derived versions, so they never pass for a version someone set. */
export const AUTO_VERSION_PREFIX = 'auto-';

/** `auto-` and 8 hex digits, or undefined when the spans hold neither instructions nor tools. */
export function autoVersion(def: AgentDefinition): string | undefined {
  const text = canonicalDefinition(def);
  return text === undefined ? undefined : AUTO_VERSION_PREFIX + fnv1a32(text);
}

/** The text the hash is taken of: normalised instructions, then the sorted canonical tools. */
export function canonicalDefinition(def: AgentDefinition): string | undefined {
  const instructions = instructionsText(def.systemInstructions);
  const tools = toolList(def.toolDefinitions)
    .map((t) => canonicalJson(t))
    .sort();
  if (instructions === undefined && tools.length === 0) {
    return undefined;
  }
  return `instructions:${instructions ?? ''}\ntools:${tools.join('\n')}`;
}

/** Runs of whitespace are one space; leading and trailing whitespace goes. */
export function normaliseWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The instructions as display text (parts joined by blank lines), whitespace as written. */
export function instructionsDisplayText(v: unknown): string | undefined {
  const parsed = typeof v === 'string' ? (parseJsonArray(v) ?? v) : v;
  if (typeof parsed === 'string') {
    return parsed;
  }
  if (Array.isArray(parsed)) {
    return parsed
      .map((p) =>
        p && typeof p === 'object' && typeof (p as { content?: unknown }).content === 'string'
          ? (p as { content: string }).content
          : canonicalJson(p)
      )
      .join('\n\n');
  }
  return parsed === undefined || parsed === null ? undefined : canonicalJson(parsed);
}

function instructionsText(v: unknown): string | undefined {
  const text = instructionsDisplayText(v);
  const n = text === undefined ? '' : normaliseWhitespace(text);
  return n === '' ? undefined : n;
}

function toolList(v: unknown): unknown[] {
  const parsed = typeof v === 'string' ? parseJsonArray(v) : v;
  return Array.isArray(parsed) ? parsed.filter((t) => t !== null && t !== undefined) : [];
}

function parseJsonArray(s: string): unknown[] | undefined {
  const t = s.trim();
  if (!t.startsWith('[')) {
    return undefined;
  }
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** JSON with object keys sorted and every string's whitespace normalised (descriptions reflowed). */
export function canonicalJson(v: unknown): string {
  if (typeof v === 'string') {
    return JSON.stringify(normaliseWhitespace(v));
  }
  if (Array.isArray(v)) {
    return `[${v.map(canonicalJson).join(',')}]`;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? 'null' : JSON.stringify(v);
}

/** 32-bit FNV-1a over UTF-16 code units, as 8 hex digits: short, stable, no crypto needed. */
function fnv1a32(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
