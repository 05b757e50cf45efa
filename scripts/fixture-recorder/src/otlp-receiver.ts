/**
 * Minimal OTLP/HTTP JSON receiver on 127.0.0.1 (random port). Used for libraries that insist on
 * building their own TracerProvider + OTLP exporter (openlit): we let them export for real,
 * over HTTP, and keep every ExportTraceServiceRequest body we receive.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';

export class OtlpJsonReceiver {
  private server?: http.Server;
  port = 0;
  traces: any[] = [];
  logs: any[] = [];

  get endpoint() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    this.server = http.createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c) => parts.push(c));
      req.on('end', () => {
        let buf = Buffer.concat(parts);
        if (req.headers['content-encoding'] === 'gzip') {
          buf = zlib.gunzipSync(buf);
        }
        if (!String(req.headers['content-type']).includes('json')) {
          res.writeHead(415).end();
          return;
        }
        const body = JSON.parse(buf.toString('utf8'));
        if (req.url === '/v1/traces') {
          this.traces.push(body);
        } else if (req.url === '/v1/logs') {
          this.logs.push(body);
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async stop() {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}
