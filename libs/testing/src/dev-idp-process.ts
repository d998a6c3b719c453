import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { freePort } from './ports';

export const DEV_IDP_GATEWAY_SECRET = 'pin-gateway-dev-secret';
export const DEV_IDP_OPERATOR_SECRET = 'pin-operator-dev-secret';
/** Secrets of the CAF and CPAM operator clients in tests. */
export const DEV_IDP_OPERATOR_CLIENT_SECRETS = { 'pin-caf': 'pin-caf-dev-secret', 'pin-cpam': 'pin-cpam-dev-secret' } as const;
export const DEV_IDP_DEFAULT_REDIRECT_URI = 'http://127.0.0.1:3000/auth/callback';
export const DEV_IDP_DEFAULT_POST_LOGOUT_URI = 'http://127.0.0.1:3000/';

export interface DevIdpProcessOptions {
  /** Port to listen on; a free one is picked when absent. */
  port?: number;
  /** Gateway redirect URIs besides DEV_IDP_DEFAULT_REDIRECT_URI. */
  redirectUris?: string[];
  /** Gateway post-logout redirect URIs besides DEV_IDP_DEFAULT_POST_LOGOUT_URI. */
  postLogoutRedirectUris?: string[];
  /** Key file (relative to the repository root); when absent, a fresh one under tmp/, removed on stop. */
  keyFile?: string;
  /** Built entry point, relative to the repository root. */
  entry?: string;
  /** Extra or overriding environment variables (e.g. LOG_LEVEL, DEV_IDP_ACCESS_TOKEN_TTL). */
  env?: Record<string, string>;
  /** Time allowed until discovery answers. */
  timeoutMs?: number;
}

export interface DevIdpProcess {
  issuer: string;
  port: number;
  keyFile: string;
  /** Exit code once the process ended (null if killed by a signal), undefined while it runs. */
  readonly exitCode: number | null | undefined;
  /** What the process wrote so far (stdout: its JSON log lines, the last 64 kB). */
  output(): { stdout: string; stderr: string };
  stop(): Promise<void>;
}

/** The repository root: the nearest folder above this file whose package.json is PIN's. */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'pin') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no PIN package.json above ${from}`);
    dir = parent;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the built dev-idp (`node dist/apps/dev-idp/src/main.js`) as a child process and waits
 * until its discovery document answers. Build it first (`npm run build`).
 */
export async function startDevIdpProcess(opts: DevIdpProcessOptions = {}): Promise<DevIdpProcess> {
  const root = repoRoot();
  const entry = resolve(root, opts.entry ?? 'dist/apps/dev-idp/src/main.js');
  if (!existsSync(entry)) throw new Error(`dev-idp is not built: ${entry} is missing (run npm run build)`);
  const port = opts.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}/realms/pin`;
  const keyFile = opts.keyFile ?? join('tmp', `dev-idp-${randomUUID()}`, 'jwks.json');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HEALTH_PORT: '0',
    DEV_IDP_HOST: '127.0.0.1',
    DEV_IDP_PORT: String(port),
    DEV_IDP_ISSUER: issuer,
    DEV_IDP_GATEWAY_CLIENT_SECRET: DEV_IDP_GATEWAY_SECRET,
    DEV_IDP_OPERATOR_CLIENT_SECRET: DEV_IDP_OPERATOR_SECRET,
    DEV_IDP_CAF_CLIENT_SECRET: DEV_IDP_OPERATOR_CLIENT_SECRETS['pin-caf'],
    DEV_IDP_CPAM_CLIENT_SECRET: DEV_IDP_OPERATOR_CLIENT_SECRETS['pin-cpam'],
    DEV_IDP_GATEWAY_REDIRECT_URIS: [DEV_IDP_DEFAULT_REDIRECT_URI, ...(opts.redirectUris ?? [])].join(','),
    DEV_IDP_GATEWAY_POST_LOGOUT_URIS: [DEV_IDP_DEFAULT_POST_LOGOUT_URI, ...(opts.postLogoutRedirectUris ?? [])].join(','),
    DEV_IDP_KEY_FILE: keyFile,
    ...opts.env,
  };
  const child = spawn(process.execPath, [entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-65536)));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exitCode = signal ? null : code;
      done();
    }),
  );

  const stop = async () => {
    if (exitCode === undefined) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
    if (!opts.keyFile) rmSync(dirname(resolve(root, keyFile)), { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  for (;;) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`dev-idp exited with code ${exitCode} before answering.\nstderr:\n${stderr}\nstdout:\n${stdout.slice(-4000)}`);
    }
    try {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`);
      if (response.ok) {
        return {
          issuer,
          port,
          keyFile,
          get exitCode() {
            return exitCode;
          },
          output: () => ({ stdout, stderr }),
          stop,
        };
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`dev-idp did not answer on ${issuer} within ${opts.timeoutMs ?? 20_000} ms.\nstderr:\n${stderr}\nstdout:\n${stdout.slice(-4000)}`);
    }
    await sleep(100);
  }
}
