import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, useStyles2 } from '@grafana/ui';
import React, { useState } from 'react';
import { useContentMask } from './contentMask';

const MAX_CHARS = 600;
const MAX_LINES = 12;

/** Cuts long text to its first lines/characters; never parses it (content is always plain text). */
export function shortened(text: string): string | undefined {
  let cut = text.length > MAX_CHARS ? MAX_CHARS : -1;
  let lines = 0;
  for (let i = 0; i < Math.min(text.length, MAX_CHARS); i++) {
    if (text.charCodeAt(i) === 10 && ++lines === MAX_LINES) {
      cut = i;
      break;
    }
  }
  return cut < 0 ? undefined : text.slice(0, cut);
}

/**
 * Preformatted text, collapsed when long, rendered as a text node (hostile markup stays text),
 * masked as the data source's settings say (contentMask.tsx) unless revealed.
 */
export function LongText({ text: raw, mono = false }: { text: string; mono?: boolean }) {
  const styles = useStyles2(getStyles);
  const [open, setOpen] = useState(false);
  const text = useContentMask().mask(raw);
  const short = shortened(text);
  return (
    <div>
      <pre className={mono ? styles.mono : styles.prose}>{open || short === undefined ? text : `${short}…`}</pre>
      {short !== undefined && (
        <Button
          size="sm"
          variant="secondary"
          fill="text"
          icon={open ? 'angle-up' : 'angle-down'}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Show less' : `Show all (${text.length.toLocaleString()} characters)`}
        </Button>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => {
  const base = {
    margin: 0,
    padding: 0,
    background: 'transparent',
    border: 'none',
    whiteSpace: 'pre-wrap' as const,
    overflowWrap: 'anywhere' as const,
    color: theme.colors.text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
  };
  return {
    prose: css({ ...base, fontFamily: theme.typography.fontFamily }),
    mono: css({ ...base, fontFamily: theme.typography.fontFamilyMonospace }),
  };
};
