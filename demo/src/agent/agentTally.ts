import { context, createContextKey } from '@opentelemetry/api';

/** Calls one agent invocation made itself (not its sub-agents'): gen_ai.invoke_agent.{inference,tool}_calls. */
export interface AgentTally {
  inferenceCalls: number;
  toolCalls: number;
}

const TALLY = createContextKey('genai-demo agent tally');

/** Runs `fn` with a fresh tally as the current agent's. */
export function withAgentTally<T>(fn: (tally: AgentTally) => T): T {
  const tally: AgentTally = { inferenceCalls: 0, toolCalls: 0 };
  return context.with(context.active().setValue(TALLY, tally), () => fn(tally));
}

export function countCall(kind: keyof AgentTally): void {
  const tally = context.active().getValue(TALLY) as AgentTally | undefined;
  if (tally) {
    tally[kind]++;
  }
}
