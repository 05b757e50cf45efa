import { Button, type ButtonProps } from '@grafana/ui';
import React, { Suspense, useState } from 'react';
import type { ExportTraces } from './DatasetExportDialog';

// The dialog and the exporter load on first use: they stay out of the panels' module.js.
const DatasetExportDialog = React.lazy(() => import(/* webpackChunkName: "dataset-export" */ './DatasetExportDialog'));

interface Props extends Pick<ButtonProps, 'size' | 'variant' | 'fill' | 'tooltip'> {
  label: string;
  title: string;
  datasourceUid?: string;
  traces: ExportTraces;
}

/** A button that opens the eval-dataset export for these traces. */
export function DatasetExportButton({ label, title, datasourceUid, traces, ...button }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        icon="download-alt"
        size="sm"
        variant="secondary"
        fill="outline"
        {...button}
        disabled={!datasourceUid}
        tooltip={datasourceUid ? button.tooltip : 'These frames do not say which GenAI data source made them.'}
        onClick={() => setOpen(true)}
      >
        {label}
      </Button>
      {open && datasourceUid && (
        <Suspense fallback={null}>
          <DatasetExportDialog
            title={title}
            datasourceUid={datasourceUid}
            traces={traces}
            onDismiss={() => setOpen(false)}
          />
        </Suspense>
      )}
    </>
  );
}
