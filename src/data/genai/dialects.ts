import type { Attributes } from '../otlp/anyValue';
import type { Dialect, GenAiKind } from './model';

// Attribute keys per meaning, most authoritative first (current semconv, then deprecated
// semconv, then other instrumentations). See shared/reference/genai-telemetry.md §1 and §3.
export const KEYS = {
  operation: ['gen_ai.operation.name'],
  provider: ['gen_ai.provider.name', 'gen_ai.system', 'llm.provider', 'llm.system'],
  requestModel: ['gen_ai.request.model', 'llm.model_name', 'embedding.model_name', 'langfuse.observation.model.name'],
  responseModel: ['gen_ai.response.model'],
  responseId: ['gen_ai.response.id'],
  inputTokens: [
    'gen_ai.usage.input_tokens',
    'gen_ai.usage.prompt_tokens',
    'llm.token_count.prompt',
    'llm.usage.prompt_tokens',
  ],
  outputTokens: [
    'gen_ai.usage.output_tokens',
    'gen_ai.usage.completion_tokens',
    'llm.token_count.completion',
    'llm.usage.completion_tokens',
  ],
  cacheRead: [
    'gen_ai.usage.cache_read.input_tokens',
    'gen_ai.usage.cache_read_input_tokens',
    'llm.token_count.prompt_details.cache_read',
  ],
  cacheCreation: [
    // 2026 name first; `cache_creation` is what semconv <= 1.41 called it.
    'gen_ai.usage.cache_write.input_tokens',
    'gen_ai.usage.cache_creation.input_tokens',
    'gen_ai.usage.cache_creation_input_tokens',
    // agento11y's native spans.
    'gen_ai.usage.cache_write_input_tokens',
    'llm.token_count.prompt_details.cache_write',
  ],
  reasoning: [
    'gen_ai.usage.reasoning.output_tokens',
    'gen_ai.usage.reasoning_tokens',
    'llm.token_count.completion_details.reasoning',
  ],
  finishReasons: ['gen_ai.response.finish_reasons', 'gen_ai.response.finish_reason', 'llm.response.finish_reason'],
  conversationId: [
    'gen_ai.conversation.id',
    'session.id',
    'traceloop.association.properties.session_id',
    'langfuse.session.id',
  ],
  agentName: ['gen_ai.agent.name', 'agent.name'],
  agentId: ['gen_ai.agent.id'],
  agentVersion: ['gen_ai.agent.version'],
  /** Documents a retrieval asked for: `gen_ai.retrieval.top_k` since 2026, `request.top_k` before. */
  retrievalTopK: ['gen_ai.retrieval.top_k', 'gen_ai.request.top_k'],
  toolName: ['gen_ai.tool.name', 'tool.name'],
  toolCallId: ['gen_ai.tool.call.id', 'tool_call.id'],
  toolType: ['gen_ai.tool.type'],
  toolArguments: ['gen_ai.tool.call.arguments', 'tool.parameters', 'tool_call.function.arguments', 'gen_ai.tool.args'],
  toolResult: ['gen_ai.tool.call.result'],
  reportedCost: ['gen_ai.usage.cost', 'llm.cost.total', 'gen_ai.usage.cost_usd'],
  errorType: ['error.type'],
  /** OpenLLMetry names the agent or tool a span runs, whatever its kind. */
  traceloopEntity: ['traceloop.entity.name'],
  evaluationName: ['gen_ai.evaluation.name'],
  evaluationScore: ['gen_ai.evaluation.score.value'],
  evaluationLabel: ['gen_ai.evaluation.score.label'],
  evaluationExplanation: ['gen_ai.evaluation.explanation'],
} as const;

/** The Langfuse JSON maps that carry usage and cost. */
export const LANGFUSE_USAGE_KEY = 'langfuse.observation.usage_details';
export const LANGFUSE_COST_KEY = 'langfuse.observation.cost_details';

const PROVIDER_ALIASES: Record<string, string> = {
  xai: 'x_ai',
  vertex_ai: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  gemini: 'gcp.gemini',
  google: 'gcp.gemini',
  'az.ai.inference': 'azure.ai.inference',
  'az.ai.openai': 'azure.ai.openai',
  azure: 'azure.ai.openai',
  azure_openai: 'azure.ai.openai',
  bedrock: 'aws.bedrock',
  aws_bedrock: 'aws.bedrock',
  mistralai: 'mistral_ai',
  mistral: 'mistral_ai',
  cohere: 'cohere',
};

/** Lower-cases and maps deprecated or library-specific provider names to the semconv value. */
export function normalizeProvider(p: string | undefined): string | undefined {
  if (!p) {
    return undefined;
  }
  const lower = p.trim().toLowerCase();
  if (lower.startsWith('az.ai.')) {
    return 'azure.ai.' + lower.slice('az.ai.'.length);
  }
  return PROVIDER_ALIASES[lower] ?? lower;
}

const OPERATION_KIND: Record<string, GenAiKind> = {
  chat: 'llm',
  generate_content: 'llm',
  text_completion: 'llm',
  completion: 'llm',
  embeddings: 'embedding',
  embedding: 'embedding',
  create_agent: 'agent',
  invoke_agent: 'agent',
  execute_tool: 'tool',
  retrieval: 'retrieval',
  // Reads a stored response: no new tokens, so no usage is expected on it.
  fetch_response: 'retrieval',
  invoke_workflow: 'workflow',
  plan: 'workflow',
  // Memory operations are neither tool calls nor document retrieval: a kind of their own.
  search_memory: 'memory',
  create_memory: 'memory',
  update_memory: 'memory',
  upsert_memory: 'memory',
  delete_memory: 'memory',
  create_memory_store: 'memory',
  delete_memory_store: 'memory',
  // agento11y's native spans name the call style instead of the operation (`generateText`,
  // `streamText`); both are chat-style model calls.
  generatetext: 'llm',
  streamtext: 'llm',
};

const OPENINFERENCE_KIND: Record<string, GenAiKind> = {
  llm: 'llm',
  embedding: 'embedding',
  agent: 'agent',
  tool: 'tool',
  retriever: 'retrieval',
  reranker: 'retrieval',
  chain: 'workflow',
};

const TRACELOOP_KIND: Record<string, GenAiKind> = {
  workflow: 'workflow',
  task: 'workflow',
  agent: 'agent',
  tool: 'tool',
};

const TRACELOOP_REQUEST_TYPE: Record<string, GenAiKind> = {
  chat: 'llm',
  completion: 'llm',
  embedding: 'embedding',
  rerank: 'retrieval',
};

const LANGFUSE_KIND: Record<string, GenAiKind> = {
  generation: 'llm',
  embedding: 'embedding',
  agent: 'agent',
  tool: 'tool',
  retriever: 'retrieval',
  chain: 'workflow',
};

/** Chooses the kind from whichever vocabulary the span speaks; the first confident answer wins. */
export function classifyKind(attrs: Attributes, spanName: string): GenAiKind {
  const op = lower(attrs['gen_ai.operation.name']);
  if (op && OPERATION_KIND[op]) {
    return OPERATION_KIND[op];
  }
  const oi = lower(attrs['openinference.span.kind']);
  if (oi && OPENINFERENCE_KIND[oi]) {
    return OPENINFERENCE_KIND[oi];
  }
  const lf = lower(attrs['langfuse.observation.type']);
  if (lf && LANGFUSE_KIND[lf]) {
    return LANGFUSE_KIND[lf];
  }
  const tlKind = lower(attrs['traceloop.span.kind']);
  if (tlKind && TRACELOOP_KIND[tlKind]) {
    return TRACELOOP_KIND[tlKind];
  }
  const reqType = lower(attrs['llm.request.type']);
  if (reqType && TRACELOOP_REQUEST_TYPE[reqType]) {
    return TRACELOOP_REQUEST_TYPE[reqType];
  }
  // Span names are the last resort: `chat gpt-4o`, `execute_tool search`, `invoke_agent x`.
  const firstWord = spanName.split(' ', 1)[0].toLowerCase();
  if (OPERATION_KIND[firstWord]) {
    return OPERATION_KIND[firstWord];
  }
  if (attrs['gen_ai.request.model'] !== undefined || attrs['llm.model_name'] !== undefined) {
    return 'llm';
  }
  return 'other';
}

/** Which vocabularies a span's attributes (and its resource) use. */
export function detectDialects(attrs: Attributes, resource: Attributes, eventNames: string[]): Dialect[] {
  const found = new DialectSet();
  const sdk = lower(resource['telemetry.sdk.name']);
  if (sdk === 'openlit') {
    found.add('openlit');
  }
  for (const key in attrs) {
    // Most attribute names belong to no dialect; the first letter rules them out cheaply.
    const c = key.charCodeAt(0);
    if (c === 103 /* g */) {
      if (!key.startsWith('gen_ai.')) {
        continue;
      }
      if (key.startsWith('gen_ai.content.') || key === 'gen_ai.usage.cost' || key.startsWith('gen_ai.sdk.')) {
        found.add('openlit');
      } else if (
        key === 'gen_ai.system' ||
        key === 'gen_ai.usage.prompt_tokens' ||
        key === 'gen_ai.usage.completion_tokens' ||
        key === 'gen_ai.prompt' ||
        key === 'gen_ai.completion'
      ) {
        found.add('semconv-deprecated');
      } else if (
        (key.startsWith('gen_ai.prompt.') || key.startsWith('gen_ai.completion.')) &&
        /^gen_ai\.(prompt|completion)\.\d+\./.test(key)
      ) {
        found.add('openllmetry');
      } else {
        found.add('semconv');
      }
    } else if (c === 116 /* t */ && key.startsWith('traceloop.')) {
      found.add('openllmetry');
    } else if ((c === 97 /* a */ && key.startsWith('agento11y.')) || (c === 115 /* s */ && key.startsWith('sigil.'))) {
      // Every span of the SDK carries `agento11y.sdk.name`; `sigil.*` is the SDK's earlier name.
      found.add('agento11y');
    } else if (c === 108 /* l */) {
      if (key.startsWith('langfuse.')) {
        found.add('langfuse');
      } else if (key.startsWith('llm.request.type')) {
        found.add('openllmetry');
      } else if (key.startsWith('llm.')) {
        found.add('openinference');
      }
    } else if (
      key === 'openinference.span.kind' ||
      key === 'input.value' ||
      key === 'output.value' ||
      key.startsWith('embedding.')
    ) {
      found.add('openinference');
    }
  }
  for (const name of eventNames) {
    if (/^gen_ai\.(system|user|assistant|tool)\.message$/.test(name) || name === 'gen_ai.choice') {
      found.add('semconv-deprecated');
    } else if (name.startsWith('gen_ai.content.')) {
      found.add('openlit');
    } else if (name.startsWith('gen_ai.')) {
      found.add('semconv');
    }
  }
  return internDialects(found.list);
}

// Spans of one instrumentation share their dialect list: one frozen array per combination.
const INTERNED = new Map<string, Dialect[]>();

function internDialects(list: Dialect[]): Dialect[] {
  const key = list.join(',');
  let shared = INTERNED.get(key);
  if (!shared) {
    shared = Object.freeze(list) as Dialect[];
    INTERNED.set(key, shared);
  }
  return shared;
}

/** A tiny ordered set: spans name one or two dialects, so an array beats a Set here. */
class DialectSet {
  readonly list: Dialect[] = [];
  add(d: Dialect): void {
    if (!this.list.includes(d)) {
      this.list.push(d);
    }
  }
}

function lower(v: unknown): string | undefined {
  return typeof v === 'string' ? v.toLowerCase() : undefined;
}
