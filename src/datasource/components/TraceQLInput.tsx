import React, { useCallback, useLayoutEffect, useRef } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { TraceQLSyntax } from '../../data/traceql/traceqlSyntax';
import { TraceQLTokens } from './HighlightedTraceQL';

export interface TraceQLInputProps {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  /** Shift+Enter, as in Grafana's code editors (Enter itself adds a line). */
  onRunQuery?: () => void;
  /** Tokens and errors of `value` (undefined until the grammar has loaded: plain text). */
  syntax?: TraceQLSyntax;
  placeholder?: string;
  id?: string;
  invalid?: boolean;
  'aria-label'?: string;
  'aria-describedby'?: string;
}

/**
 * A TraceQL text field with syntax highlighting, without a code editor: a `<textarea>` whose text
 * is transparent (its caret and selection are not) over a `<pre aria-hidden>` that draws the same
 * text as coloured tokens. Both sit in one grid cell with identical font, padding, line height and
 * wrapping, so every glyph of the overlay is where the textarea's own glyph would be; the overlay
 * is in the flow and sizes the cell, so the field grows with its lines. The textarea is the
 * control: label, focus, typing, selection, undo and screen readers all see a plain textarea.
 */
export function TraceQLInput({
  value,
  onChange,
  onBlur,
  onRunQuery,
  syntax,
  placeholder,
  id,
  invalid,
  'aria-label': ariaLabel,
  'aria-describedby': ariaDescribedBy,
}: TraceQLInputProps) {
  const styles = useStyles2(getStyles);
  const overlay = useRef<HTMLPreElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  // The textarea is as tall as its text, so it scrolls only in passing (the browser bringing the
  // caret into view before the overlay has grown); the overlay follows it.
  const syncScroll = useCallback(() => {
    if (overlay.current && textarea.current) {
      overlay.current.scrollTop = textarea.current.scrollTop;
      overlay.current.scrollLeft = textarea.current.scrollLeft;
    }
  }, []);
  useLayoutEffect(syncScroll, [value, syntax, syncScroll]);
  return (
    <div className={cx(styles.field, invalid && styles.invalid)} data-testid="traceql-input">
      <pre className={cx(styles.text, styles.overlay)} ref={overlay} aria-hidden="true" data-testid="traceql-overlay">
        <TraceQLTokens text={value} syntax={syntax} emphasis={false} />
      </pre>
      <textarea
        ref={textarea}
        id={id}
        className={cx(styles.text, styles.textarea)}
        value={value}
        rows={1}
        placeholder={placeholder}
        aria-label={ariaLabel}
        aria-invalid={invalid || undefined}
        aria-describedby={ariaDescribedBy}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        onChange={(e) => onChange(e.currentTarget.value)}
        onScroll={syncScroll}
        onBlur={onBlur}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && e.shiftKey && onRunQuery) {
            e.preventDefault();
            onRunQuery();
          }
        }}
      />
    </div>
  );
}

const LINE_HEIGHT_PX = 20;

const getStyles = (theme: GrafanaTheme2) => {
  const border = 1;
  // One line is exactly as tall as Grafana's inputs (theme.components.height.md, 32 px).
  const paddingY = (theme.spacing.gridSize * theme.components.height.md - 2 * border - LINE_HEIGHT_PX) / 2;
  const focusRing = theme.colors.accent?.main ?? theme.colors.primary.main;
  return {
    // The border, background, hover and focus ring of Grafana's Input (sharedInputStyle, getFocusStyle).
    field: css({
      display: 'grid',
      gridTemplateColumns: 'minmax(0, 1fr)',
      width: '100%',
      position: 'relative',
      background: theme.components.input.background,
      border: `${border}px solid ${theme.components.input.borderColor}`,
      borderRadius: theme.shape.radius.default,
      '&:hover': { borderColor: theme.components.input.borderHover },
      '&:focus-within': {
        outline: '2px dotted transparent',
        outlineOffset: '2px',
        boxShadow: `0 0 0 2px ${theme.colors.background.canvas}, 0 0 0px 4px ${focusRing}`,
        transitionTimingFunction: 'cubic-bezier(0.19, 1, 0.22, 1)',
        transitionDuration: '0.2s',
        transitionProperty: 'outline, outline-offset, box-shadow',
      },
    }),
    invalid: css({
      borderColor: theme.colors.error.border,
      '&:hover': { borderColor: theme.colors.error.shade },
    }),
    // Everything that decides where a glyph goes, set explicitly on both elements (Grafana's global
    // styles give `pre` and `textarea` different fonts, sizes, margins, padding and borders).
    text: css({
      gridArea: '1 / 1',
      boxSizing: 'border-box',
      width: '100%',
      minWidth: 0,
      margin: 0,
      border: 0,
      borderRadius: 0,
      padding: `${paddingY}px ${theme.spacing(1)}`,
      fontFamily: theme.typography.fontFamilyMonospace,
      fontSize: theme.typography.body.fontSize,
      fontWeight: theme.typography.fontWeightRegular,
      fontStyle: 'normal',
      lineHeight: `${LINE_HEIGHT_PX}px`,
      letterSpacing: 'normal',
      wordSpacing: 'normal',
      textTransform: 'none',
      textIndent: 0,
      textAlign: 'left',
      tabSize: 2,
      whiteSpace: 'pre-wrap',
      wordBreak: 'normal',
      overflowWrap: 'anywhere',
      fontVariantLigatures: 'none',
      background: 'transparent',
      overflow: 'hidden',
    }),
    overlay: css({
      display: 'block',
      color: theme.components.input.text,
      pointerEvents: 'none',
      userSelect: 'none',
      // The line a trailing newline starts (the textarea shows it; a pre would not without a
      // character on it). Generated content: the overlay's text stays the textarea's value.
      '&::after': { content: '" "' },
    }),
    textarea: css({
      display: 'block',
      height: '100%',
      minHeight: 0,
      resize: 'none',
      outline: 'none',
      boxShadow: 'none',
      color: 'transparent',
      caretColor: theme.components.input.text,
      // Above the overlay, so the selection is painted over the coloured text.
      position: 'relative',
      zIndex: 1,
      '&::placeholder': { color: theme.colors.text.disabled, opacity: 1 },
      '&::selection': { color: 'transparent', background: theme.colors.primary.transparent },
      '&:focus': { outline: 'none', boxShadow: 'none' },
    }),
  };
};
