import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { LRParser } from '@lezer/lr';
import {
  loadTraceQLParser,
  traceqlSyntax,
  type TraceQLSyntax,
  type TraceQLTokenKind,
} from '../../data/traceql/traceqlSyntax';

/** The TraceQL grammar once it has loaded (undefined before; the text shows uncoloured meanwhile). */
export function useTraceQLParser(): LRParser | undefined {
  const [parser, setParser] = useState<LRParser>();
  useEffect(() => {
    let live = true;
    loadTraceQLParser().then(
      (p) => live && setParser(() => p),
      () => undefined // no grammar (chunk failed to load): plain text, and no validation claim
    );
    return () => {
      live = false;
    };
  }, []);
  return parser;
}

/** A TraceQL query coloured by token, as text nodes (never HTML); parse errors underlined. */
export function HighlightedTraceQL({
  text,
  syntax,
  testId,
}: {
  text: string;
  syntax?: TraceQLSyntax;
  testId?: string;
}) {
  const styles = useStyles2(getStyles);
  if (!syntax) {
    return (
      <code className={styles.code} data-testid={testId}>
        {text}
      </code>
    );
  }
  // Only the first error: where error recovery resumes can mark later tokens that are fine.
  const first = syntax.errors[0];
  const errorAt = (from: number, to: number) => Boolean(first && first.from < to && first.to > from);
  return (
    <code className={styles.code} data-testid={testId}>
      {syntax.tokens.map((t) => (
        <span
          key={t.from}
          className={errorAt(t.from, t.to) ? `${styles[t.kind]} ${styles.error}` : styles[t.kind]}
          data-token={t.kind}
        >
          {text.slice(t.from, t.to)}
        </span>
      ))}
      {/* An error at the very end (a missing "}") has no token to underline. */}
      {first && first.from >= text.length && <span className={styles.error}> </span>}
    </code>
  );
}

export function syntaxOf(parser: LRParser | undefined, text: string): TraceQLSyntax | undefined {
  return parser && text.trim() ? traceqlSyntax(parser, text) : undefined;
}

// Colours as in Grafana's code editors (Monaco's TraceQL theme uses the same families).
const getStyles = (theme: GrafanaTheme2): Record<TraceQLTokenKind | 'code' | 'error', string> => {
  const c = (name: string) => theme.visualization.getColorByName(name);
  return {
    code: css({
      display: 'block',
      fontFamily: theme.typography.fontFamilyMonospace,
      fontSize: theme.typography.bodySmall.fontSize,
      color: theme.colors.text.secondary,
      whiteSpace: 'pre-wrap',
      wordBreak: 'break-all',
      margin: 0,
    }),
    scope: css({ color: c(theme.isDark ? 'purple' : 'dark-purple') }),
    attribute: css({ color: c(theme.isDark ? 'blue' : 'dark-blue') }),
    intrinsic: css({
      color: c(theme.isDark ? 'purple' : 'dark-purple'),
      fontWeight: theme.typography.fontWeightMedium,
    }),
    string: css({ color: c(theme.isDark ? 'green' : 'dark-green') }),
    number: css({ color: c(theme.isDark ? 'orange' : 'dark-orange') }),
    operator: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
    keyword: css({ color: c(theme.isDark ? 'yellow' : 'dark-yellow') }),
    variable: css({ color: c(theme.isDark ? 'orange' : 'dark-orange'), fontStyle: 'italic' }),
    comment: css({ color: theme.colors.text.disabled, fontStyle: 'italic' }),
    plain: css({}),
    error: css({
      textDecoration: `wavy underline ${theme.colors.error.text}`,
      textDecorationSkipInk: 'none',
      textUnderlineOffset: 3,
    }),
  };
};
