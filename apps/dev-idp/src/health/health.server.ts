import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** GET /health → 200 {status:'ok'} on its own port, as every PIN app exposes it. */
export function startHealthServer(port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://health').pathname;
    const ok = path === '/health' && (req.method === 'GET' || req.method === 'HEAD');
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(ok ? { status: 'ok' } : { error: 'not_found' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export function healthPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}
