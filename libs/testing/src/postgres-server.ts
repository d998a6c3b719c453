import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './ports';

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
/** initdb and postgres refuse to run as root: as root, the cluster belongs to this user. */
const PG_OS_USER = process.env.PG_OS_USER ?? 'postgres';

/**
 * A private PostgreSQL cluster (Debian's binaries) on its own port and temporary data directory,
 * trust authentication on 127.0.0.1 only, so that a test can crash or restart it without
 * disturbing the machine's PostgreSQL that other suites use. PostGIS, installed system-wide, is
 * available to `CREATE EXTENSION`.
 */
export class TestPostgresServer {
  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly asUser: boolean,
  ) {}

  static async start(o: { maxConnections?: number } = {}): Promise<TestPostgresServer> {
    const asUser = process.getuid?.() === 0;
    const dir = mkdtempSync(join(tmpdir(), 'pin-pg-'));
    const dataDir = join(dir, 'data');
    if (asUser) {
      const { stdout } = await run('id', ['-u', PG_OS_USER]);
      const { stdout: gid } = await run('id', ['-g', PG_OS_USER]);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
      chmodSync(dir, 0o700);
    }
    const server = new TestPostgresServer(await freePort(), dataDir, asUser);
    try {
      await server.exec('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
      // Unix sockets in the cluster's own directory: never /var/run/postgresql of the machine's server.
      writeFileSync(
        join(dataDir, 'postgresql.auto.conf'),
        [
          `port = ${server.port}`,
          `listen_addresses = '127.0.0.1'`,
          `unix_socket_directories = '${dir}'`,
          `max_connections = ${o.maxConnections ?? 60}`,
          'shared_buffers = 32MB',
          // Crash-safe against a process crash (each commit's WAL reaches the page cache; synchronous_commit
          // stays on, else an immediate stop loses the last commits), not against a power cut.
          'fsync = off',
          'full_page_writes = off',
          `timezone = 'UTC'`,
          '',
        ].join('\n'),
      );
      await server.spawn();
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** A fresh database (with `extensions`, e.g. postgis) on this cluster; returns its URL. */
  async createDatabase(name: string, extensions: string[] = []): Promise<string> {
    await this.query('postgres', `CREATE DATABASE "${name}"`);
    for (const ext of extensions) await this.query(name, `CREATE EXTENSION IF NOT EXISTS ${ext}`);
    return this.url(name);
  }

  async query(database: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const c = new Client({ connectionString: this.url(database), connectionTimeoutMillis: 5_000 });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows;
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** Starts the cluster (crash recovery first when it was stopped `immediate`); resolves when it accepts connections. */
  async spawn(): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-l', join(this.dataDir, '..', 'server.log'), '-w', '-t', '60', 'start']);
  }

  /**
   * Stops the cluster. `immediate`: every backend quits at once without a checkpoint, clients see
   * their connections dropped mid-query, and the next start runs crash recovery — a crash as far as
   * the applications can tell. `fast`: a clean shutdown (open transactions rolled back).
   */
  async halt(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']).catch((err: Error) => {
      if (!/Is server running|PID file .* does not exist/i.test(String((err as { stderr?: string }).stderr ?? err.message))) throw err;
    });
  }

  /** Crash (`immediate`), stay down `downMs`, start again on the same port and data. */
  async restart(o: { downMs?: number; mode?: 'immediate' | 'fast' } = {}): Promise<void> {
    await this.halt(o.mode ?? 'immediate');
    if (o.downMs) await new Promise((r) => setTimeout(r, o.downMs));
    await this.spawn();
  }

  async stop(): Promise<void> {
    await this.halt('immediate').catch(() => undefined);
    rmSync(join(this.dataDir, '..'), { recursive: true, force: true });
  }

  private async exec(bin: string, args: string[]): Promise<void> {
    const file = join(PG_BIN, bin);
    statSync(file);
    if (this.asUser) await run('runuser', ['-u', PG_OS_USER, '--', file, ...args], { cwd: '/' });
    else await run(file, args, { cwd: '/' });
  }
}
