/**
 * The agents' tools. They do not reach anything real: each sleeps a little and returns canned
 * data, and fails now and then (more during the `errors` incident) with a typed error.
 */
import type OpenAI from 'openai';
import type { Rng } from '../random';
import { sleep, type Runtime } from './runtime';
import type { ToolInfo } from './spans';

export class SearchTimeoutError extends Error {}
export class PageFetchForbiddenError extends Error {}
export class SqlSyntaxError extends Error {}
export class CalculatorOverflowError extends Error {}

interface ToolImpl extends ToolInfo {
  parameters: Record<string, unknown>;
  failureRate: number;
  run(rt: Runtime, rng: Rng, args: Record<string, unknown>): Promise<string>;
}

const stringParam = (description: string) => ({ type: 'string', description });

export const TOOLS: Record<string, ToolImpl> = {
  web_search: {
    name: 'web_search',
    description: 'Search the web and return the top result snippets.',
    parameters: { type: 'object', properties: { query: stringParam('Search query') }, required: ['query'] },
    failureRate: 0.06,
    async run(rt, rng, args) {
      await sleep(rt, 0.15 + rng.float() * 0.5);
      if (rng.chance(failureRate(rt, this))) {
        throw new SearchTimeoutError('search backend did not answer within 3 s');
      }
      return `3 results for "${String(args.query).slice(0, 60)}": market report Q3, analyst note, press release`;
    },
  },
  fetch_page: {
    name: 'fetch_page',
    description: 'Fetch a web page and return its main text.',
    parameters: { type: 'object', properties: { url: stringParam('Page URL') }, required: ['url'] },
    failureRate: 0.05,
    async run(rt, rng) {
      await sleep(rt, 0.1 + rng.float() * 0.3);
      if (rng.chance(failureRate(rt, this))) {
        throw new PageFetchForbiddenError('HTTP 403 from the page');
      }
      return 'Quarterly revenue rose 4.2% year over year, driven by the northern region and a price change in July.';
    },
  },
  sql_query: {
    name: 'sql_query',
    description: 'Run a read-only SQL query against the sales warehouse.',
    parameters: {
      type: 'object',
      properties: { sql: stringParam('SQL SELECT statement'), limit: { type: 'integer', description: 'Row limit' } },
      required: ['sql'],
    },
    failureRate: 0.1,
    async run(rt, rng, args) {
      await sleep(rt, 0.05 + rng.float() * 0.4);
      if (rng.chance(failureRate(rt, this))) {
        throw new SqlSyntaxError('syntax error at or near "FROM"');
      }
      const rows = Number(args.limit) || 5;
      return JSON.stringify({ rows, columns: ['region', 'revenue', 'churn'], sample: ['north', 1.92e6, 0.031] });
    },
  },
  calculator: {
    name: 'calculator',
    description: 'Evaluate an arithmetic expression.',
    parameters: { type: 'object', properties: { expression: stringParam('Expression') }, required: ['expression'] },
    failureRate: 0.03,
    async run(rt, rng) {
      await sleep(rt, 0.01);
      if (rng.chance(failureRate(rt, this))) {
        throw new CalculatorOverflowError('numeric overflow');
      }
      return String(Math.round(rng.float() * 10000) / 100);
    },
  },
};

function failureRate(rt: Runtime, tool: ToolImpl): number {
  return rt.incident() === 'errors' ? Math.min(0.6, tool.failureRate * 5) : tool.failureRate;
}

/** OpenAI `tools` definitions for the named tools. */
export function toolDefinitions(names: string[]): OpenAI.Chat.ChatCompletionTool[] {
  return names.map((n) => ({
    type: 'function',
    function: { name: n, description: TOOLS[n].description, parameters: TOOLS[n].parameters },
  }));
}
