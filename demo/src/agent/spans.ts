/**
 * Agent and tool spans, made by the demo because @opentelemetry/instrumentation-openai has no
 * agent or tool helpers. Names and attributes follow the current GenAI semantic conventions:
 * `invoke_agent {gen_ai.agent.name}` and `execute_tool {gen_ai.tool.name}`, both INTERNAL
 * (in-process), failures with ERROR status and `error.type`. In 2026 mode internal agent spans
 * carry no gen_ai.agent.id / .version / provider (the version is the resource's service.version),
 * and the agent and tool duration metrics are recorded here.
 */
import { SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import { countCall, withAgentTally, type AgentTally } from './agentTally';
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

/** Attributes of an in-process `invoke_agent` span. */
export function agentSpanAttributes(rt: Runtime, agent: AgentInfo): Attributes {
  const attrs: Attributes = {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': agent.name,
    'gen_ai.agent.description': agent.description,
    'gen_ai.request.model': agent.model,
  };
  if (rt.semconv === 'legacy') {
    attrs['gen_ai.provider.name'] = 'openai';
    attrs['gen_ai.agent.id'] = `${agent.name}-${rt.profile.version}`;
    attrs['gen_ai.agent.version'] = rt.profile.version;
  }
  return attrs;
}

/** Runs one agent invocation's work with its call tally; records the 2026 agent metrics after it. */
export async function measureAgent<T>(rt: Runtime, agent: AgentInfo, fn: () => Promise<T>): Promise<T> {
  const m = rt.metrics2026;
  if (!m) {
    return fn();
  }
  const started = performance.now();
  let failure: unknown;
  let tally: AgentTally | undefined;
  try {
    return await withAgentTally((t) => {
      tally = t;
      return fn();
    });
  } catch (e) {
    failure = e;
    throw e;
  } finally {
    const attrs: Attributes = {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': agent.name,
      'gen_ai.request.model': agent.model,
      ...(failure !== undefined ? { 'error.type': errorType(failure) } : {}),
    };
    m.invokeAgentDuration.record((performance.now() - started) / 1000, attrs);
    m.agentInferenceCalls.record(tally!.inferenceCalls, attrs);
    m.agentToolCalls.record(tally!.toolCalls, attrs);
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
    { kind: SpanKind.INTERNAL, attributes: agentSpanAttributes(rt, agent) },
    async (span) => {
      setMessages(rt, span, 'input', input);
      try {
        const { value, output } = await measureAgent(rt, agent, () => fn(span));
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
      countCall('toolCalls');
      const started = performance.now();
      let failure: unknown;
      try {
        const result = await fn();
        if (rt.captureContent) {
          span.setAttribute('gen_ai.tool.call.result', result);
        }
        return result;
      } catch (e) {
        failure = e;
        fail(span, e);
        throw e;
      } finally {
        span.end();
        rt.metrics2026?.executeToolDuration.record((performance.now() - started) / 1000, {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': tool.name,
          'gen_ai.tool.type': 'function',
          ...(failure !== undefined ? { 'error.type': errorType(failure) } : {}),
        });
      }
    }
  );
}
