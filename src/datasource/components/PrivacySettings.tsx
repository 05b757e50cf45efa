import React from 'react';
import {
  Button,
  Field,
  FieldSet,
  FieldValidationMessage,
  InlineField,
  InlineSwitch,
  Input,
  RadioButtonGroup,
  Stack,
  Text,
} from '@grafana/ui';
import { validateCustomPattern } from '../../data/pii/piiSettings';
import type { GenAiDataSourceOptions } from '../types';

type Pii = NonNullable<GenAiDataSourceOptions['piiMasking']>;

const REVEAL_ROLES = [
  { value: 'Admin' as const, label: 'Admins' },
  { value: 'Editor' as const, label: 'Admins and Editors' },
];

/**
 * Masking of personal data in shown and exported content. A custom pattern that does not validate
 * says why under it, and is left out of masking until fixed (saving keeps it, so nothing typed is lost).
 */
export function PrivacySettings({ value, onChange }: { value?: Pii; onChange: (v: Pii) => void }) {
  const pii = value ?? {};
  const patterns = pii.customPatterns ?? [];
  const setPattern = (i: number, patch: Partial<(typeof patterns)[number]>) =>
    onChange({ ...pii, customPatterns: patterns.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  return (
    <FieldSet label="Privacy">
      <InlineField
        label="Mask personal data"
        labelWidth={26}
        tooltip="Emails, phone numbers, payment cards (Luhn-checked), IBANs, IP addresses and API keys in prompts, answers, attributes and search results are shown as [email], [phone], … This is display masking, not access control."
      >
        <InlineSwitch
          aria-label="Mask personal data"
          value={pii.enabled !== false}
          onChange={(e) => onChange({ ...pii, enabled: e.currentTarget.checked })}
        />
      </InlineField>
      <Text color="secondary" element="p">
        Masking is not access control: whoever can query Tempo can read the raw telemetry. Redact at the collector
        (OpenTelemetry Collector redaction or transform processors) and restrict who may query with Grafana&apos;s data
        source permissions.
      </Text>
      <Field label="Who may reveal a masked message" description="One message at a time, in the span details.">
        <RadioButtonGroup
          options={REVEAL_ROLES}
          value={pii.revealRole === 'Editor' ? 'Editor' : 'Admin'}
          onChange={(r) => onChange({ ...pii, revealRole: r === 'Editor' ? 'Editor' : 'Admin' })}
        />
      </Field>
      <Text color="secondary" element="p">
        Custom patterns: regular expressions (JavaScript syntax) masked as [name], e.g. an employee id.
      </Text>
      {patterns.map((p, i) => {
        const error = validateCustomPattern(p);
        return (
          <div key={i} aria-label={`Custom pattern ${i + 1}`} role="group">
            <Stack direction="row" gap={1} alignItems="center">
              <Input
                width={20}
                placeholder="name"
                aria-label="Pattern name"
                value={p.name}
                onChange={(e) => setPattern(i, { name: e.currentTarget.value })}
              />
              <Input
                width={44}
                placeholder="regular expression, e.g. EMP-\d{6}"
                aria-label="Pattern"
                value={p.pattern}
                onChange={(e) => setPattern(i, { pattern: e.currentTarget.value })}
              />
              <Input
                width={10}
                placeholder="flags"
                aria-label="Pattern flags"
                value={p.flags ?? ''}
                onChange={(e) => setPattern(i, { flags: e.currentTarget.value || undefined })}
              />
              <Button
                variant="secondary"
                icon="trash-alt"
                aria-label="Remove pattern"
                onClick={() => onChange({ ...pii, customPatterns: patterns.filter((_, j) => j !== i) })}
              />
            </Stack>
            {error && <FieldValidationMessage>{error}</FieldValidationMessage>}
          </div>
        );
      })}
      <Button
        variant="secondary"
        icon="plus"
        onClick={() => onChange({ ...pii, customPatterns: [...patterns, { name: '', pattern: '' }] })}
      >
        Add pattern
      </Button>
    </FieldSet>
  );
}
