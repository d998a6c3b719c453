import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * Ports are drawn below the kernel's ephemeral range (32768–60999 here): a port the OS hands out
 * with `listen(0)` can be taken a moment later by an outgoing connection (PostgreSQL, Redis,
 * NATS clients) before the app under test binds it (EADDRINUSE). Each process remembers what it
 * handed out, so parallel suites rarely meet.
 */
const LOW = 20_000;
const HIGH = 32_000;
const given = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A TCP port free right now on 127.0.0.1, outside the ephemeral range. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = randomInt(LOW, HIGH);
    if (given.has(port)) continue;
    if (await bindable(port)) {
      given.add(port);
      return port;
    }
  }
  throw new Error('no free port found between 20000 and 32000');
}
