import type { AttrValue } from '../otlp/anyValue';
import { AttributeReader, toNumber } from './attributeReaders';
import { KEYS, LANGFUSE_USAGE_KEY } from './dialects';
import type { TokenUsage } from './model';

/**
 * Token counts in semconv terms: input includes cache reads/writes, output includes reasoning.
 * Sources that report disjoint buckets (Langfuse usage maps, Anthropic-style counts where the
 * cached part exceeds the reported input) are folded back into the semconv totals.
 */
export function extractTokens(r: AttributeReader): TokenUsage {
  const usage: TokenUsage = {};
  const input = r.number(KEYS.inputTokens, { count: true });
  const output = r.number(KEYS.outputTokens, { count: true });
  const cacheRead = r.number(KEYS.cacheRead, { count: true });
  const cacheCreation = r.number(KEYS.cacheCreation, { count: true });
  const reasoning = r.number(KEYS.reasoning, { count: true });
  if (input) {
    usage.input = input.value;
  }
  if (output) {
    usage.output = output.value;
  }
  if (cacheRead) {
    usage.cacheRead = cacheRead.value;
  }
  if (cacheCreation) {
    usage.cacheCreation = cacheCreation.value;
  }
  if (reasoning) {
    usage.reasoning = reasoning.value;
  }
  let disjointCache = false;
  let disjointReasoning = false;
  if (!input && !output && r.has(LANGFUSE_USAGE_KEY)) {
    const fromLangfuse = langfuseUsage(r.json(LANGFUSE_USAGE_KEY), r.warnings);
    Object.assign(usage, fromLangfuse);
    // Langfuse usage maps are disjoint buckets that add up to the total.
    disjointCache = true;
    disjointReasoning = true;
  }
  const cached = (usage.cacheRead ?? 0) + (usage.cacheCreation ?? 0);
  if (usage.input !== undefined && cached > 0 && (disjointCache || cached > usage.input)) {
    usage.input += cached;
  }
  if (usage.output !== undefined && usage.reasoning && (disjointReasoning || usage.reasoning > usage.output)) {
    usage.output += usage.reasoning;
  }
  return usage;
}

function langfuseUsage(v: AttrValue | undefined, warnings: string[]): TokenUsage {
  const out: TokenUsage = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    if (v !== undefined) {
      warnings.push(`${LANGFUSE_USAGE_KEY} is not a JSON object.`);
    }
    return out;
  }
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      const n = v[k] !== undefined ? toNumber(v[k]) : undefined;
      if (n !== undefined && n >= 0) {
        return n;
      }
      if (n !== undefined) {
        warnings.push(`${LANGFUSE_USAGE_KEY}.${k} is not a valid count: ${n}.`);
      }
    }
    return undefined;
  };
  const set = (field: keyof TokenUsage, n: number | undefined) => {
    if (n !== undefined) {
      out[field] = n;
    }
  };
  set('input', pick('input', 'prompt_tokens', 'input_tokens'));
  set('output', pick('output', 'completion_tokens', 'output_tokens'));
  set('cacheRead', pick('cache_read_input_tokens', 'input_cached_tokens', 'input_cache_read'));
  set('cacheCreation', pick('cache_creation_input_tokens', 'input_cache_creation'));
  set('reasoning', pick('output_reasoning_tokens', 'reasoning_tokens', 'output_reasoning'));
  return out;
}
