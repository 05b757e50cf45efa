// Start page for people: every plugin found in dist and the views the harness offers for it.
import React from 'react';
import { config } from '@grafana/runtime';
import { Stack, Text, TextLink } from '@grafana/ui';
import { genaiScenarios } from '../scenarios';

export function HarnessIndex() {
  const plugins = window.__harnessConfig.plugins;
  const datasources = Object.values(config.datasources).filter((s) => plugins.some((p) => p.id === s.meta.id));
  const panels = plugins.filter((p) => p.type === 'panel');
  const other = config.theme2.isDark ? 'light' : 'dark';
  const scenarios = genaiScenarios();
  return (
    <Stack direction="column" gap={2}>
      <Text element="h1">Grafana host harness</Text>
      <Text color="secondary">
        Plugins from dist/ loaded through SystemJS with Grafana {config.buildInfo.version}&apos;s shared modules. Theme:{' '}
        {config.theme2.name} ·{' '}
        <TextLink href={`?theme=${other}${location.hash}`} inline>
          switch to {other}
        </TextLink>
      </Text>
      <Text element="h3">Installed plugins</Text>
      <ul>
        {plugins.map((p) => (
          <li key={p.id}>
            {p.type} <code>{p.id}</code> — {p.name} ({p.module})
          </li>
        ))}
      </ul>
      {datasources.map((s) => (
        <div key={s.uid}>
          <Text element="h3">
            Data source {s.name} (uid {s.uid})
          </Text>
          <ul>
            <li>
              <TextLink href={`#/config/${s.uid}`} inline>
                Settings (ConfigEditor, Save &amp; test)
              </TextLink>
            </li>
            {scenarios.map((q) => (
              <li key={q.name}>
                <TextLink href={`#/query/${s.uid}/${q.name}`} inline>
                  QueryEditor: {q.name}
                </TextLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {panels.map((p) => (
        <div key={p.id}>
          <Text element="h3">Panel {p.name}</Text>
          <ul>
            {scenarios.map((q) => (
              <li key={q.name}>
                <TextLink href={`#/panel/${p.id}/${q.name}`} inline>
                  with frames of {q.name}
                </TextLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </Stack>
  );
}
