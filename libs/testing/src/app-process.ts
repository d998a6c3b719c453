import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from './dev-idp-process';

export interface AppProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
  /** SIGKILL, as in a crash; resolves once the process is gone. */
  kill9(): Promise<void>;
}

const KEEP = 128 * 1024;

/**
 * V8 flags of the apps that stream files (gateway, safe): `NODE_V8_FLAGS` in k8s, `npm start` and
 * the benchmarks. Node 24's V8 reclaims young Buffers by scavenge only once they reach twice its
 * default semi-space size (128 MB since V8 13.6, 32 MB before), above the 64 MB of external memory
 * at which it starts a mark-compact of the whole heap instead (nodejs/node#61967): every chunk of
 * a file streamed through was then reclaimed by mark-compacts (60 % of the gateway's time while
 * relaying downloads). With this flag they are reclaimed by scavenges again (README « Benchmarks »).
 * Set with `--max-semi-space-size=2`, so that the young generation's own size stays as it is.
 */
export const STREAMING_V8_FLAGS = '--scavenger-max-new-space-capacity-mb=1';

/** Starts a built app (`dist/apps/<name>/src/main.js`) and waits until `ready()` is true. */
export async function startBuiltApp(
  name: string,
  env: Record<string, string>,
  ready: () => Promise<boolean>,
  options: { timeoutMs?: number; echo?: boolean; sourceMaps?: boolean } = {},
): Promise<AppProcess> {
  const root = repoRoot();
  const entry = resolve(root, `dist/apps/${name}/src/main.js`);
  if (!existsSync(entry)) throw new Error(`${name} is not built: ${entry} is missing (run npm run build)`);
  // BENCH_CPU_PROF=1: each app writes a V8 CPU profile to tmp/prof/<app>/ when it exits (graceful
  // stop), to be summarised with `node dist/bench/prof-top.js tmp/prof/<app>/*.cpuprofile`.
  const profile = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${resolve(root, 'tmp/prof', name)}`] : [];
  // NODE_V8_FLAGS: V8 flags that NODE_OPTIONS may not carry, passed on the command line as the
  // image's CMD does (deploy/Dockerfile). Source maps (readable stacks in tests) unless `sourceMaps:
  // false`: the image runs without them, and loading them costs each process ~10-20 MB.
  const v8Flags = (env.NODE_V8_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const sourceMaps = options.sourceMaps === false ? [] : ['--enable-source-maps'];
  const child = spawn(process.execPath, [...sourceMaps, ...v8Flags, ...profile, entry], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-KEEP);
    if (options.echo) process.stdout.write(chunk.toString('utf8').replace(/^(?=.)/gm, `[${name}] `));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const app: AppProcess = {
    name,
    child,
    output: () => out,
    stop: (graceMs = 10_000) =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveStop(child.exitCode);
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolveStop(code);
        });
        child.kill('SIGTERM');
      }),
    kill9: () =>
      new Promise((resolveKill) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveKill();
        child.once('exit', () => resolveKill());
        child.kill('SIGKILL');
      }),
  };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}:\n${out.slice(-4_000)}`);
    if (await ready().catch(() => false)) return app;
    if (Date.now() > deadline) {
      await app.stop(1_000);
      throw new Error(`${name} not ready in time:\n${out.slice(-4_000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await res.body?.cancel();
  return res.ok;
}
