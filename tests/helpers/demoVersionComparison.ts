// The data source's version comparison of the demo traces' TraceQL metrics, recorded from a real
// Tempo v3 (fixtures/tempo/demo-traces.recordings.json), run as the harness runs it: the last hour,
// no filter, no Prometheus (so every metric comes from Tempo and is labelled so).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataFrame } from '@grafana/data';
import { compareVersionData, fetchVersionData, versionComparisonFrame } from '../../src/data/queries/versionComparison';
import { TempoClient } from '../../src/data/tempo/tempoClient';
import { replayTransport, type RecordingFile } from './recordedTransport';
import { scenarioPrices } from './scenarioPrices';

export const DEMO_TRACES_RECORDING = path.resolve(__dirname, '../../fixtures/tempo/demo-traces.recordings.json');

export async function demoVersionComparisonFrame(metrics: string[]): Promise<DataFrame> {
  const file = JSON.parse(readFileSync(DEMO_TRACES_RECORDING, 'utf8')) as RecordingFile;
  const end = Math.floor(Date.now() / 1000);
  const data = await fetchVersionData(
    {
      tempo: { client: new TempoClient(replayTransport(file)), prices: await scenarioPrices() },
      range: { start: end - 3600, end },
      scrapeIntervalSec: 15,
      inventory: () => Promise.reject(new Error('no Prometheus')),
    },
    {}
  );
  return versionComparisonFrame(compareVersionData(data, { metrics }), 'B');
}
