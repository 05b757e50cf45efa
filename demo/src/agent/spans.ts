/**
 * Agent and tool spans, made by the demo because @opentelemetry/instrumentation-openai has no
 * agent or tool helpers. Names and attributes follow the current GenAI semantic conventions:
 * `invoke_agent {gen_ai.agent.name}` and `execute_tool {gen_ai.tool.name}`, both INTERNAL
 * (in-process), failures with ERROR status and `error.type`.
 */
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { errorType, type Runtime } from './runtime';

export interface AgentInfo {
  name: string;
  description: string;
  model: string;
}

/** semconv message JSON for opt-in content attributes. */
function textMessages(role: string, text: string, finishReason?: string): string {
  return JSON.stringify([
    { role, parts: [{ type: 'text', content: text }], ...(finishReason ? { finish_reason: finishReason } : {}) },
  ]);
}

/** Sets `gen_ai.input.messages` / `gen_ai.output.messages` when content capture is on. */
export function setMessages(rt: Runtime, span: Span, direction: 'input' | 'output', text: string): void {
  if (rt.captureContent) {
    span.setAttribute(
      `gen_ai.${direction}.messages`,
      direction === 'input' ? textMessages('user', text) : textMessages('assistant', text, 'stop')
    );
  }
}

function fail(span: Span, e: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
  span.setAttribute('error.type', errorType(e));
}

export function invokeAgent<T>(
  rt: Runtime,
  agent: AgentInfo,
  input: string,
  fn: (span: Span) => Promise<{ value: T; output: string }>
): Promise<T> {
  return rt.tracer.startActiveSpan(
    `invoke_agent ${agent.name}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.provider.name': 'openai',
        'gen_ai.agent.name': agent.name,
        'gen_ai.agent.id': `${agent.name}-${rt.profile.version}`,
        'gen_ai.agent.description': agent.description,
        'gen_ai.agent.version': rt.profile.version,
        'gen_ai.request.model': agent.model,
      },
    },
    async (span) => {
      setMessages(rt, span, 'input', input);
      try {
        const { value, output } = await fn(span);
        setMessages(rt, span, 'output', output);
        return value;
      } catch (e) {
        fail(span, e);
        throw e;
      } finally {
        span.end();
      }
    }
  );
}

export interface ToolInfo {
  name: string;
  description: string;
}

/** Runs a tool inside its span; a thrown error marks the span failed and is re-thrown. */
export function executeTool(
  rt: Runtime,
  tool: ToolInfo,
  call: { id: string; arguments: string },
  fn: () => Promise<string>
): Promise<string> {
  return rt.tracer.startActiveSpan(
    `execute_tool ${tool.name}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': tool.name,
        'gen_ai.tool.description': tool.description,
        'gen_ai.tool.type': 'function',
        'gen_ai.tool.call.id': call.id,
      },
    },
    async (span) => {
      if (rt.captureContent) {
        span.setAttribute('gen_ai.tool.call.arguments', call.arguments);
      }
      try {
        const result = await fn();
        if (rt.captureContent) {
          span.setAttribute('gen_ai.tool.call.result', result);
        }
        return result;
      } catch (e) {
        fail(span, e);
        throw e;
      } finally {
        span.end();
      }
    }
  );
}
