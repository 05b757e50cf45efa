import React, { Suspense } from 'react';
import type { AppRootProps } from '@grafana/data';
import { Card, LoadingPlaceholder, Stack, Text, TextLink } from '@grafana/ui';

// Pages load on first visit: module.js holds the landing page only.
const DatasetExportPage = React.lazy(
  () => import(/* webpackChunkName: "page-dataset-export" */ '../pages/DatasetExportPage')
);

/** The page of the app's path below `/a/<app id>/`. */
export function appPage(path: string | undefined): string {
  return /^\/a\/[^/]+\/?(.*)$/.exec(path ?? '')?.[1]?.replace(/\/+$/, '') ?? '';
}

/** The app: its landing page, and its pages by path. */
export function AppRoot(props: AppRootProps) {
  if (appPage(props.path) === 'export') {
    return (
      <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
        {/* ?datasource=<uid> picks the data source (links from dashboards). */}
        <DatasetExportPage
          datasourceUid={typeof props.query?.datasource === 'string' ? props.query.datasource : undefined}
        />
      </Suspense>
    );
  }
  return <Landing basename={`/a/${props.meta?.id ?? 'genaiobs-genai-app'}`} />;
}

/** The app's landing page: what the bundle holds and where to start. */
function Landing({ basename }: { basename: string }) {
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
      <Card>
        <Card.Heading>3. Turn failures into an eval dataset</Card.Heading>
        <Card.Description>
          Export failing or low-scoring traces as JSONL for OpenAI evals, promptfoo or Langfuse, masked as on screen.
        </Card.Description>
        <Card.Actions>
          <TextLink href={`${basename}/export`} inline={false}>
            Export a dataset
          </TextLink>
        </Card.Actions>
      </Card>
    </Stack>
  );
}
