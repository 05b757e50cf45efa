// A panel editor's query row: the plugin's QueryEditor with onChange/onRunQuery, the request
// run through the data source and the frames shown in a table.
import React, { useCallback, useEffect, useState } from 'react';
import { CoreApp, type DataQuery, type DataSourceApi, type PanelData } from '@grafana/data';
import { Alert } from '@grafana/ui';
import { buildRequest, runQueries, type RunOptions } from '../queryRunner';
import { FramesTable } from './FramesTable';

interface Props {
  datasource: DataSourceApi;
  initialQuery: DataQuery;
  runOptions: RunOptions;
  /** Run once on mount (tests); the editor's own onRunQuery runs it again. */
  runOnMount: boolean;
  onData?: (data: PanelData) => void;
}

export function QueryEditorView({ datasource, initialQuery, runOptions, runOnMount, onData }: Props) {
  const [query, setQuery] = useState<DataQuery>(initialQuery);
  const [data, setData] = useState<PanelData | undefined>();
  const [running, setRunning] = useState(false);
  const QueryEditor = datasource.components?.QueryEditor;

  const run = useCallback(
    async (q: DataQuery) => {
      setRunning(true);
      const result = await runQueries(datasource, buildRequest([q], runOptions));
      setRunning(false);
      setData(result);
      onData?.(result);
    },
    [datasource, runOptions, onData]
  );

  useEffect(() => {
    if (runOnMount) {
      run(initialQuery);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (!QueryEditor) {
    return <Alert title="This data source plugin has no QueryEditor" severity="error" />;
  }
  return (
    <div data-testid="harness-query-editor" data-harness-state={running ? 'running' : (data?.state ?? 'idle')}>
      <QueryEditor
        datasource={datasource}
        query={query}
        onChange={setQuery}
        onRunQuery={() => run(query)}
        data={data}
        range={runOptions.range}
        app={CoreApp.PanelEditor}
      />
      <div style={{ marginTop: 16 }}>
        {data?.errors?.map((e, i) => (
          <div key={i} data-testid="harness-query-error">
            <Alert severity="error" title={e.message ?? 'Query error'} />
          </div>
        ))}
        {data && <FramesTable frames={data.series} width={1100} />}
      </div>
    </div>
  );
}
