import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from './dev-idp-process';
import { waitForPort } from './nats-server';
import { freePort } from './ports';

const DOVECOT_BIN = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot';
/** Owner of the maildirs (numeric, no passwd entry needed). */
export const VMAIL_UID = 5000;

export interface DovecotOptions {
  /** The mail server's database (pin_mail): Dovecot reads its domain, mailbox and app_password tables. */
  mailDatabaseUrl: string;
  /** Run directory (config, sockets, logs, maildirs); a fresh temporary one when absent. */
  root?: string;
  /** Fixed ports (npm start); free ones when absent (tests). */
  imapPort?: number;
  lmtpPort?: number;
  doveadmPort?: number;
  /** Test relaxations: no delay after a failed login, no per-IP auth penalty (default true; never in production). */
  testing?: boolean;
}

/** Dovecot's pgsql `connect` string from a postgres:// URL. */
export function dovecotPgConnect(url: string): string {
  const u = new URL(url);
  const parts = [`host=${u.hostname}`, `port=${u.port || '5432'}`, `dbname=${decodeURIComponent(u.pathname.slice(1))}`, `user=${decodeURIComponent(u.username || 'postgres')}`];
  if (u.password) parts.push(`password=${decodeURIComponent(u.password)}`);
  return parts.join(' ');
}

/**
 * PIN's own Dovecot 2.3 on 127.0.0.1 (never the system service), its configuration rendered
 * from `deploy/dovecot/` into a run directory; used by `npm start` (tools/start.ts) and by the
 * tests. The master runs in the foreground as this process's child (root: it drops privileges).
 */
export class TestDovecot {
  private proc?: ChildProcess;

  private constructor(
    readonly root: string,
    readonly imapPort: number,
    readonly lmtpPort: number,
    readonly doveadmPort: number,
    readonly apiKey: string,
    private readonly ownsRoot: boolean,
  ) {}

  static async start(o: DovecotOptions): Promise<TestDovecot> {
    const root = o.root ?? mkdtempSync(join(tmpdir(), 'pin-dovecot-'));
    const server = new TestDovecot(
      root,
      o.imapPort ?? (await freePort()),
      o.lmtpPort ?? (await freePort()),
      o.doveadmPort ?? (await freePort()),
      randomBytes(24).toString('base64url'),
      o.root === undefined,
    );
    server.render(o);
    await server.spawn();
    return server;
  }

  /** Where the maildirs live (`<vmail>/<domain>/<local part>/`). */
  get vmailDir(): string {
    return join(this.root, 'vmail');
  }

  get configFile(): string {
    return join(this.root, 'conf/dovecot.conf');
  }

  get doveadmUrl(): string {
    return `http://127.0.0.1:${this.doveadmPort}/doveadm/v1`;
  }

  /** Environment of the mailbox service for this instance. */
  get serviceEnv(): Record<string, string> {
    return {
      DOVEADM_URL: this.doveadmUrl,
      DOVEADM_API_KEY: this.apiKey,
      MAILDIR_ROOT: this.vmailDir,
      IMAP_HOST: '127.0.0.1',
      IMAP_PORT: String(this.imapPort),
    };
  }

  private render(o: DovecotOptions): void {
    const testing = o.testing ?? true;
    for (const d of ['conf', 'run', 'state', 'log']) mkdirSync(join(this.root, d), { recursive: true });
    mkdirSync(this.vmailDir, { recursive: true });
    chownSync(this.vmailDir, VMAIL_UID, VMAIL_UID);
    chmodSync(this.vmailDir, 0o770);
    chmodSync(this.root, 0o755);
    const values: Record<string, string> = {
      ROOT: this.root,
      VMAIL: this.vmailDir,
      VMAIL_UID: String(VMAIL_UID),
      LISTEN: '127.0.0.1',
      INSTANCE: String(this.imapPort),
      IMAP_PORT: String(this.imapPort),
      LMTP_PORT: String(this.lmtpPort),
      DOVEADM_PORT: String(this.doveadmPort),
      DOVEADM_API_KEY: this.apiKey,
      PG_CONNECT: dovecotPgConnect(o.mailDatabaseUrl),
      TEST_ONLY_AUTH: testing
        ? '# TEST ONLY: no delay after a failed login, no per-IP auth penalty\nauth_failure_delay = 0\nservice anvil {\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}'
        : '',
    };
    const src = resolve(repoRoot(), 'deploy/dovecot');
    for (const f of ['dovecot.conf', 'dovecot-sql.conf.ext', 'dovecot-sql-app.conf.ext', 'quota-warning.sh']) {
      const text = readFileSync(join(src, f), 'utf8').replace(/@([A-Z_]+)@/g, (m, k: string) => values[k] ?? m);
      const target = join(this.root, 'conf', f);
      writeFileSync(target, text);
      chmodSync(target, f.endsWith('.sh') ? 0o755 : f.endsWith('.ext') ? 0o640 : 0o644);
    }
  }

  private async spawn(): Promise<void> {
    const proc = spawn(DOVECOT_BIN, ['-F', '-c', this.configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc = proc;
    let errors = '';
    proc.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString('utf8')).slice(-4_000)));
    try {
      for (const port of [this.imapPort, this.lmtpPort, this.doveadmPort]) await waitForPort(port, 15_000);
    } catch (err) {
      let log = '';
      try {
        log = readFileSync(join(this.root, 'log/dovecot.log'), 'utf8').slice(-2_000);
      } catch {
        /* no log yet */
      }
      throw new Error(`${(err as Error).message}; dovecot ${proc.exitCode === null ? 'running' : `exited ${proc.exitCode}`}: ${errors} ${log}`);
    }
  }

  /** The log so far (failed logins, deliveries, quota warnings). */
  log(): string {
    try {
      return readFileSync(join(this.root, 'log/dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** Stops the master (SIGTERM: it stops its children), as a crash of the mail server would look to the service. */
  async halt(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await exited;
  }

  /** Starts it again on the same ports and directory (after `halt`). */
  async restart(): Promise<void> {
    await this.halt();
    await this.spawn();
  }

  async stop(): Promise<void> {
    await this.halt();
    if (this.ownsRoot) rmSync(this.root, { recursive: true, force: true });
  }
}
