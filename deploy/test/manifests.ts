// Readers shared by the deployment specs (deploy.spec.ts, dockerfile.spec.ts): the repository
// root, docker-compose.yml, the subset of kustomize this repo uses, and deploy/Dockerfile.
// Static parsing only: no Docker engine and no cluster.
import { readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const ROOT = resolve(__dirname, '../..');
export const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

export type Env = Record<string, string>;

// ---------------------------------------------------------------- docker compose
export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { source?: string; target?: string })[];
  command?: string | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: unknown[];
}

export const loadCompose = () => parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };

/** Compose's two spellings of a map (`KEY: value` or `- KEY=value`) as one object of strings. */
export const asMap = (v: Record<string, unknown> | string[] | undefined): Env =>
  Array.isArray(v)
    ? Object.fromEntries(v.map((s) => [s.split('=')[0], s.slice(s.indexOf('=') + 1)]))
    : Object.fromEntries(Object.entries(v ?? {}).map(([k, x]) => [k, String(x ?? '')]));

// ---------------------------------------------------------------- kustomize
export interface EnvVar { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }
export interface Probe { httpGet?: { path: string; port: string | number } }
export interface Container {
  name: string;
  image?: string;
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  startupProbe?: Probe; livenessProbe?: Probe; readinessProbe?: Probe;
  resources?: { requests?: Env; limits?: Env };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string }[];
}
export interface PodSpec { containers: Container[]; securityContext?: { runAsNonRoot?: boolean }; volumes?: { name: string; configMap?: { name: string } }[] }
export interface K8sDoc { kind: string; metadata: { name: string }; data?: Env; spec?: Record<string, unknown> & { template?: { spec: PodSpec } } }
interface Generator { name: string; behavior?: string; literals?: string[]; envs?: string[]; files?: string[] }
interface Kustomization { resources?: string[]; configMapGenerator?: Generator[]; patches?: { path?: string }[] }

/** The subset of kustomize this repo uses: resources (files, folders), generators, patch files. */
export function loadKustomization(dir: string, into = { docs: [] as K8sDoc[], configMaps: new Map<string, Env>(), patches: [] as K8sDoc[] }) {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  const docsOf = (file: string) => parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => d.toJS() as K8sDoc);
  for (const res of k.resources ?? []) {
    if (statSync(join(dir, res)).isDirectory()) loadKustomization(join(dir, res), into);
    else into.docs.push(...docsOf(res));
  }
  for (const g of k.configMapGenerator ?? []) {
    const data: Env = { ...(g.behavior === 'merge' ? into.configMaps.get(g.name) : {}) };
    const lines = [...(g.literals ?? []), ...(g.envs ?? []).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))];
    for (const line of lines.filter((l) => l.includes('=') && !l.startsWith('#'))) data[line.split('=')[0]] = line.slice(line.indexOf('=') + 1);
    for (const f of g.files ?? []) data[f.includes('=') ? f.split('=')[0] : basename(f)] = readFileSync(join(dir, f.split('=').pop()!), 'utf8');
    into.configMaps.set(g.name, data);
  }
  for (const p of k.patches ?? []) if (p.path) into.patches.push(...docsOf(p.path));
  return into;
}

/**
 * The apps deployed from deploy/Dockerfile, as each deployment names them: compose services
 * built with it (their APP build arg) and the k8s base Deployments running a `pin/<app>` image.
 */
export function deployableApps(): { compose: string[]; k8s: string[] } {
  const compose = Object.values(loadCompose().services)
    .filter((s) => s.build?.dockerfile === 'deploy/Dockerfile')
    .map((s) => asMap(s.build?.args).APP);
  const k8s = loadKustomization(join(ROOT, 'k8s/base'))
    .docs.filter((d) => d.kind === 'Deployment')
    .flatMap((d) => d.spec?.template?.spec.containers ?? [])
    .map((c) => /^pin\/([a-z-]+)$/.exec(c.image ?? '')?.[1])
    .filter((app): app is string => !!app);
  return { compose: [...new Set(compose)].sort(), k8s: [...new Set(k8s)].sort() };
}

// ---------------------------------------------------------------- Dockerfile
export interface Instruction { keyword: string; args: string }
export interface Stage { image: string; name?: string; instructions: Instruction[] }
export interface Dockerfile { args: Record<string, string | undefined>; stages: Stage[] }

/**
 * Instructions per build stage, as BuildKit reads them: comment lines dropped (also inside a
 * continuation), `\` continuations joined, each FROM's image resolved with the ARGs declared
 * before the first FROM (the only ones FROM can use).
 */
export function parseDockerfile(text: string): Dockerfile {
  const lines = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n').replace(/\\\n/g, ' ').split('\n');
  const result: Dockerfile = { args: {}, stages: [] };
  for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
    const [, word, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    const keyword = word.toUpperCase();
    const stage = result.stages.at(-1);
    if (keyword === 'FROM') {
      const [, image, name] = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      const resolved = (image ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a?: string, b?: string) => result.args[(a ?? b)!] ?? '');
      result.stages.push({ image: resolved, name, instructions: [] });
    } else if (stage) {
      stage.instructions.push({ keyword, args });
    } else if (keyword === 'ARG') {
      const eq = args.indexOf('=');
      if (eq < 0) result.args[args] = undefined;
      else result.args[args.slice(0, eq)] = args.slice(eq + 1);
    }
  }
  return result;
}
