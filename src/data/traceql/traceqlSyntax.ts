// TraceQL as the editor shows it: tokens for highlighting and parse errors, from Grafana's own
// TraceQL grammar (@grafana/lezer-traceql, what Grafana's Tempo editor validates with). Pure; the
// grammar is loaded on demand so it stays out of the data source's module.js.
import type { LRParser } from '@lezer/lr';

export type TraceQLTokenKind =
  'scope' | 'attribute' | 'intrinsic' | 'string' | 'number' | 'operator' | 'keyword' | 'variable' | 'comment' | 'plain';

export interface TraceQLToken {
  from: number;
  to: number;
  kind: TraceQLTokenKind;
}

export interface TraceQLError {
  from: number;
  to: number;
  message: string;
}

export interface TraceQLSyntax {
  /** Cover the whole text in order; `plain` for braces, parentheses and spaces. */
  tokens: TraceQLToken[];
  errors: TraceQLError[];
}

/** Node names of the grammar → how they are coloured. Leaves only; anything else is plain. */
const KIND: Record<string, TraceQLTokenKind> = {
  String: 'string',
  Integer: 'number',
  Float: 'number',
  Duration: 'number',
  TemplateVariable: 'variable',
  IntrinsicField: 'intrinsic',
  Identifier: 'attribute',
  Resource: 'scope',
  Span: 'scope',
  Event: 'scope',
  Link: 'scope',
  Instrumentation: 'scope',
  Parent: 'scope',
  FieldOp: 'operator',
  ScalarOp: 'operator',
  ComparisonOp: 'operator',
  And: 'operator',
  Or: 'operator',
  Gt: 'operator',
  Lt: 'operator',
  Desc: 'operator',
  Anc: 'operator',
  Pipe: 'operator',
  ExperimentalOp: 'operator',
  UnionStructuralOp: 'operator',
  Aggregate: 'keyword',
  MetricsOperationBasicType: 'keyword',
  MetricsOverTimeType: 'keyword',
  MetricsAggregatorFunctionType: 'keyword',
  With: 'keyword',
  LineComment: 'comment',
  BlockComment: 'comment',
};

let parserPromise: Promise<LRParser> | undefined;

/** The TraceQL grammar, loaded once, on first use (a lazy chunk of its own). */
export function loadTraceQLParser(): Promise<LRParser> {
  parserPromise ??= import('@grafana/lezer-traceql').then((m) => m.parser);
  return parserPromise;
}

function describe(text: string, from: number): string {
  if (from >= text.length) {
    return 'the query ends too early (is a "}", ")" or value missing?)';
  }
  const near = text.slice(from, from + 12).replace(/\s+/g, ' ');
  return `unexpected "${near}${text.length > from + 12 ? '…' : ''}" at column ${from + 1}`;
}

export function traceqlSyntax(parser: LRParser, text: string): TraceQLSyntax {
  const tokens: TraceQLToken[] = [];
  const errors: TraceQLError[] = [];
  let at = 0;
  const push = (from: number, to: number, kind: TraceQLTokenKind) => {
    if (from > at) {
      tokens.push({ from: at, to: from, kind: 'plain' });
    }
    if (to > from && from >= at) {
      tokens.push({ from, to, kind });
      at = to;
    }
  };
  parser.parse(text).iterate({
    enter: (node) => {
      if (node.type.isError) {
        // Error recovery marks where the grammar could not go on; one message per place.
        if (!errors.some((e) => e.from === node.from)) {
          errors.push({ from: node.from, to: Math.max(node.to, node.from + 1), message: describe(text, node.from) });
        }
        return false;
      }
      const kind = KIND[node.name];
      if (kind) {
        push(node.from, node.to, kind);
        return false;
      }
      return true;
    },
  });
  if (at < text.length) {
    tokens.push({ from: at, to: text.length, kind: 'plain' });
  }
  return { tokens, errors };
}
