// deploy/Dockerfile without a Docker engine: its instructions as BuildKit reads them (base
// image, stages, user, command, health check), the parts that are plain Node or shell run here
// (the Node version check, the health check, the command), and the dist/ the runtime stage
// copies, which `bash tools/build.sh` (run by `npm test` before jest) must have produced:
// every deployable app's entry file, the web SPA and the data files the apps read.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { configSchema as gatewaySchema } from '../../apps/gateway/src/config/config.schema';
import { deployableApps, parseDockerfile, read, ROOT, type Stage } from './manifests';

const dockerfile = parseDockerfile(read('deploy/Dockerfile'));
const build = dockerfile.stages[0];
const runtime = dockerfile.stages.at(-1)!;
const argsOf = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
/** Node 24 images only: node:24[.minor[.patch]]-<debian>-slim, optionally pinned by digest. */
const NODE_24_IMAGE = /^node:24(\.\d+){0,2}-[a-z]+-slim(@sha256:[0-9a-f]{64})?$/;

/** Exit code of a command (0 on success) and its output; never throws on a non-zero exit. */
function exec(argv: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const [file, ...args] = argv;
  return new Promise((done) => {
    execFile(file === 'node' ? process.execPath : file, args, { ...options, timeout: 10_000 }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}
/** The exec form (JSON array) of a CMD, or of the CMD part of a HEALTHCHECK. */
function execForm(args: string): string[] {
  const argv = JSON.parse(args) as unknown;
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) throw new Error(`not an exec form: ${args}`);
  return argv as string[];
}

describe('deploy/Dockerfile', () => {
  it('builds and runs on Node 24, the LTS, with the same image in both stages', () => {
    expect(dockerfile.args.NODE_IMAGE).toMatch(NODE_24_IMAGE);
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    for (const stage of dockerfile.stages) expect({ stage: stage.name, image: stage.image }).toEqual({ stage: stage.name, image: dockerfile.args.NODE_IMAGE });
  });

  it('stops the build, before installing anything, on any Node but 24', async () => {
    const runs = argsOf(build, 'RUN');
    const check = runs.findIndex((r) => r.includes('process.versions.node'));
    expect(check).toBeGreaterThanOrEqual(0);
    expect(check).toBeLessThan(runs.findIndex((r) => /\bnpm install\b/.test(r)));
    const script = /^node -e '([^']+)'$/.exec(runs[check])?.[1];
    expect(script).toBeDefined();
    const exitWith = async (version: string) => {
      const fake = `Object.defineProperty(process,"versions",{value:{...process.versions,node:${JSON.stringify(version)}}});Object.defineProperty(process,"version",{value:"v${version}"});`;
      return { version, ok: (await exec(['node', '-e', fake + script!])).code === 0 };
    };
    const versions = ['24.0.0', '24.11.1', '20.19.5', '22.21.0', '23.11.1', '25.0.0', '26.1.0'];
    const results = await Promise.all(versions.map(exitWith));
    expect(results).toEqual(versions.map((version) => ({ version, ok: version.startsWith('24.') })));
  });

  it('installs with npm install, never npm ci, then builds and drops dev dependencies', () => {
    for (const stage of dockerfile.stages) expect(argsOf(stage, 'RUN').filter((r) => /\bnpm\s+ci\b/.test(r))).toEqual([]);
    const runs = argsOf(build, 'RUN');
    const order = [/\bnpm install\b/, /\bnpm run build\b/, /\bnpm prune --omit=dev\b/].map((re) => runs.findIndex((r) => re.test(r)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('ships dist/, production node_modules and package.json from the build stage, nothing from the context', () => {
    expect(argsOf(runtime, 'WORKDIR').at(-1)).toBe('/app');
    const copies = argsOf(runtime, 'COPY');
    for (const path of ['dist', 'node_modules', 'package.json']) expect(copies).toContain(`--from=build /app/${path} ./${path}`);
    expect(copies.filter((c) => !c.startsWith('--from=build '))).toEqual([]);
  });

  it('runs as a numeric non-root user', () => {
    const user = argsOf(runtime, 'USER').at(-1);
    const [, uid] = /^(\d+)(?::\d+)?$/.exec(user ?? '') ?? [];
    expect({ user, numeric: uid !== undefined }).toEqual({ user, numeric: true });
    expect(Number(uid)).toBeGreaterThan(0);
  });

  it('execs node on dist/apps/${APP}/src/main.js, APP being the build arg', async () => {
    expect(argsOf(runtime, 'ARG')).toContain('APP');
    expect(argsOf(runtime, 'ENV').join(' ')).toMatch(/(^|\s)APP=\$\{APP\}(\s|$)/);
    const cmd = execForm(argsOf(runtime, 'CMD').at(-1) ?? 'null');
    // `exec` makes node PID 1, so it gets SIGTERM itself (STOPSIGNAL) and Nest's shutdown hooks run.
    if (cmd[0] !== 'node') expect(cmd.slice(0, 2).concat(cmd[2].split(' ')[0])).toEqual(['/bin/sh', '-c', 'exec']);
    expect(argsOf(runtime, 'STOPSIGNAL')).toEqual(['SIGTERM']);
    // Run the command with a stand-in `node` that prints its arguments.
    const dir = mkdtempSync(join(tmpdir(), 'pin-cmd-'));
    try {
      writeFileSync(join(dir, 'node'), '#!/bin/sh\necho "$@"\n', { mode: 0o755 });
      const run = await exec(cmd[0] === 'node' ? [join(dir, 'node'), ...cmd.slice(1)] : cmd, { cwd: dir, env: { PATH: `${dir}:/usr/bin:/bin`, APP: 'directory' } });
      expect(run).toMatchObject({ code: 0, stdout: 'dist/apps/directory/src/main.js\n' });
      // NODE_V8_FLAGS (set by k8s for the file-streaming apps) comes before the entry file.
      const withFlags = await exec(cmd[0] === 'node' ? [join(dir, 'node'), ...cmd.slice(1)] : cmd, {
        cwd: dir, env: { PATH: `${dir}:/usr/bin:/bin`, APP: 'safe', NODE_V8_FLAGS: '--scavenger-max-new-space-capacity-mb=1' },
      });
      expect(withFlags).toMatchObject({ code: 0, stdout: '--scavenger-max-new-space-capacity-mb=1 dist/apps/safe/src/main.js\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a health check that asks /health/ready on HEALTH_PORT', async () => {
    const [, options, command] = /^((?:--\S+\s+)*)CMD\s+(\[.*\])$/.exec(argsOf(runtime, 'HEALTHCHECK').at(-1) ?? '') ?? [];
    expect(command).toBeDefined();
    expect(options).toMatch(/--start-period=\S+/);
    const argv = execForm(command);
    let status = 200;
    const paths: string[] = [];
    const server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(req.url === '/health/ready' ? status : 404).end();
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const env: NodeJS.ProcessEnv = { ...process.env, HEALTH_PORT: String((server.address() as AddressInfo).port) };
    try {
      expect((await exec(argv, { env })).code).toBe(0);
      expect(paths).toEqual(['/health/ready']);
      status = 503;
      expect((await exec(argv, { env })).code).not.toBe(0);
      const withoutPort = { ...env };
      delete withoutPort.HEALTH_PORT;
      expect((await exec(argv, { env: withoutPort })).code).not.toBe(0);
      expect(paths).toEqual(['/health/ready', '/health/ready']);
    } finally {
      await new Promise((closed) => server.close(closed));
    }
  });

  it('keeps host builds, secrets and local env files out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', 'dist/', '.env', '.secrets/', '.git/']) expect(ignored).toContain(entry);
  });
});

describe('dist/, which the runtime stage copies (built by bash tools/build.sh)', () => {
  const requireDist = () => {
    if (!existsSync(join(ROOT, 'dist'))) throw new Error('dist/ is missing: run `bash tools/build.sh` (npm run build) before jest; npm test does');
  };
  const apps = deployableApps();
  const files = (dir: string): string[] =>
    existsSync(join(ROOT, dir)) ? readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(join(ROOT, f)).isFile()) : [];

  it('is built for the same apps in compose and k8s', () => {
    expect(apps.compose).toEqual(['directory', 'gateway', 'labelling', 'mailbox', 'mandates', 'operators', 'safe', 'training']);
    expect(apps.k8s).toEqual(apps.compose);
  });

  it.each(apps.compose)('has the entry file of %s, which CMD runs', (app) => {
    requireDist();
    expect({ app, built: existsSync(join(ROOT, `dist/apps/${app}/src/main.js`)) }).toEqual({ app, built: true });
  });

  it('has the web SPA where the gateway serves it from (WEB_DIST_DIR, relative to /app)', () => {
    requireDist();
    const dir = gatewaySchema.shape.WEB_DIST_DIR.parse(undefined);
    expect(isAbsolute(dir) || relative('dist', dir).startsWith('..')).toBe(false);
    expect(existsSync(join(ROOT, dir, 'index.html'))).toBe(true);
  });

  it.each(apps.compose)('carries the files %s reads beside its code (apps/<app>/data, non-TypeScript files of src/)', (app) => {
    requireDist();
    const sources = [...files(`apps/${app}/data`), ...[`apps/${app}/src`, ...readdirSync(join(ROOT, 'libs')).map((l) => `libs/${l}/src`)].flatMap(files).filter((f) => !f.endsWith('.ts'))];
    const missing = sources.filter((f) => !existsSync(join(ROOT, 'dist', f)) || statSync(join(ROOT, 'dist', f)).size !== statSync(join(ROOT, f)).size);
    expect({ app, missing }).toEqual({ app, missing: [] });
  });
});
