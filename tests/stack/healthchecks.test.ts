/** @jest-environment node */
/*
 * The Grafana and demo-agent health checks of docker-compose.yaml, run as written (curl; Node's
 * fetch) against a local HTTP server standing in for the service: they must pass on 200 from the
 * endpoint the issue names and fail on an error status or no server. (The Prometheus and Tempo
 * checks run against the real servers in prometheusConfig/tempoConfig tests.)
 */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadCompose, service } from './composeFile';
import { runHealthcheck } from './healthcheckCommand';

// These tests start real programs; leave room for a busy machine.
jest.setTimeout(30_000);

const compose = loadCompose();
// The Grafana image installs curl; a bare CI machine may not have it.
const noCurl = spawnSync('curl', ['--version']).error ? 'curl is not installed' : '';

describe.each([
  { name: 'grafana', path: '/api/health', program: undefined, skip: noCurl },
  // The agent image runs `node`; here that is the Node running the tests.
  { name: 'agent', path: '/healthz', program: process.execPath, skip: '' },
])('$name health check', ({ name, path, program, skip }) => {
  const it = skip ? test.skip : test;
  let server: Server;
  let status = 200;
  const requested: string[] = [];
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requested.push(String(req.url));
      res.writeHead(req.url === path ? status : 404).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  const check = () => runHealthcheck(service(compose, name).healthcheck!, { program, baseUrl });

  it(`passes when ${path} answers 200${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    status = 200;
    expect((await check()).exitCode).toBe(0);
    expect(requested.at(-1)).toBe(path);
  });

  it('fails when the endpoint answers an error status', async () => {
    status = 503;
    expect((await check()).exitCode).not.toBe(0);
  });

  it('fails when nothing listens', async () => {
    const down = await runHealthcheck(service(compose, name).healthcheck!, { program, baseUrl: 'http://127.0.0.1:1' });
    expect(down.exitCode).not.toBe(0);
  });
});
