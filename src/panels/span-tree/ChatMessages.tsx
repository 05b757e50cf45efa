import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, ClipboardButton, Icon, useStyles2 } from '@grafana/ui';
import React, { useState } from 'react';
import { ContentMaskProvider, NO_MASK, useContentMask } from './contentMask';
import type { ChatMessage, MessagePart } from '../../data/genai/model';
import { valueText } from './format';
import { LongText } from './LongText';

/** The text a message's copy button copies: its parts one after the other. */
export function messageText(m: ChatMessage): string {
  return m.parts.map(partText).join('\n\n');
}

function partText(p: MessagePart): string {
  switch (p.type) {
    case 'text':
      return p.content;
    case 'tool_call':
      return `${p.name}(${valueText(p.arguments)})`;
    case 'tool_call_response':
      return valueText(p.result);
    default:
      return valueText(p.content);
  }
}

interface Props {
  title: string;
  messages: ChatMessage[];
  system?: string;
}

/** A conversation as chat bubbles, one per message, roles coloured; every value is text. */
export function ChatMessages({ title, messages, system }: Props) {
  const styles = useStyles2(getStyles);
  if (!messages.length && !system) {
    return null;
  }
  return (
    <section className={styles.section} aria-label={title}>
      <h6 className={styles.title}>{title}</h6>
      {system && <Bubble role="system" text={system} body={<LongText text={system} />} />}
      {messages.map((m, i) => (
        <Bubble
          key={i}
          role={m.role}
          name={m.name}
          finishReason={m.finishReason}
          text={messageText(m)}
          body={m.parts.map((p, j) => (
            <Part key={j} part={p} />
          ))}
        />
      ))}
    </section>
  );
}

function Bubble(props: { role: string; name?: string; finishReason?: string; text: string; body: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  const mask = useContentMask();
  const [revealed, setRevealed] = useState(false);
  const masked = mask.masking ? mask.mask(props.text) : props.text;
  const hasMasked = masked !== props.text;
  const roleClass = styles.roles[props.role as keyof typeof styles.roles] ?? styles.roles.other;
  return (
    <div className={`${styles.bubble} ${roleClass}`} data-role={props.role} data-masked={hasMasked && !revealed}>
      <div className={styles.bubbleHeader}>
        <span className={styles.role}>{props.role}</span>
        {props.name && <span className={styles.meta}>{mask.mask(props.name)}</span>}
        {props.finishReason && <span className={styles.meta}>finish: {props.finishReason}</span>}
        <span className={styles.copy}>
          {hasMasked && !mask.canReveal && (
            <span className={styles.meta} title="Personal data in this message is masked by the data source's settings">
              masked
            </span>
          )}
          {hasMasked && mask.canReveal && (
            <Button
              size="sm"
              variant="secondary"
              fill="text"
              icon={revealed ? 'eye-slash' : 'eye'}
              onClick={() => setRevealed(!revealed)}
              tooltip={revealed ? 'Mask this message again' : 'Show this message unmasked (your role allows it)'}
            >
              {revealed ? 'Mask' : 'Reveal'}
            </Button>
          )}
          <ClipboardButton
            size="sm"
            variant="secondary"
            fill="text"
            icon="copy"
            getText={() => (revealed ? props.text : masked)}
            aria-label="Copy message"
          >
            Copy
          </ClipboardButton>
        </span>
      </div>
      {/* Revealed: this message's texts unmasked, and nothing else. */}
      {revealed ? <ContentMaskProvider value={NO_MASK}>{props.body}</ContentMaskProvider> : props.body}
    </div>
  );
}

function Part({ part }: { part: MessagePart }) {
  const styles = useStyles2(getStyles);
  switch (part.type) {
    case 'text':
      return <LongText text={part.content} />;
    case 'tool_call':
      return (
        <div className={styles.tool}>
          <div className={styles.toolHeader}>
            <Icon name="cog" size="sm" /> Tool call <strong>{part.name}</strong>
            {part.id && <span className={styles.meta}>{part.id}</span>}
          </div>
          {part.arguments !== undefined && <LongText mono text={valueText(part.arguments, true)} />}
        </div>
      );
    case 'tool_call_response':
      return (
        <div className={styles.tool}>
          <div className={styles.toolHeader}>
            <Icon name="corner-down-right-alt" size="sm" /> Tool result
            {part.id && <span className={styles.meta}>{part.id}</span>}
          </div>
          <LongText mono text={valueText(part.result, true)} />
        </div>
      );
    default:
      return (
        <div className={styles.tool}>
          <div className={styles.toolHeader}>{part.partType}</div>
          <LongText mono text={valueText(part.content)} />
        </div>
      );
  }
}

const getStyles = (theme: GrafanaTheme2) => {
  const accent = (color: string) => css({ borderLeft: `3px solid ${color}` });
  return {
    section: css({ marginBottom: theme.spacing(1.5) }),
    title: css({ margin: theme.spacing(0, 0, 0.5), color: theme.colors.text.secondary }),
    bubble: css({
      padding: theme.spacing(0.5, 1),
      marginBottom: theme.spacing(0.75),
      borderRadius: theme.shape.radius.default,
      background: theme.colors.background.secondary,
    }),
    bubbleHeader: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), minHeight: 24 }),
    role: css({ fontWeight: theme.typography.fontWeightMedium, textTransform: 'capitalize' }),
    meta: css({ color: theme.colors.text.secondary }),
    copy: css({ marginLeft: 'auto' }),
    tool: css({
      margin: theme.spacing(0.5, 0),
      padding: theme.spacing(0.5),
      border: `1px solid ${theme.colors.border.weak}`,
      borderRadius: theme.shape.radius.default,
    }),
    toolHeader: css({
      display: 'flex',
      alignItems: 'center',
      gap: theme.spacing(0.5),
      marginBottom: theme.spacing(0.5),
    }),
    roles: {
      system: accent(theme.colors.text.disabled),
      user: accent(theme.visualization.getColorByName('blue')),
      assistant: accent(theme.visualization.getColorByName('green')),
      tool: accent(theme.visualization.getColorByName('orange')),
      other: accent(theme.colors.border.strong),
    },
  };
};
