// A loopback HTTP server that answers the way a broken backend does, for error-path tests.
import { createServer, type Server } from 'node:http';

export type Behaviour = { status?: number; body?: string; delayMs?: number; contentType?: string };

export async function startMisbehavingServer(
  route: (path: string) => Behaviour
): Promise<{ url: string; close(): Promise<void>; requests: string[] }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const b = route(req.url ?? '');
    const timer = setTimeout(() => {
      res.writeHead(b.status ?? 200, { 'Content-Type': b.contentType ?? 'application/json' });
      res.end(b.body ?? '{}');
    }, b.delayMs ?? 0);
    req.on('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
