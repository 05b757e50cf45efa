import React, { useEffect, useState } from 'react';
import { css, cx } from '@emotion/css';
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

export function syntaxOf(parser: LRParser | undefined, text: string): TraceQLSyntax | undefined {
  return parser && text.trim() ? traceqlSyntax(parser, text) : undefined;
}

/**
 * The tokens of a TraceQL text as coloured spans, as text nodes (never HTML), the first parse
 * error underlined. Their text, concatenated, is exactly `text`: an error at the very end (a
 * missing "}") is marked by an empty span whose underlined space is CSS-generated content.
 * `emphasis` adds weight and italics by token kind; an overlay over an input leaves it off, so
 * every glyph has the input's own metrics.
 */
export function TraceQLTokens({
  text,
  syntax,
  emphasis = true,
}: {
  text: string;
  syntax?: TraceQLSyntax;
  emphasis?: boolean;
}) {
  const styles = useStyles2(getTokenStyles);
  if (!syntax) {
    return <>{text}</>;
  }
  // Only the first error: where error recovery resumes can mark later tokens that are fine.
  // Tokens are cut at its bounds, so the underline covers exactly the characters it names.
  const first = syntax.errors[0];
  const pieces = syntax.tokens.flatMap((t) => {
    if (!first || first.to <= t.from || first.from >= t.to) {
      return [{ ...t, error: false }];
    }
    const from = Math.max(t.from, first.from);
    const to = Math.min(t.to, first.to);
    return [
      { from: t.from, to: from, kind: t.kind, error: false },
      { from, to, kind: t.kind, error: true },
      { from: to, to: t.to, kind: t.kind, error: false },
    ].filter((p) => p.to > p.from);
  });
  return (
    <>
      {pieces.map((t) => (
        <span
          key={t.from}
          className={cx(styles[t.kind], emphasis && styles.emphasis[t.kind], t.error && styles.error)}
          data-token={t.kind}
          data-error={t.error || undefined}
        >
          {text.slice(t.from, t.to)}
        </span>
      ))}
      {first && first.from >= text.length && <span className={styles.errorAtEnd} data-error="end" />}
    </>
  );
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
  return (
    <code className={styles.code} data-testid={testId}>
      <TraceQLTokens text={text} syntax={syntax} />
    </code>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  code: css({
    display: 'block',
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    // Room under each line for the error squiggle (Grafana's global `code` line height of ~1.14
    // leaves none).
    lineHeight: 1.5,
    color: theme.colors.text.secondary,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    margin: 0,
    padding: theme.spacing(0.5, 1),
  }),
});

/**
 * The squiggle under a parse error, as Monaco draws it: a 6×3 px SVG wave repeated along the
 * bottom of the span, in a 3 px bottom padding (which moves no line): right under the glyphs, in
 * the gap to the next line. (A wavy text-decoration is deeper the thicker it is, and a
 * text-underline-offset comes on top: with Grafana's tight `code` line height, ~1.14, the wave
 * landed on the next line's text.)
 */
const errorUnderline = (theme: GrafanaTheme2) => {
  const svg =
    `<svg xmlns='http://www.w3.org/2000/svg' width='6' height='3'>` +
    `<path d='M0 2.35 C1.5 2.35 1.5 0.65 3 0.65 S4.5 2.35 6 2.35' fill='none' stroke='${theme.colors.error.text}' stroke-width='1.3'/>` +
    `</svg>`;
  return {
    // Quotes and parentheses escaped too: some CSS parsers end a url at them.
    backgroundImage: `url("data:image/svg+xml,${encodeURIComponent(svg).replace(/['()]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}")`,
    backgroundRepeat: 'repeat-x',
    backgroundPosition: 'left bottom',
    backgroundSize: '6px 3px',
    paddingBottom: 3,
  };
};

// Colours as in Grafana's code editors (Monaco's TraceQL theme uses the same families).
const getTokenStyles = (theme: GrafanaTheme2) => {
  const c = (name: string) => theme.visualization.getColorByName(name);
  const colours: Record<TraceQLTokenKind, string> = {
    scope: css({ color: c(theme.isDark ? 'purple' : 'dark-purple') }),
    attribute: css({ color: c(theme.isDark ? 'blue' : 'dark-blue') }),
    intrinsic: css({ color: c(theme.isDark ? 'purple' : 'dark-purple') }),
    string: css({ color: c(theme.isDark ? 'green' : 'dark-green') }),
    number: css({ color: c(theme.isDark ? 'orange' : 'dark-orange') }),
    operator: css({ color: theme.colors.text.primary }),
    keyword: css({ color: c(theme.isDark ? 'yellow' : 'dark-yellow') }),
    variable: css({ color: c(theme.isDark ? 'orange' : 'dark-orange') }),
    comment: css({ color: theme.colors.text.disabled }),
    plain: css({}),
  };
  const medium = css({ fontWeight: theme.typography.fontWeightMedium });
  const italic = css({ fontStyle: 'italic' });
  const emphasis: Partial<Record<TraceQLTokenKind, string>> = {
    intrinsic: medium,
    operator: medium,
    variable: italic,
    comment: italic,
  };
  return {
    ...colours,
    emphasis,
    error: css(errorUnderline(theme)),
    errorAtEnd: css({ '&::after': { content: '" "', ...errorUnderline(theme) } }),
  };
};
