import React from 'react';
import type { AppRootProps } from '@grafana/data';
import { Card, Stack, Text, TextLink } from '@grafana/ui';

/** The app's landing page: what the bundle holds and where to start. */
export function AppRoot(_props: AppRootProps) {
  return (
    <Stack direction="column" gap={2}>
      <Text element="h2">GenAI Observability</Text>
      <Text element="p" color="secondary">
        Agent traces, cost, tokens, latency, errors and quality scores from the OpenTelemetry GenAI telemetry your
        applications already send to Tempo and Prometheus.
      </Text>
      <Card>
        <Card.Heading>1. Add the data source</Card.Heading>
        <Card.Description>
          Create a &quot;GenAI Observability&quot; data source and pick your existing Tempo and Prometheus data sources.
          &quot;Save &amp; test&quot; reports the GenAI spans, services, models and attribute dialects it finds.
        </Card.Description>
        <Card.Actions>
          <TextLink href="/connections/datasources/new" inline={false}>
            Add data source
          </TextLink>
        </Card.Actions>
      </Card>
      <Card>
        <Card.Heading>2. Query agent traces</Card.Heading>
        <Card.Description>
          In Explore or a dashboard, use the query types Trace search, Trace by id, Trace points and Version aggregates.
        </Card.Description>
        <Card.Actions>
          <TextLink href="/explore" inline={false}>
            Open Explore
          </TextLink>
        </Card.Actions>
      </Card>
    </Stack>
  );
}
