// Consistency of the deployment files with the apps' config schemas: docker-compose.yml and
// the kustomize base and overlays under k8s/ (deploy/Dockerfile: dockerfile.spec.ts). Static checks only: no
// Docker engine, no cluster and no Keycloak server run here. When kubectl (kustomize v5) is
// on the PATH, the overlays are also rendered and checked as a cluster would receive them.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { configKeys, requiredConfigKeys } from '@pin/config';
import { STREAMING_V8_FLAGS } from '@pin/testing';
import { configSchema as directorySchema } from '../../apps/directory/src/config/config.schema';
import { configSchema as gatewaySchema } from '../../apps/gateway/src/config/config.schema';
import { configSchema as mandatesSchema } from '../../apps/mandates/src/config/config.schema';
import { configSchema as operatorsSchema } from '../../apps/operators/src/config/config.schema';
import { configSchema as mailboxSchema } from '../../apps/mailbox/src/config/config.schema';
import { configSchema as safeSchema } from '../../apps/safe/src/config/config.schema';
import { configSchema as trainingSchema } from '../../apps/training/src/config/config.schema';
import { configSchema as labellingSchema } from '../../apps/labelling/src/config/config.schema';
import { asMap, type Container, type ComposeService, type Env, type K8sDoc, loadCompose, loadKustomization, read, ROOT } from './manifests';

interface AppSpec { schema: z.ZodObject; healthPort: number; database?: string }
const APPS: Record<string, AppSpec> = {
  gateway: { schema: gatewaySchema, healthPort: 9100 },
  directory: { schema: directorySchema, healthPort: 9101, database: 'pin_directory' },
  mandates: { schema: mandatesSchema, healthPort: 9102, database: 'pin_mandates' },
  safe: { schema: safeSchema, healthPort: 9105, database: 'pin_safe' },
  operators: { schema: operatorsSchema, healthPort: 9104, database: 'pin_operators' },
  mailbox: { schema: mailboxSchema, healthPort: 9106, database: 'pin_mailbox' },
  training: { schema: trainingSchema, healthPort: 9103, database: 'pin_training' },
  labelling: { schema: labellingSchema, healthPort: 9107, database: 'pin_labelling' },
};
/** Read by Node itself, not by an app: the only variables allowed beside the schema's. */
const RUNTIME_VARS = ['NODE_OPTIONS', 'NODE_V8_FLAGS'];

/** Variable name → value; undefined when the value comes from a Secret (unknown here). */
type EnvNames = Record<string, string | undefined>;
const databaseOf = (url: string) => new URL(url).pathname.replace(/^\//, '');
const fail = (message: string): never => {
  throw new Error(message);
};

/** Every required key present, no key the schema does not know, each known value valid. */
function expectEnvMatchesSchema(app: string, env: EnvNames) {
  const { schema } = APPS[app];
  const keys = Object.keys(env);
  expect({ app, missing: requiredConfigKeys(schema).filter((k) => !(k in env)) }).toEqual({ app, missing: [] });
  const known = [...configKeys(schema), ...RUNTIME_VARS];
  expect({ app, unknown: keys.filter((k) => !known.includes(k)) }).toEqual({ app, unknown: [] });
  const invalid = keys.filter(
    (k) => k in schema.shape && env[k] !== undefined && !(schema.shape[k] as z.ZodType).safeParse(env[k]).success,
  );
  expect({ app, invalid }).toEqual({ app, invalid: [] });
}

// ---------------------------------------------------------------- docker compose
/** Compose interpolation with an empty shell environment: `${X:-default}` gives the default. */
function interpolate(value: string): string {
  return value.replace(/\$\$|\$\{([A-Z0-9_]+)(?::?[-?]([^}]*))?\}/g, (whole, name: string | undefined, fallback?: string) => {
    if (whole === '$$') return '$';
    if (fallback === undefined || whole.includes('?')) throw new Error(`\${${name}} has no default: compose would need it set`);
    return fallback;
  });
}
const volumesOf = (s: ComposeService) => (s.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));

describe('docker-compose.yml', () => {
  const services = loadCompose().services;

  it('has the infrastructure services', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'nats', 'keycloak']));
    expect(services.postgres.image).toMatch(/^postgis\/postgis:15-/);
    expect(services.redis.image).toMatch(/^redis:7/);
    expect(services.nats.image).toMatch(/^nats:2\.9/);
    expect(services.keycloak.image).toMatch(/^quay\.io\/keycloak\/keycloak:26\./);
  });

  it('creates one database per service with the init script', () => {
    const init = volumesOf(services.postgres).find((v) => v.includes('/docker-entrypoint-initdb.d/'));
    expect(init?.split(':')[0]).toBe('./deploy/postgres/init-databases.sql');
    const sql = read('deploy/postgres/init-databases.sql');
    for (const { database } of Object.values(APPS)) {
      if (database) expect(sql).toMatch(new RegExp(`CREATE DATABASE ${database}\\b`));
    }
  });

  it('runs NATS with JetStream on a file store volume', () => {
    expect(volumesOf(services.nats)).toContain('./deploy/nats/nats.conf:/etc/nats/nats.conf:ro');
    expect(volumesOf(services.nats)).toContain('./deploy/nats/accounts.conf:/etc/nats/accounts.conf:ro');
    const conf = read('deploy/nats/nats.conf');
    const storeDir = /jetstream\s*\{[^}]*store_dir:\s*"?([^"\s]+)"?/.exec(conf)?.[1];
    expect(storeDir).toBeDefined();
    expect(volumesOf(services.nats).some((v) => !v.startsWith('.') && v.endsWith(`:${storeDir}`))).toBe(true);
  });

  it('imports the PIN realm into Keycloak from a file of the repo', () => {
    const realm = volumesOf(services.keycloak).find((v) => v.includes(':/opt/keycloak/data/import/'));
    expect(realm).toBeDefined();
    const source = realm!.split(':')[0];
    expect(source).toBe('./deploy/keycloak/realm-pin.json');
    expect(existsSync(join(ROOT, source)) && statSync(join(ROOT, source)).isFile()).toBe(true);
    expect([services.keycloak.command].flat().join(' ')).toMatch(/start-dev.*--import-realm/);
  });

  describe.each(Object.keys(APPS))('%s', (app) => {
    const service = services[app];
    const env = () => Object.fromEntries(Object.entries(asMap(service.environment)).map(([k, v]) => [k, interpolate(v)]));

    it('is built from deploy/Dockerfile with APP set to the app', () => {
      expect(service).toBeDefined();
      expect(service.build?.context ?? '.').toBe('.');
      expect(service.build?.dockerfile).toBe('deploy/Dockerfile');
      expect(asMap(service.build?.args).APP).toBe(app);
    });

    it('sets exactly the variables its config schema knows, with valid values', () => {
      const values = env();
      expectEnvMatchesSchema(app, values);
      expect(APPS[app].schema.safeParse(values).success).toBe(true);
      expect(Number(values.HEALTH_PORT)).toBe(APPS[app].healthPort);
    });

    it('points DATABASE_URL at its own database', () => {
      const url = env().DATABASE_URL;
      if (APPS[app].database) expect(databaseOf(url)).toBe(APPS[app].database);
      else expect(url).toBeUndefined();
    });

    it('connects to NATS as its own user, with the password the NATS server knows for it', () => {
      const values = env();
      expect(values.NATS_USER).toBe(app);
      const nats = Object.fromEntries(Object.entries(asMap(services.nats.environment)).map(([k, v]) => [k, interpolate(v)]));
      expect(values.NATS_PASSWORD).toBe(nats[`NATS_${app.toUpperCase()}_PASSWORD`]);
      expect(values.NATS_PASSWORD).toMatch(/^[a-z][a-z0-9]+$/i);
    });

    it('waits for the healthy infrastructure it uses', () => {
      const deps = service.depends_on as Record<string, { condition?: string }>;
      const values = env();
      const needs = [values.DATABASE_URL && 'postgres', values.NATS_URL && 'nats', values.REDIS_URL && 'redis'].filter(Boolean);
      for (const dep of needs) expect({ dep, condition: deps?.[dep as string]?.condition }).toEqual({ dep, condition: 'service_healthy' });
    });
  });

  it('gives the gateway the issuer, client secret and redirect URL Keycloak knows', () => {
    const gateway = asMap(services.gateway.environment);
    const keycloak = asMap(services.keycloak.environment);
    expect(interpolate(gateway.OIDC_ISSUER_URL)).toBe('http://keycloak:8080/realms/pin');
    expect(new URL(gateway.OIDC_ISSUER_URL).origin).toBe(new URL(keycloak.KC_HOSTNAME).origin);
    expect(interpolate(keycloak.PIN_GATEWAY_CLIENT_SECRET)).toBe(interpolate(gateway.OIDC_CLIENT_SECRET));
    expect(keycloak.PIN_PUBLIC_URL).toBe(gateway.PUBLIC_URL);
  });

  it('publishes only the gateway and Keycloak', () => {
    const published = Object.entries(services).filter(([, s]) => s.ports?.length).map(([name]) => name);
    expect(published.sort()).toEqual(['gateway', 'keycloak']);
  });
});

// ---------------------------------------------------------------- kustomize
/** The environment a container gets: its ConfigMaps' keys and its own env entries. */
function containerEnv(container: Container, configMaps: Map<string, Env>): EnvNames {
  const env: EnvNames = {};
  for (const from of container.envFrom ?? []) {
    // A Secret's keys cannot be known from the manifests: secrets are named one by one in env.
    if (from.secretRef) fail(`envFrom.secretRef ${from.secretRef.name}: use env[].valueFrom.secretKeyRef`);
    const name = from.configMapRef?.name ?? fail('envFrom without configMapRef');
    Object.assign(env, configMaps.get(name) ?? fail(`ConfigMap ${name} not found`));
  }
  for (const e of container.env ?? []) env[e.name] = e.value;
  return env;
}
const mebibytes = (q: string) => Number(/^(\d+)Mi$/.exec(q)?.[1] ?? /^(\d+)Gi$/.exec(q)?.[1] ?? NaN) * (q.endsWith('Gi') ? 1024 : 1);

// ---------------------------------------------------------------- network policies
/** Labels of the ingress controller's namespace, which the gateway's policy names (ingress-nginx by default). */
const INGRESS_CONTROLLER_NAMESPACE: Env = { 'kubernetes.io/metadata.name': 'ingress-nginx' };
interface LabelSelector { matchLabels?: Env; matchExpressions?: { key: string; operator: string; values?: string[] }[] }
interface PolicyPeer { podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: { cidr: string } }
interface IngressRule { from?: PolicyPeer[]; ports?: { protocol?: string; port?: string | number; endPort?: number }[] }
interface PolicySpec { podSelector: LabelSelector; policyTypes?: string[]; ingress?: IngressRule[] }

const selects = (selector: LabelSelector, labels: Env) =>
  Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
  (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) =>
    operator === 'In' ? values.includes(labels[key]) : operator === 'NotIn' ? !values.includes(labels[key]) : operator === 'Exists' ? key in labels : !(key in labels),
  );
/** A rule opening only the container port named `health` (GET /health/live and /health/ready). */
const healthOnly = (rule: IngressRule) => !!rule.ports?.length && rule.ports.every((p) => p.port === 'health' && (p.protocol ?? 'TCP') === 'TCP' && !p.endPort);
/**
 * Every ingress rule, of any NetworkPolicy, that lets the ingress controller's pods in on more
 * than a health port: rules without `from` (any source), with an ipBlock (it may hold their
 * addresses) or with a namespaceSelector matching the controller's namespace.
 */
function ingressControllerRules(docs: K8sDoc[]) {
  return docs
    .filter((d) => d.kind === 'NetworkPolicy')
    .flatMap((d) => {
      const spec = d.spec as unknown as PolicySpec;
      const admits = (rule: IngressRule) =>
        !healthOnly(rule) && (!rule.from?.length || rule.from.some((p) => p.ipBlock || (p.namespaceSelector && selects(p.namespaceSelector, INGRESS_CONTROLLER_NAMESPACE))));
      return (spec.ingress ?? []).filter(admits).map((rule) => ({ policy: d.metadata.name, podSelector: spec.podSelector, rule }));
    });
}
/** The one such rule: the gateway's pods, from the controller's namespace, on HTTP_PORT. */
const gatewayRule = (httpPort: number) => ({
  policy: 'gateway',
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } },
  rule: { from: [{ namespaceSelector: { matchLabels: INGRESS_CONTROLLER_NAMESPACE } }], ports: [{ protocol: 'TCP', port: httpPort }] },
});

describe('k8s/base', () => {
  const base = loadKustomization(join(ROOT, 'k8s/base'));
  const find = (kind: string, name: string) => base.docs.find((d) => d.kind === kind && d.metadata.name === name);

  describe.each(Object.keys(APPS))('%s', (app) => {
    const deployment = find('Deployment', app);
    const container = deployment?.spec?.template?.spec.containers.find((c) => c.name === app) as Container;

    it('gets exactly the variables its config schema knows, from its ConfigMap and Secrets', () => {
      expect(container).toBeDefined();
      expectEnvMatchesSchema(app, containerEnv(container, base.configMaps));
    });

    it('connects to NATS as its own user, its password from the Secret pin-nats', () => {
      expect(containerEnv(container, base.configMaps).NATS_USER).toBe(app);
      expect(container.env?.find((e) => e.name === 'NATS_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({ name: 'pin-nats', key: `${app}-password` });
    });

    it('takes DATABASE_URL from the Secret of its own database cluster', () => {
      const ref = container.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
      if (APPS[app].database) expect(ref).toEqual({ name: `pg-${app}-app`, key: 'uri' });
      else expect(ref).toBeUndefined();
    });

    it('probes the health port it configures', () => {
      const port = Number(containerEnv(container, base.configMaps).HEALTH_PORT);
      expect(port).toBe(APPS[app].healthPort);
      expect(container.ports).toContainEqual({ name: 'health', containerPort: port });
      expect(container.startupProbe?.httpGet).toEqual({ path: '/health/live', port: 'health' });
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'health' });
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'health' });
    });

    it('runs non-root on a read-only root filesystem, with bounded resources', () => {
      expect(deployment?.spec?.template?.spec.securityContext?.runAsNonRoot).toBe(true);
      expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(container.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      const limit = mebibytes(container.resources?.limits?.memory ?? '');
      const heap = Number(/--max-old-space-size=(\d+)/.exec(containerEnv(container, base.configMaps).NODE_OPTIONS ?? '')?.[1]);
      expect(heap / limit).toBeGreaterThanOrEqual(0.6);
      expect(heap / limit).toBeLessThanOrEqual(0.8);
    });

    it('has a Service, a PodDisruptionBudget and a NetworkPolicy', () => {
      for (const kind of ['Service', 'PodDisruptionBudget', 'NetworkPolicy']) expect({ kind, found: !!find(kind, app) }).toEqual({ kind, found: true });
    });
  });

  it('runs the apps that stream files (gateway, safe) with small semi-spaces and the V8 flag of npm start and the benchmarks', () => {
    for (const app of ['gateway', 'safe']) {
      const container = find('Deployment', app)?.spec?.template?.spec.containers.find((c) => c.name === app) as Container;
      const env = containerEnv(container, base.configMaps);
      expect({ app, semiSpace: /--max-semi-space-size=2(\s|$)/.test(env.NODE_OPTIONS ?? ''), v8: env.NODE_V8_FLAGS }).toEqual({ app, semiSpace: true, v8: STREAMING_V8_FLAGS });
    }
  });

  it('denies all traffic by default and lets in only the gateway, from the ingress controller', () => {
    expect(find('NetworkPolicy', 'default-deny-all')?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const httpPort = Number(base.configMaps.get('gateway-config')?.HTTP_PORT);
    expect(ingressControllerRules(base.docs)).toEqual([gatewayRule(httpPort)]);
    const backend = JSON.stringify(base.docs.filter((d) => d.kind === 'Ingress').map((d) => d.spec));
    expect(backend).toContain('"service":{"name":"gateway"');
    for (const app of Object.keys(APPS).filter((a) => a !== 'gateway')) expect(backend).not.toContain(`"name":"${app}"`);
  });

  it.each(Object.keys(APPS))('lets into %s nothing but its application rule and its health port', (app) => {
    const policy = find('NetworkPolicy', app)!.spec as unknown as PolicySpec;
    expect(policy.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': app } });
    expect(policy.policyTypes).toContain('Ingress');
    const rules = policy.ingress ?? [];
    // Open to any source, because no peer can select the kubelet (deploy/README.md, "Network policies").
    expect(rules.filter(healthOnly)).toEqual([{ ports: [{ protocol: 'TCP', port: 'health' }] }]);
    const httpPort = Number(base.configMaps.get('gateway-config')?.HTTP_PORT);
    // The internal file ports (the safe's documents, the labelling dossiers' pieces) admit the gateway only (files are streamed there).
    const gatewayFiles = { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }], ports: [{ protocol: 'TCP', port: 'files' }] };
    expect(rules.filter((r) => !healthOnly(r))).toEqual(app === 'gateway' ? [gatewayRule(httpPort).rule] : app === 'safe' || app === 'labelling' ? [gatewayFiles] : []);
  });
});

describe.each(['dev', 'prod'])('k8s/overlays/%s network policies', (overlay) => {
  it('admit the ingress controller to the gateway only', () => {
    const loaded = loadKustomization(join(ROOT, 'k8s/overlays', overlay));
    expect(ingressControllerRules(loaded.docs)).toEqual([gatewayRule(Number(loaded.configMaps.get('gateway-config')?.HTTP_PORT))]);
  });
});

describe.each(['dev', 'prod'])('k8s/overlays/%s', (overlay) => {
  const loaded = loadKustomization(join(ROOT, 'k8s/overlays', overlay));

  it.each(Object.keys(APPS))('keeps %s to the variables of its schema', (app) => {
    const container = loaded.docs.find((d) => d.kind === 'Deployment' && d.metadata.name === app)!.spec!.template!.spec.containers[0];
    const patched = loaded.patches.filter((p) => p.metadata.name === app).flatMap((p) => p.spec?.template?.spec.containers ?? []);
    const env = containerEnv({ ...container, env: [...(container.env ?? []), ...patched.flatMap((c) => c.env ?? [])] }, loaded.configMaps);
    expectEnvMatchesSchema(app, env);
  });

  if (overlay === 'dev') {
    it('creates each service database under the name its DATABASE_URL Secret comes from', () => {
      for (const [app, { database }] of Object.entries(APPS)) {
        if (!database) continue;
        const cluster = loaded.docs.find((d) => d.kind === 'Cluster' && d.metadata.name === `pg-${app}`);
        expect({ app, database: (cluster?.spec?.bootstrap as { initdb?: { database?: string } })?.initdb?.database }).toEqual({ app, database });
      }
    });

    it('runs the same NATS configuration as docker compose, and the repo realm in Keycloak', () => {
      expect(loaded.configMaps.get('nats-config')?.['nats.conf']).toBe(read('deploy/nats/nats.conf'));
      expect(loaded.configMaps.get('nats-config')?.['accounts.conf']).toBe(read('deploy/nats/accounts.conf'));
      const keycloak = loaded.docs.find((d) => d.kind === 'Deployment' && d.metadata.name === 'keycloak')!.spec!.template!.spec;
      const mount = keycloak.containers[0].volumeMounts?.find((m) => m.mountPath === '/opt/keycloak/data/import');
      expect(keycloak.volumes?.find((v) => v.name === mount?.name)?.configMap?.name).toBe('keycloak-realm');
      expect(read('k8s/overlays/dev/deps/kustomization.yaml')).toContain('--from-file=realm-pin.json=deploy/keycloak/realm-pin.json');
    });

    it('gives the gateway the issuer, client secret and redirect URL Keycloak knows', () => {
      const envOf = (name: string) => loaded.docs.find((d) => d.kind === 'Deployment' && d.metadata.name === name)!.spec!.template!.spec.containers[0].env ?? [];
      const entry = (name: string, key: string) => envOf(name).find((e) => e.name === key);
      const gatewayConfig = loaded.configMaps.get('gateway-config')!;
      expect(new URL(gatewayConfig.OIDC_ISSUER_URL).origin).toBe(new URL(entry('keycloak', 'KC_HOSTNAME')!.value!).origin);
      expect(entry('keycloak', 'PIN_GATEWAY_CLIENT_SECRET')?.valueFrom).toEqual(entry('gateway', 'OIDC_CLIENT_SECRET')?.valueFrom);
      expect(entry('keycloak', 'PIN_PUBLIC_URL')?.value).toBe(gatewayConfig.PUBLIC_URL);
    });
  }
});

// ---------------------------------------------------------------- rendered (needs kubectl)
function render(dir: string): K8sDoc[] {
  const out = execFileSync('kubectl', ['kustomize', join(ROOT, dir)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  return parseAllDocuments(out).map((d) => d.toJS() as K8sDoc);
}
const kubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
})();
if (!kubectl) console.warn('kubectl not found: the rendered-overlay checks of deploy.spec.ts are skipped');

describe.each(['k8s/base', 'k8s/overlays/dev', 'k8s/overlays/prod'])('%s rendered by kubectl kustomize', (dir) => {
  (kubectl ? it : it.skip).each(Object.keys(APPS))('gives %s exactly the variables of its schema', (app) => {
    const docs = render(dir);
    const configMaps = new Map(docs.filter((d) => d.kind === 'ConfigMap').map((d) => [d.metadata.name, d.data ?? {}]));
    const container = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === app)!.spec!.template!.spec.containers[0];
    const env = containerEnv(container, configMaps);
    expectEnvMatchesSchema(app, env);
    const heap = Number(/--max-old-space-size=(\d+)/.exec(env.NODE_OPTIONS ?? '')?.[1]);
    expect(heap / mebibytes(container.resources!.limits!.memory)).toBeCloseTo(0.75, 1);
  });
  (kubectl ? it : it.skip)('admits the ingress controller to the gateway only', () => {
    const docs = render(dir);
    const gatewayConfig = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name.startsWith('gateway-config'))!.data!;
    expect(ingressControllerRules(docs)).toEqual([gatewayRule(Number(gatewayConfig.HTTP_PORT))]);
  });
});
