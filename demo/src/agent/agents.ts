/**
 * The agents of one pipeline run: an orchestrator that plans with a model, delegates to a
 * research agent (retrieval + web tools) and/or an analysis agent (SQL + calculator), has the
 * draft reviewed (if the version has a reviewer) and streams the final answer.
 */
import type OpenAI from 'openai';
import { Rng } from '../random';
import { chat, type ChatResult, type ToolCall } from './llm';
import { retrieve } from './retrieval';
import { errorType, type Runtime } from './runtime';
import { executeTool, invokeAgent } from './spans';
import { TOOLS, toolDefinitions } from './tools';

type Message = OpenAI.Chat.ChatCompletionMessageParam;

/** What happened on the way to an answer; the evaluator's judgement depends on it. */
export interface RunSignals {
  failedAgents: string[];
  toolErrors: number;
  reviewed: boolean;
  documents: number;
}

/** Runs tool calls in their spans; failures become error results the model sees. */
async function runTools(rt: Runtime, rng: Rng, calls: ToolCall[], signals: RunSignals): Promise<Message[]> {
  const out: Message[] = [];
  for (const call of calls) {
    const tool = TOOLS[call.name];
    let content: string;
    try {
      if (!tool) {
        throw new Error(`unknown tool ${call.name}`);
      }
      const args = JSON.parse(call.arguments || '{}') as Record<string, unknown>;
      content = await executeTool(rt, tool, call, () => tool.run(rt, rng, args));
    } catch (e) {
      signals.toolErrors++;
      content = `ERROR ${errorType(e)}: ${e instanceof Error ? e.message : String(e)}`;
    }
    out.push({ role: 'tool', tool_call_id: call.id, content });
  }
  return out;
}

export async function researchAgent(rt: Runtime, rng: Rng, question: string, signals: RunSignals): Promise<string> {
  const p = rt.profile;
  const agent = {
    name: 'research',
    description: 'Finds facts in the knowledge base and on the web.',
    model: p.researchModel,
  };
  return invokeAgent(rt, agent, question, async () => {
    const { documents } = await retrieve(rt, rng, question, p.retrievalTopK);
    signals.documents += documents.length;
    const messages: Message[] = [
      { role: 'system', content: 'You are the research agent. Use the context and tools; cite sources.' },
      { role: 'user', content: `${question}\n\nContext:\n${documents.map((d, i) => `[${i + 1}] ${d}`).join('\n')}` },
    ];
    const first = await chat(rt, {
      model: p.researchModel,
      messages,
      tools: toolDefinitions(['web_search', 'fetch_page']),
      maxTokens: 200,
    });
    messages.push(first.message, ...(await runTools(rt, rng, first.toolCalls, signals)));
    const summary = await chat(rt, { model: p.researchModel, messages, maxTokens: p.researchMaxTokens });
    return { value: summary.text, output: summary.text };
  });
}

export async function analysisAgent(rt: Runtime, rng: Rng, question: string, signals: RunSignals): Promise<string> {
  const p = rt.profile;
  const agent = {
    name: 'analysis',
    description: 'Queries the sales warehouse and computes figures.',
    model: p.analysisModel,
  };
  return invokeAgent(rt, agent, question, async () => {
    const messages: Message[] = [
      { role: 'system', content: 'You are the analysis agent. Query the warehouse, then explain the numbers.' },
      { role: 'user', content: question },
    ];
    const first = await chat(rt, {
      model: p.analysisModel,
      messages,
      tools: toolDefinitions(['sql_query', 'calculator']),
      maxTokens: 200,
    });
    messages.push(first.message, ...(await runTools(rt, rng, first.toolCalls, signals)));
    const analysis = await chat(rt, { model: p.analysisModel, messages, maxTokens: 300, stream: true });
    return { value: analysis.text, output: analysis.text };
  });
}

export async function reviewAgent(rt: Runtime, model: string, draft: string): Promise<string> {
  const agent = { name: 'review', description: 'Checks a draft answer for errors and unsupported claims.', model };
  return invokeAgent(rt, agent, draft, async () => {
    const r = await chat(rt, {
      model,
      messages: [
        { role: 'system', content: 'You review drafts. List factual problems and missing citations, briefly.' },
        { role: 'user', content: draft },
      ],
      maxTokens: 180,
      temperature: 0,
    });
    return { value: r.text, output: r.text };
  });
}

const DELEGATES = {
  delegate_research: 'Ask the research agent to find facts (knowledge base + web).',
  delegate_analysis: 'Ask the analysis agent to compute figures from the sales warehouse.',
};

export interface TurnResult {
  answer: ChatResult;
  signals: RunSignals;
}

/**
 * The orchestrator's work inside its `invoke_agent orchestrator` span: plan, delegate, review,
 * answer (streamed). History holds earlier turns of the same conversation.
 */
export async function orchestrate(rt: Runtime, rng: Rng, question: string, history: Message[]): Promise<TurnResult> {
  const p = rt.profile;
  const signals: RunSignals = { failedAgents: [], toolErrors: 0, reviewed: false, documents: 0 };
  const messages: Message[] = [
    { role: 'system', content: 'You are the orchestrator of a sales-analytics assistant. Delegate, then answer.' },
    ...history,
    { role: 'user', content: question },
  ];
  const plan = await chat(rt, {
    model: p.plannerModel,
    messages,
    tools: Object.entries(DELEGATES).map(([name, description]) => ({
      type: 'function' as const,
      function: {
        name,
        description,
        parameters: { type: 'object', properties: { task: { type: 'string' } }, required: ['task'] },
      },
    })),
    maxTokens: 150,
  });
  messages.push(plan.message);
  const findings: string[] = [];
  for (const call of plan.toolCalls) {
    const run = call.name === 'delegate_analysis' ? analysisAgent : researchAgent;
    const agentName = call.name === 'delegate_analysis' ? 'analysis' : 'research';
    let content: string;
    try {
      content = await run(rt, rng, question, signals);
      findings.push(content);
    } catch (e) {
      // A sub-agent that failed after its retries: answer without it (quality suffers).
      signals.failedAgents.push(agentName);
      content = `The ${agentName} agent failed (${errorType(e)}).`;
    }
    messages.push({ role: 'tool', tool_call_id: call.id, content });
  }
  if (p.reviewModel && findings.length) {
    try {
      const notes = await reviewAgent(rt, p.reviewModel, findings.join('\n\n'));
      signals.reviewed = true;
      messages.push({ role: 'user', content: `Reviewer notes to take into account:\n${notes}` });
    } catch {
      signals.failedAgents.push('review');
    }
  }
  const answer = await chat(rt, { model: p.answerModel, messages, maxTokens: p.answerMaxTokens, stream: true });
  return { answer, signals };
}
