import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { SignJWT, importJWK, generateKeyPair, type JWK } from 'jose';
import { createTestDatabase, fetchUserTokens, repoRoot, startPlatform, TestNatsServer, type Platform, type PlatformOptions, type TestDatabase } from '@pin/testing';

/** The whole platform from dist/ on fresh databases and the machine's NATS and Redis. */
export class PlatformHarness {
  platform!: Platform;
  directoryDb!: TestDatabase;
  mandatesDb!: TestDatabase;
  operatorsDb!: TestDatabase;
  trainingDb!: TestDatabase;
  /** The safe's database, when a test starts the safe (`startPlatform` option `safeDatabaseUrl`). */
  safeDb?: TestDatabase;
  /** Set before start(): the labelling service is started too (its own database), else not at all. */
  withLabelling = false;
  labellingDb?: TestDatabase;
  /** Set before `start()`: also runs the mailbox service (its database, the mail server's database, its Dovecot). */
  withMailbox = false;
  mailboxDb?: TestDatabase;
  mailDb?: TestDatabase;
  /** A private nats-server with the platform's users and permissions: streams and durable consumers are not shared with other runs. */
  nats!: TestNatsServer;
  private tokens = new Map<string, string>();

  async start(gatewayEnv: Record<string, string> = {}, devIdpEnv: Record<string, string> = {}, extra: Partial<PlatformOptions> = {}): Promise<void> {
    // A subclass may have put them on another PostgreSQL (fault tests) before calling this.
    this.directoryDb ??= await createTestDatabase('gw_directory', ['postgis']);
    this.mandatesDb ??= await createTestDatabase('gw_mandates');
    this.operatorsDb ??= await createTestDatabase('gw_operators');
    this.trainingDb ??= await createTestDatabase('gw_training');
    if (this.withLabelling) this.labellingDb ??= await createTestDatabase('gw_labelling');
    if (this.withMailbox) {
      this.mailboxDb ??= await createTestDatabase('gw_mailbox');
      this.mailDb ??= await createTestDatabase('gw_mail');
    }
    this.nats = await TestNatsServer.start({ secure: true });
    this.platform = await startPlatform({
      directoryDatabaseUrl: this.directoryDb.url,
      mandatesDatabaseUrl: this.mandatesDb.url,
      operatorsDatabaseUrl: this.operatorsDb.url,
      trainingDatabaseUrl: this.trainingDb.url,
      labellingDatabaseUrl: this.labellingDb?.url,
      ...(this.withMailbox ? { mailboxDatabaseUrl: this.mailboxDb!.url, mailDatabaseUrl: this.mailDb!.url } : {}),
      natsUrl: this.nats.url,
      natsCredentials: this.nats.credentials,
      seedDemoData: true,
      gatewayEnv: { RATE_LIMIT_MAX: '100000', ...gatewayEnv },
      devIdpEnv,
      ...extra,
    });
  }

  async stop(): Promise<void> {
    await this.platform?.stop();
    await this.directoryDb?.drop();
    await this.mandatesDb?.drop();
    await this.operatorsDb?.drop();
    await this.trainingDb?.drop();
    await this.safeDb?.drop();
    await this.labellingDb?.drop();
    await this.mailboxDb?.drop();
    await this.mailDb?.drop();
    await this.nats?.stop();
  }

  url(path: string): string {
    return `${this.platform.gatewayUrl}${path}`;
  }

  async token(username: string): Promise<string> {
    let t = this.tokens.get(username);
    if (!t) {
      t = (await fetchUserTokens(this.platform.issuer, username, { redirectUri: `${this.platform.gatewayUrl}/auth/callback` })).access_token;
      this.tokens.set(username, t);
    }
    return t;
  }

  async call(method: string, path: string, opts: { user?: string; token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token ?? (opts.user ? await this.token(opts.user) : undefined);
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(this.url(path), { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  /** The dev-idp's private signing key, to forge tokens that differ in one respect only. */
  async signingKey(): Promise<{ key: CryptoKey; kid: string }> {
    const file = JSON.parse(readFileSync(resolve(repoRoot(), this.platform.devIdp.keyFile), 'utf8')) as { keys: JWK[] };
    const jwk = file.keys[0];
    return { key: (await importJWK(jwk, 'RS256')) as CryptoKey, kid: jwk.kid! };
  }

  /**
   * An access token as the dev-idp (or Keycloak) issues it to the gateway's client (`typ: "Bearer"`,
   * `azp: "pin-gateway"`), with `claims` on top: `{ typ: undefined }` leaves a claim out.
   */
  async forge(claims: Record<string, unknown>, opts: { issuer?: string; expiresAt?: number; foreignKey?: boolean } = {}): Promise<string> {
    const { key, kid } = await this.signingKey();
    const signingKey = opts.foreignKey ? (await generateKeyPair('RS256')).privateKey : key;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ typ: 'Bearer', azp: 'pin-gateway', ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
      .setIssuer(opts.issuer ?? this.platform.issuer)
      .setSubject('forged-user')
      .setIssuedAt(now - 60)
      .setExpirationTime(opts.expiresAt ?? now + 300)
      .sign(signingKey);
  }

  async query(db: 'directory' | 'mandates' | 'training' | 'operators' | 'labelling' | 'mailbox' | 'mail', sql: string, params: unknown[] = []): Promise<any[]> {
    const dbs = { directory: this.directoryDb, mandates: this.mandatesDb, training: this.trainingDb, operators: this.operatorsDb, labelling: this.labellingDb!, mailbox: this.mailboxDb!, mail: this.mailDb! };
    const c = new Client({ connectionString: dbs[db].url });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows;
    } finally {
      await c.end();
    }
  }
}

export async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
