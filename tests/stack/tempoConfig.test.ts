/** @jest-environment node */
/*
 * stack/tempo/tempo.yaml in a real Tempo (TEMPO_BIN, or `tempo` on PATH on the development
 * machine; CI has no Tempo binary, so these tests are skipped there and say so): Tempo's own config
 * verification, and the compose service's command and environment run on loopback ports.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { otlpTrace } from '../helpers/otlpBuilders';
import { ingest, shiftToNow } from '../helpers/otlpIngest';
import { hostPathOf, loadCompose, service } from './composeFile';
import { runHealthcheck } from './healthcheckCommand';
import { missing, TEMPO } from './stackBinaries';
import { startStackTempo, type RunningTempo } from './stackServers';

// These tests start real programs; leave room for a busy machine.
jest.setTimeout(30_000);

const tempoService = service(loadCompose(), 'tempo');
const CONFIG = hostPathOf(tempoService, '/etc/tempo/tempo.yaml');

function verify(configFile: string): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      TEMPO!,
      [`-config.file=${configFile}`, '-config.expand-env=true', '-config.verify=true'],
      { env: { ...process.env, TEMPO_DATA: path.join(tmpdir(), 'genai-tempo-verify') } },
      (err, stdout, stderr) => resolve({ exitCode: err ? Number(err.code ?? 1) : 0, output: stdout + stderr })
    );
  });
}

const skip = !TEMPO ? missing('Tempo', 'TEMPO_BIN') : '';
(skip ? describe.skip : describe)(`stack/tempo/tempo.yaml in Tempo${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let tempo: RunningTempo;
  beforeAll(async () => {
    tempo = await startStackTempo(TEMPO!);
  }, 120_000);
  afterAll(async () => {
    await tempo?.stop();
  }, 30_000);

  it('passes Tempo’s -config.verify, which rejects an unknown option', async () => {
    expect(await verify(CONFIG)).toEqual({ exitCode: 0, output: '' });
    const dir = await mkdtemp(path.join(tmpdir(), 'genai-tempo-typo-'));
    try {
      const typo = path.join(dir, 'tempo.yaml');
      await writeFile(
        typo,
        (await readFile(CONFIG, 'utf8')).replace('stream_over_http_enabled:', 'stream_over_http_enable:')
      );
      const bad = await verify(typo);
      expect(bad.exitCode).not.toBe(0);
      expect(bad.output).toContain('field stream_over_http_enable not found');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts with the compose command and environment and passes the compose health check (tempo -health)', async () => {
    const up = await runHealthcheck(tempoService.healthcheck!, { program: TEMPO!, baseUrl: tempo.url });
    expect(up).toEqual({ exitCode: 0, output: expect.stringContaining('Tempo is healthy') });
    const down = await runHealthcheck(tempoService.healthcheck!, { program: TEMPO!, baseUrl: 'http://127.0.0.1:1' });
    expect(down.exitCode).toBe(1);
  });

  it('receives OTLP/HTTP traces on the configured receiver and serves them back', async () => {
    const traceId = 'c0ffee'.padEnd(32, '1');
    const spans = [{ id: '1', name: 'chat gpt-4o-mini', attrs: { 'gen_ai.operation.name': 'chat' } }];
    await ingest(
      tempo.otlpTracesUrl,
      shiftToNow(otlpTrace(spans, { 'service.name': 'genai-demo-agent' }, traceId).trace)
    );
    let status = 0;
    for (const deadline = Date.now() + 15_000; status !== 200 && Date.now() < deadline;) {
      status = (await fetch(`${tempo.url}/api/v2/traces/${traceId}`)).status;
      if (status !== 200) {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    expect(status).toBe(200);
    const body = await (await fetch(`${tempo.url}/api/v2/traces/${traceId}`)).json();
    expect(body.trace.resourceSpans[0].scopeSpans[0].spans[0].name).toBe('chat gpt-4o-mini');
  }, 20_000);
});
