// What the harness host page (harness/host/index.tsx) reports about a query result, and what
// openHarness.ts hands to the browser tests: plain JSON across page.evaluate.

export interface FrameSummary {
  name?: string;
  refId?: string;
  length: number;
  fields: string[];
  notices: string[];
}

export interface QueryResultSummary {
  /** A LoadingState value. */
  state: string;
  errors: string[];
  frames: FrameSummary[];
}
