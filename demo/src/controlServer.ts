/**
 * The demo's HTTP control API (port DEMO_PORT, default 8080):
 *   GET  /healthz                 200 when the simulator and every version process run, else 503
 *   GET  /incident                {"incident": "...", "available": [...]}
 *   POST /incident/<name>         switch the incident (none|cost|latency|quality|errors)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { INCIDENTS, parseIncident, type Incident } from './incident';

export interface ControlHooks {
  incident(): Incident;
  setIncident(i: Incident): void;
  health(): { ok: boolean; detail: Record<string, unknown> };
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body) + '\n');
}

/** The path segment decoded, or undefined for a malformed escape (decodeURIComponent throws, which would crash the server). */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export async function startControlServer(port: number, host: string, hooks: ControlHooks): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '') || '/';
    if (path === '/healthz') {
      const h = hooks.health();
      send(res, h.ok ? 200 : 503, { status: h.ok ? 'ok' : 'degraded', ...h.detail });
      return;
    }
    if (path === '/incident') {
      if (req.method !== 'GET') {
        send(res, 405, { error: 'use GET /incident or POST /incident/<name>' });
        return;
      }
      send(res, 200, { incident: hooks.incident(), available: INCIDENTS });
      return;
    }
    const m = /^\/incident\/([^/]+)$/.exec(path);
    if (m) {
      if (req.method !== 'POST') {
        send(res, 405, { error: `use POST ${path}` });
        return;
      }
      const incident = parseIncident(decodeSegment(m[1]));
      if (!incident) {
        send(res, 400, { error: 'unknown incident', available: INCIDENTS });
        return;
      }
      hooks.setIncident(incident);
      send(res, 200, { incident });
      return;
    }
    send(res, 404, { error: 'not found', endpoints: ['GET /healthz', 'GET /incident', 'POST /incident/<name>'] });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

export function serverPort(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}
