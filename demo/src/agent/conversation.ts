/**
 * Conversations: a user asks 1-4 related questions; each question is one agent run (one trace,
 * root span `invoke_agent orchestrator`; in 2026 mode under an `invoke_workflow sales-assistant`
 * root). All runs of a conversation share `gen_ai.conversation.id`, carried as baggage and put on
 * every span.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import type OpenAI from 'openai';
import { UNPRICED_MODEL } from '../pipelines';
import { hash32, Rng } from '../random';
import { CONVERSATION_ID } from '../telemetry/conversationSpanProcessor';
import { orchestrate } from './agents';
import { evaluateAnswer } from './evaluator';
import { chat } from './llm';
import { errorType, type Runtime } from './runtime';
import { agentSpanAttributes, measureAgent, setMessages } from './spans';

const WORKFLOW = 'sales-assistant';

const TOPICS = [
  'How did revenue develop in Q3 compared with last year?',
  'Why did churn drop last quarter?',
  'Which region should get the extra marketing budget?',
  'Is the Q4 forecast still realistic after the campaign delay?',
  'Explain the difference between the ledger and the warehouse baseline.',
  'What drove the price-change effect in the north?',
  // Hostile input reaches prompts too: it must show up as text in every UI, never as HTML.
  'Summarise this customer note: <img src=x onerror=alert(1)> "delivery was late again"',
];

const FOLLOW_UPS = [
  'Can you break that down by region?',
  'What would change if churn rose again?',
  'Give me the three numbers I should show the board.',
  'How confident are you, and what is the main risk?',
];

export interface Conversation {
  id: string;
  questions: string[];
  history: OpenAI.Chat.ChatCompletionMessageParam[];
  next: number;
}

export function newConversation(rt: Runtime, index: number): Conversation {
  const rng = new Rng(rt.seed, rt.profile.version, 'conversation', index);
  const turns = rng.int(1, 4);
  const questions = [rng.pick(TOPICS)];
  for (let i = 1; i < turns; i++) {
    questions.push(rng.pick(FOLLOW_UPS));
  }
  const id = `conv_${rt.profile.version}_${hash32(`${rt.seed}/${index}`).toString(16).padStart(8, '0')}_${index}`;
  return { id, questions, history: [], next: 0 };
}

/** Runs the conversation's next question as one trace. Never throws: failures are in the trace. */
export async function runNextTurn(rt: Runtime, conv: Conversation): Promise<void> {
  const turn = conv.next++;
  const question = conv.questions[turn];
  const rng = new Rng(rt.seed, rt.profile.version, conv.id, turn);
  const baggage = propagation.createBaggage({ [CONVERSATION_ID]: { value: conv.id } });
  const ctx = propagation.setBaggage(ROOT_CONTEXT, baggage);
  const agent = {
    name: 'orchestrator',
    description: 'Plans, delegates to research/analysis agents and answers.',
    model: rt.profile.plannerModel,
  };
  const orchestrator = () =>
    rt.tracer.startActiveSpan(
      'invoke_agent orchestrator',
      { kind: SpanKind.INTERNAL, attributes: agentSpanAttributes(rt, agent) },
      async (span) => {
        setMessages(rt, span, 'input', question);
        try {
          const { answer, signals } = await measureAgent(rt, agent, async () => {
            if (turn === 0 && rng.chance(0.35)) {
              // A small self-hosted model names the conversation; nobody has a price for it.
              await chat(rt, {
                model: UNPRICED_MODEL,
                messages: [{ role: 'user', content: `Give this conversation a short title: ${question}` }],
                maxTokens: 12,
              }).catch(() => undefined);
            }
            return orchestrate(rt, rng, question, conv.history.slice(-4));
          });
          setMessages(rt, span, 'output', answer.text);
          evaluateAnswer(rt, rng, span, answer, signals);
          conv.history.push({ role: 'user', content: question }, { role: 'assistant', content: answer.text });
        } catch (e) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.message : String(e) });
          span.setAttribute('error.type', errorType(e));
        } finally {
          span.end();
        }
      }
    );
  await context.with(ctx, () => (rt.semconv === '2026' ? inWorkflow(rt, question, orchestrator) : orchestrator()));
}

/** 2026 mode: the run as an `invoke_workflow` span and a gen_ai.invoke_workflow.duration point. */
function inWorkflow(rt: Runtime, question: string, run: () => Promise<void>): Promise<void> {
  return rt.tracer.startActiveSpan(
    `invoke_workflow ${WORKFLOW}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: { 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': WORKFLOW },
    },
    async (span) => {
      setMessages(rt, span, 'input', question);
      const started = performance.now();
      try {
        await run();
      } finally {
        span.end();
        rt.metrics2026?.invokeWorkflowDuration.record((performance.now() - started) / 1000, {
          'gen_ai.operation.name': 'invoke_workflow',
          'gen_ai.workflow.name': WORKFLOW,
        });
      }
    }
  );
}

export function hasMoreTurns(conv: Conversation): boolean {
  return conv.next < conv.questions.length;
}
