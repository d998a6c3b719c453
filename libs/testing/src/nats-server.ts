import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './dev-idp-process';
import { freePort } from './ports';

const NATS_BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

/** The users of deploy/nats/accounts.conf (`caf`, `cpam`: the operators' JetStream channel). */
export const NATS_USERS = ['gateway', 'directory', 'mandates', 'training', 'tools', 'operators', 'caf', 'cpam', 'labelling', 'mailbox', 'safe'] as const;
/** The users of deploy/nats/accounts.conf. */
export type NatsUser = (typeof NATS_USERS)[number];
export interface NatsCredentials {
  user: string;
  password: string;
}

/**
 * A real nats-server with JetStream (file storage) on its own port and store directory, so that a
 * test can kill -9 it and start it again without disturbing other suites. `secure`: with the
 * platform's own users and subject permissions (deploy/nats/accounts.conf), fresh random
 * passwords, no anonymous access — how every platform the project starts runs.
 */
export class TestNatsServer {
  private proc?: ChildProcess;
  readonly credentials?: Record<NatsUser, NatsCredentials>;

  private constructor(
    readonly port: number,
    secure: boolean,
    readonly storeDir: string,
    private readonly keepStore: boolean,
  ) {
    if (secure) this.credentials = Object.fromEntries(NATS_USERS.map((user) => [user, { user, password: `p${randomBytes(18).toString('hex')}` }])) as Record<NatsUser, NatsCredentials>;
  }

  /** `port` and `storeDir` (kept on stop) for `npm start`; tests take a free port and a temporary store. */
  static async start(o: { secure?: boolean; port?: number; storeDir?: string } = {}): Promise<TestNatsServer> {
    if (o.storeDir) mkdirSync(o.storeDir, { recursive: true });
    const storeDir = o.storeDir ?? mkdtempSync(join(tmpdir(), 'pin-nats-'));
    const server = new TestNatsServer(o.port ?? (await freePort()), o.secure ?? false, storeDir, !!o.storeDir);
    await server.spawn();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** NATS_URL, NATS_USER and NATS_PASSWORD of an app on this server (only NATS_URL when not secure). */
  appEnv(user: NatsUser): Record<string, string> {
    const c = this.credentials?.[user];
    return c ? { NATS_URL: this.url, NATS_USER: c.user, NATS_PASSWORD: c.password } : { NATS_URL: this.url };
  }

  /** Connection options as `user` (tests and tools connect as `tools`). */
  endpoint(user: NatsUser = 'tools'): { url: string; user?: string; password?: string } {
    const c = this.credentials?.[user];
    return { url: this.url, user: c?.user, password: c?.password };
  }

  async spawn(): Promise<void> {
    const args = ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir];
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (this.credentials) {
      // The same accounts file as compose and Kubernetes; only the listener and store differ.
      copyFileSync(join(repoRoot(), 'deploy/nats/accounts.conf'), join(this.storeDir, 'accounts.conf'));
      writeFileSync(join(this.storeDir, 'server.conf'), 'include "accounts.conf"\n');
      args.push('-c', join(this.storeDir, 'server.conf'));
      for (const c of Object.values(this.credentials)) env[`NATS_${c.user.toUpperCase()}_PASSWORD`] = c.password;
    }
    const proc = spawn(NATS_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    this.proc = proc;
    let errors = '';
    proc.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString('utf8')).slice(-4_000)));
    try {
      await waitForPort(this.port, 10_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}; nats-server ${proc.exitCode === null ? 'running' : `exited ${proc.exitCode}`}: ${errors.slice(-1_000)}`);
    }
    await waitForJetStream(this.url, 10_000, this.credentials?.tools);
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
    if (!this.keepStore) rmSync(this.storeDir, { recursive: true, force: true });
  }
}

/** The port opens before JetStream has recovered its store: wait until its API answers. */
export async function waitForJetStream(url: string, timeoutMs: number, credentials?: NatsCredentials): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    let nc: NatsConnection | undefined;
    try {
      nc = await connect({ servers: url, timeout: 1_000, ...(credentials ? { user: credentials.user, pass: credentials.password } : {}) });
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
