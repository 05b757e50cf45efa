/** @jest-environment node */
/*
 * stack/loki/loki.yaml in a real Loki (LOKI_BIN, or `loki` on PATH on the development machine;
 * CI has no Loki binary, so these tests are skipped there and say so): Loki's own config
 * verification, the compose health check, and the demo's GenAI log records (a 1 MB prompt
 * included, over Loki's default structured-metadata limit) sent to its OTLP endpoint and read
 * back by the data source's trace query.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fetchTransport } from '../../src/data/http/transport';
import { LokiClient } from '../../src/data/loki/lokiClient';
import { loadTraceLogMessages } from '../../src/data/loki/traceLogMessages';
import { traceLogQuery } from '../../src/data/loki/traceLogQuery';
import {
  ingestLogs,
  loadLogFixtures,
  shiftLogsToNow,
  waitUntilQueryable,
  withFreshTraceIds,
} from '../helpers/otlpLogs';
import { hostPathOf, loadCompose, service } from './composeFile';
import { runHealthcheck } from './healthcheckCommand';
import { LOKI, missing } from './stackBinaries';
import { startStackLoki, type RunningServer } from './stackServers';

jest.setTimeout(30_000);

const lokiService = service(loadCompose(), 'loki');
const CONFIG = hostPathOf(lokiService, '/etc/loki/loki.yaml');

function verify(configFile: string): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    execFile(LOKI!, [`-config.file=${configFile}`, '-verify-config'], (err, stdout, stderr) =>
      resolve({ exitCode: err ? Number(err.code ?? 1) : 0, output: stdout + stderr })
    );
  });
}

const skip = !LOKI ? missing('Loki', 'LOKI_BIN') : '';
(skip ? describe.skip : describe)(`stack/loki/loki.yaml in Loki${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let loki: RunningServer;
  beforeAll(async () => {
    loki = await startStackLoki(LOKI!);
  }, 120_000);
  afterAll(async () => {
    await loki?.stop();
  }, 30_000);

  it('passes Loki’s -verify-config, which rejects an unknown option', async () => {
    expect((await verify(CONFIG)).exitCode).toBe(0);
    const dir = await mkdtemp(path.join(tmpdir(), 'genai-loki-typo-'));
    try {
      const typo = path.join(dir, 'loki.yaml');
      await writeFile(typo, (await readFile(CONFIG, 'utf8')).replace('retention_period:', 'retention_periods:'));
      const bad = await verify(typo);
      expect(bad.exitCode).not.toBe(0);
      expect(bad.output).toContain('field retention_periods not found');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts with the compose command and passes the compose health check (loki -health)', async () => {
    const up = await runHealthcheck(lokiService.healthcheck!, { program: LOKI!, baseUrl: loki.url });
    expect(up.exitCode).toBe(0);
    const down = await runHealthcheck(lokiService.healthcheck!, { program: LOKI!, baseUrl: 'http://127.0.0.1:1' });
    expect(down.exitCode).not.toBe(0);
  });

  it('takes GenAI log records over OTLP/HTTP, a 1 MB prompt included, and serves each call’s chat back', async () => {
    const fixture = loadLogFixtures().find((f) => f.dialect === 'semconv')!;
    const { payload, ids } = withFreshTraceIds(shiftLogsToNow(fixture.payload));
    const big = 'x'.repeat(1 << 20);
    const first = payload.resourceLogs[0].scopeLogs[0].logRecords[0];
    first.attributes = first.attributes!.map((a) =>
      a.key === 'gen_ai.input.messages'
        ? {
            key: a.key,
            value: { stringValue: JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: big }] }]) },
          }
        : a
    );
    await ingestLogs(`${loki.url}/otlp/v1/logs`, payload);
    const traceId = ids.get(fixture.traceIds[0])!;
    const records = payload.resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords)).length;
    await waitUntilQueryable(loki.url, traceLogQuery({ traceId, services: fixture.services }), records, 30_000);
    const now = Date.now();
    const logs = await loadTraceLogMessages(new LokiClient(fetchTransport(loki.url, { backend: 'Loki' })), {
      traceId,
      services: fixture.services,
      startMs: now - 600_000,
      endMs: now,
    });
    expect(logs.source.traceRecords).toBe(records);
    const bigCall = logs.bySpan.get(String(first.spanId))!;
    const part = bigCall.input[0].parts[0];
    expect(part.type === 'text' && part.content.length).toBe(big.length);
    expect(bigCall.output[0].role).toBe('assistant');
  }, 60_000);
});
