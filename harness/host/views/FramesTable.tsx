// Query results as Grafana's table panel shows them (field overrides applied, @grafana/ui Table).
import React from 'react';
import { applyFieldOverrides, type DataFrame } from '@grafana/data';
import { config } from '@grafana/runtime';
import { Table } from '@grafana/ui';

export function FramesTable({ frames, width }: { frames: DataFrame[]; width: number }) {
  const processed = applyFieldOverrides({
    data: frames,
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (v) => v,
    theme: config.theme2,
    timeZone: 'utc',
  });
  return (
    <div data-testid="harness-frames">
      {processed.map((frame, i) => (
        <div key={i} data-testid="harness-frame" data-rows={frame.length} style={{ marginBottom: 16 }}>
          <div style={{ fontSize: 12, opacity: 0.8, marginBottom: 4 }}>
            {frame.refId ?? ''} {frame.name ?? `frame ${i}`}: {frame.length} row(s), {frame.fields.length} field(s)
            {frame.meta?.notices?.length ? ` · ${frame.meta.notices.map((n) => n.text).join(' · ')}` : ''}
          </div>
          <Table data={frame} width={width} height={Math.min(360, 36 * (frame.length + 1) + 8)} />
        </div>
      ))}
    </div>
  );
}
