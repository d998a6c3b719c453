import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

const NATS_BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

/**
 * A real nats-server with JetStream (file storage) on its own port and store directory, so that a
 * test can kill -9 it and start it again without disturbing other suites.
 */
export class TestNatsServer {
  private proc?: ChildProcess;
  readonly storeDir = mkdtempSync(join(tmpdir(), 'pin-nats-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<TestNatsServer> {
    const server = new TestNatsServer(await freePort());
    await server.spawn();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async spawn(): Promise<void> {
    this.proc = spawn(NATS_BIN, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], { stdio: 'ignore' });
    await waitForPort(this.port, 10_000);
    await waitForJetStream(this.url, 10_000);
  }

  /** SIGKILL: no flush, no goodbye, as in a crash. */
  async kill9(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill9();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

/** The port opens before JetStream has recovered its store: wait until its API answers. */
export async function waitForJetStream(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    let nc: NatsConnection | undefined;
    try {
      nc = await connect({ servers: url, timeout: 1_000 });
      await (await jetstreamManager(nc, { timeout: 1_000 })).getAccountInfo();
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await nc?.close().catch(() => undefined);
    }
  }
  throw new Error(`JetStream not ready on ${url} after ${timeoutMs} ms: ${String(last)}`);
}

export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = tcpConnect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} not open after ${timeoutMs} ms`);
}
