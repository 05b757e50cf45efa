import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { getDataSourceSrv } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import React, { useEffect, useState } from 'react';
import {
  logSourceNote,
  traceLogRequest,
  type TraceLogMessages,
  type TraceLogRequest,
} from '../../data/loki/traceLogMessages';
import type { SpanTreeView } from '../../data/trace/spanTreeView';
import { ChatMessages } from './ChatMessages';

/** What the GenAI data source offers panels for chats written as logs (datasource.ts). */
interface TraceLogSource {
  traceLogMessages(req: Omit<TraceLogRequest, 'streamSelector'>, signal?: AbortSignal): Promise<TraceLogMessages>;
}

type State =
  | { status: 'loading' }
  | { status: 'error'; message: string; of: SpanTreeView }
  | { status: 'done'; logs: TraceLogMessages; of: SpanTreeView };

// Once per trace: a pass over every row is cheap once, not per span opened.
const requests = new WeakMap<SpanTreeView, TraceLogRequest>();

function requestFor(view: SpanTreeView): TraceLogRequest {
  let r = requests.get(view);
  if (!r) {
    r = traceLogRequest(view.table);
    requests.set(view, r);
  }
  return r;
}

/**
 * A span's chat from the trace's log records in Loki, for spans that carry no content themselves
 * (instrumentations that write prompts as logs). One query per trace, made by the data source; a
 * Loki that is down, empty or over its limit is said here and touches nothing else of the tree.
 */
export function LogChat({ view, spanId, system }: { view: SpanTreeView; spanId: string; system?: string }) {
  const styles = useStyles2(getStyles);
  const [answer, setState] = useState<State>({ status: 'loading' });
  // An answer for another trace is not this one's: loading until this trace's arrives.
  const state: State = answer.status !== 'loading' && answer.of === view ? answer : { status: 'loading' };
  const uid = view.table.datasourceUid;
  useEffect(() => {
    const controller = new AbortController();
    const req = requestFor(view);
    (async () => {
      if (!uid) {
        throw new Error('this frame does not say which data source made it');
      }
      const ds = (await getDataSourceSrv().get(uid)) as unknown as Partial<TraceLogSource>;
      if (typeof ds.traceLogMessages !== 'function') {
        throw new Error(`data source ${uid} cannot read log records`);
      }
      return ds.traceLogMessages(req, controller.signal);
    })().then(
      (logs) => !controller.signal.aborted && setState({ status: 'done', logs, of: view }),
      (e) =>
        !controller.signal.aborted &&
        setState({ status: 'error', message: e instanceof Error ? e.message : String(e), of: view })
    );
    return () => controller.abort();
  }, [view, uid]);

  if (state.status === 'loading') {
    return (
      <div className={styles.note} aria-live="polite" data-log-chat="loading">
        Loading this call’s messages from Loki…
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className={styles.warning} role="alert" data-log-chat="error">
        This span has no messages on it, and its log records could not be read from Loki: {state.message}. The rest of
        the trace is unaffected.
      </div>
    );
  }
  const span = state.logs.bySpan.get(spanId.toLowerCase());
  return (
    <>
      {span && (
        <>
          <ChatMessages title="Input" system={span.systemInstructions ?? system} messages={span.input} />
          <ChatMessages title="Output" messages={span.output} />
        </>
      )}
      <div
        className={state.logs.source.truncated || !span ? styles.warning : styles.note}
        data-log-chat={span ? 'loki' : 'none'}
        title={state.logs.source.query}
      >
        {logSourceNote(state.logs, spanId)}
      </div>
      {span?.warnings.map((w, i) => (
        <div key={i} className={styles.warning}>
          {w}
        </div>
      ))}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  note: css({ color: theme.colors.text.secondary, marginBottom: theme.spacing(1) }),
  warning: css({
    padding: theme.spacing(0.5, 1),
    marginBottom: theme.spacing(1),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.warning.transparent,
    color: theme.colors.warning.text,
  }),
});
