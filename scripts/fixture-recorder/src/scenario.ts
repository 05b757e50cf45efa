/**
 * The one agent scenario every dialect records. Only the way the agent span and the tool
 * span are created (library helper vs. by hand) and, for `semconv`, the OpenAI API surface
 * (Responses instead of Chat Completions) differ between dialects.
 */
import type OpenAI from 'openai';
import { TOOL_ARGUMENTS, TOOL_CALL_ID } from '../../../demo/src/simulator/cannedProfile.js';

export const AGENT_NAME = 'research-agent';
export const AGENT_SPAN_NAME = `invoke_agent ${AGENT_NAME}`;
export const TOOL_NAME = 'web_search';
export const TOOL_SPAN_NAME = `execute_tool ${TOOL_NAME}`;
export const TOOL_DESCRIPTION = 'Search the web and return the top result snippets.';
export const TOOL_PARAMETERS = {
  type: 'object',
  properties: { query: { type: 'string', description: 'Search query' } },
  required: ['query'],
  additionalProperties: false,
};

export const SYSTEM_PROMPT = `You are ${AGENT_NAME}, a concise research assistant. Use tools when you need fresh information.`;
export const USER_QUESTION = 'What is the current status of the OpenTelemetry GenAI semantic conventions?';
export const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';
export const FOLLOW_UP = `Summarize the search result in two sentences for this page: ${HOSTILE}`;
export const TITLE_PROMPT = 'Give the report a one-line title.';
export const RATE_LIMITED_PROMPT = 'Translate the summary into French.';

export const SEARCH_RESULT =
  'opentelemetry.io: "Semantic conventions for generative AI systems" - Status: Development. ' +
  'Latest release renames gen_ai.system to gen_ai.provider.name and adds gen_ai.input.messages.';

export interface ToolCallInfo {
  id: string;
  name: string;
  arguments: string;
}

export interface ScenarioHooks {
  /** OpenAI client (instrumented, or wrapped by the dialect). */
  client: OpenAI;
  /** Which OpenAI API the chat steps use. */
  api: 'chat' | 'responses';
  /** Runs the whole scenario inside the dialect's agent span. */
  agent<T>(input: string, fn: () => Promise<T>): Promise<T>;
  /** Runs the tool implementation inside the dialect's tool span. */
  tool(call: ToolCallInfo, fn: (args: { query: string }) => Promise<string>): Promise<string>;
}

async function webSearch(args: { query: string }): Promise<string> {
  return `${SEARCH_RESULT} (query: ${args.query})`;
}

const RATE_LIMIT_HEADERS = { headers: { 'x-simulate-status': '429' } };

export async function runScenario(h: ScenarioHooks): Promise<string> {
  return h.agent(USER_QUESTION, async () => {
    // (1) embeddings
    await h.client.embeddings.create({ model: 'text-embedding-3-small', input: USER_QUESTION, dimensions: 8 });
    return h.api === 'chat' ? chatFlow(h) : responsesFlow(h);
  });
}

async function chatFlow(h: ScenarioHooks): Promise<string> {
  const { client } = h;
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: USER_QUESTION },
  ];
  // (2) non-streaming chat that asks for a tool call
  const first = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages,
    temperature: 0.2,
    max_tokens: 256,
    tools: [
      { type: 'function', function: { name: TOOL_NAME, description: TOOL_DESCRIPTION, parameters: TOOL_PARAMETERS } },
    ],
    tool_choice: 'auto',
  });
  const assistant = first.choices[0].message;
  const call = assistant.tool_calls?.[0];
  if (!call || call.type !== 'function') {
    throw new Error('simulator did not return a tool call');
  }
  messages.push(assistant);

  // (3) tool execution
  const result = await h.tool({ id: call.id, name: call.function.name, arguments: call.function.arguments }, (args) =>
    webSearch(args)
  );
  messages.push({ role: 'tool', tool_call_id: call.id, content: result });

  // (4) streaming chat with a hostile user prompt
  messages.push({ role: 'user', content: FOLLOW_UP });
  const stream = await client.chat.completions.create({
    model: 'gpt-4o',
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  let summary = '';
  for await (const chunk of stream) {
    summary += chunk.choices[0]?.delta?.content ?? '';
  }

  // (5) a model nobody has a price for
  await client.chat.completions.create({
    model: 'acme-unknown-model-1',
    messages: [{ role: 'user', content: `${TITLE_PROMPT}\n\n${summary}` }],
  });

  // (6) a call that fails with HTTP 429
  try {
    await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `${RATE_LIMITED_PROMPT}\n\n${summary}` }] },
      RATE_LIMIT_HEADERS
    );
  } catch (e) {
    console.log(`  expected rate-limit error: ${(e as Error).message.split('\n')[0].slice(0, 80)}`);
  }
  return summary;
}

async function responsesFlow(h: ScenarioHooks): Promise<string> {
  const { client } = h;
  const input: OpenAI.Responses.ResponseInputItem[] = [{ role: 'user', content: USER_QUESTION }];
  // (2) non-streaming call that asks for a tool call
  const first = await client.responses.create({
    model: 'gpt-4o-mini',
    instructions: SYSTEM_PROMPT,
    input,
    temperature: 0.2,
    max_output_tokens: 256,
    tools: [
      { type: 'function', name: TOOL_NAME, description: TOOL_DESCRIPTION, parameters: TOOL_PARAMETERS, strict: false },
    ],
  });
  const call = first.output.find((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === 'function_call');
  if (!call) {
    throw new Error('simulator did not return a function_call');
  }
  input.push(call);

  // (3) tool execution
  const result = await h.tool({ id: call.call_id, name: call.name, arguments: call.arguments }, (args) =>
    webSearch(args)
  );
  input.push({ type: 'function_call_output', call_id: call.call_id, output: result });

  // (4) streaming call with a hostile user prompt
  input.push({ role: 'user', content: FOLLOW_UP });
  const stream = await client.responses.create({ model: 'gpt-4o', instructions: SYSTEM_PROMPT, input, stream: true });
  let summary = '';
  for await (const ev of stream) {
    if (ev.type === 'response.output_text.delta') {
      summary += ev.delta;
    }
  }

  // (5) a model nobody has a price for
  await client.responses.create({ model: 'acme-unknown-model-1', input: `${TITLE_PROMPT}\n\n${summary}` });

  // (6) a call that fails with HTTP 429
  try {
    await client.responses.create(
      { model: 'gpt-4o-mini', input: `${RATE_LIMITED_PROMPT}\n\n${summary}` },
      RATE_LIMIT_HEADERS
    );
  } catch (e) {
    console.log(`  expected rate-limit error: ${(e as Error).message.split('\n')[0].slice(0, 80)}`);
  }
  return summary;
}

export { TOOL_ARGUMENTS, TOOL_CALL_ID };
