import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForPort } from './nats-server';
import { freePort } from './ports';

const REDIS_BIN = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

/**
 * A private redis-server on its own port and temporary directory, so that a test can kill and
 * restart it without touching the machine's Redis. Without `appendonly` (the default) nothing
 * survives a restart: sessions and queued jobs are gone, as after the loss of a cache node.
 */
export class TestRedisServer {
  private proc?: ChildProcess;

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly appendonly: boolean,
  ) {}

  static async start(o: { appendonly?: boolean } = {}): Promise<TestRedisServer> {
    const server = new TestRedisServer(await freePort(), mkdtempSync(join(tmpdir(), 'pin-redis-')), o.appendonly ?? false);
    await server.spawn();
    return server;
  }

  url(db = 0): string {
    return `redis://127.0.0.1:${this.port}/${db}`;
  }

  async spawn(): Promise<void> {
    const args = ['--bind', '127.0.0.1', '--port', String(this.port), '--dir', this.dir, '--save', '', '--appendonly', this.appendonly ? 'yes' : 'no', '--protected-mode', 'yes'];
    const proc = spawn(REDIS_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc = proc;
    let errors = '';
    proc.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString('utf8')).slice(-2_000)));
    try {
      await waitForPort(this.port, 10_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}; redis-server ${proc.exitCode === null ? 'running' : `exited ${proc.exitCode}`}: ${errors}`);
    }
  }

  /** SIGKILL, as in a crash. */
  async kill9(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill9();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
