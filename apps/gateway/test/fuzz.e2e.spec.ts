// Property-based fuzzing of the whole HTTP API, generated from its own OpenAPI document: every
// path and method, random path parameters, query strings and bodies (hostile strings included),
// anonymous or with a token of each role. New routes are covered as soon as they are documented.
import fc from 'fast-check';
import { allows, API_ROUTES, type Role } from '@pin/contracts';
import { createTestDatabase } from '@pin/testing';
import { PlatformHarness } from './platform.harness';

jest.setTimeout(300_000);

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header'; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Percent-encodes what can be encoded; a lone surrogate is sent as raw bytes (still a hostile URL). */
const encode = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
};

/**
 * Values shaped by the documented schema most of the time (so that requests get past the first
 * validation and reach the service and its database with hostile strings), anything otherwise.
 */
function valueFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const alternatives = schema?.anyOf ?? schema?.oneOf;
  if (alternatives?.length && depth < 3) return fc.oneof(...alternatives.map((a) => valueFor(a, depth + 1)));
  const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
  let shaped: fc.Arbitrary<unknown> = text;
  if (schema?.enum?.length) shaped = fc.constantFrom(...schema.enum);
  else if (schema?.format === 'uuid') shaped = fc.uuid();
  else if (type === 'integer' || type === 'number') shaped = fc.integer({ min: -2, max: 60 });
  else if (type === 'boolean') shaped = fc.boolean();
  else if (type === 'array' && depth < 3) shaped = fc.array(valueFor(schema?.items, depth + 1), { maxLength: 3 });
  else if (type === 'object' && schema?.properties && depth < 3) shaped = fieldsOf(schema.properties, depth + 1);
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: type === 'string' || !type ? hostile : value });
}

/** One field, or several, of the documented ones, each with a generated value. */
function fieldsOf(properties: Record<string, JsonSchema>, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(properties);
  if (names.length === 0) return fc.constant({});
  const keys = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...names).map((k) => [k]) }, { weight: 1, arbitrary: fc.subarray(names, { minLength: 1 }) });
  return keys.chain((ks) => fc.tuple(...ks.map((k) => valueFor(properties[k], depth))).map((vs) => Object.fromEntries(ks.map((k, i) => [k, vs[i]]))));
}

/** What a generated value looks like in a URL. */
const asText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'));

const USERS = [undefined, 'usager', 'aidant', 'referent', 'animateur', 'admin', 'financeur'] as const;
/** Operations whose request is not JSON or that only redirect (login flow): fuzzed elsewhere. */
const SKIP = /^\/(auth\/|api\/v1\/imports$)/;
const RUNS_PER_OPERATION = 20;
/** A failure prints its seed: `FUZZ_SEED=<seed> npx jest apps/gateway/test/fuzz` replays the same inputs. */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const hostileConstant = fc.constantFrom('\u0000', 'a\u0000b', '\u001b[31m', 'é'.repeat(3_000), '../../etc/passwd', '%', '-1', '1e309', 'null', '[]', '{}', ' ', "'; DROP TABLE lieu; --", '\uFFFF', '\uD800');
/** Plausible text with a hostile fragment inside (NUL, escape codes, lone surrogates, huge, SQL…). */
const hostile = fc.tuple(fc.string({ maxLength: 8 }), hostileConstant, fc.string({ maxLength: 8 })).map((p) => p.join(''));
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), hostile, hostileConstant);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 3 }));

describe('fuzzing every documented route (fast-check, from /api/docs/openapi.json)', () => {
  const h = new PlatformHarness();
  // Every declared route needs its service: labelling, the mailbox service (and its Dovecot) and the safe too.
  h.withLabelling = true;
  h.withMailbox = true;
  beforeAll(async () => {
    h.safeDb = await createTestDatabase('gw_safe');
    await h.start({ RATE_LIMIT_MAX: '100000', RATE_LIMIT_NAMESPACE: `pin:test-fuzz:${Date.now()}:`, REPORT_RATE_LIMIT_MAX: '100000' }, {}, { safeDatabaseUrl: h.safeDb.url });
  });
  afterAll(() => h.stop());

  it('no input gives a 5xx, every error has the envelope, and no role writes what its policy forbids', async () => {
    const doc = (await h.call('GET', '/api/docs/openapi.json')).json as { paths: Record<string, Record<string, Operation>> };
    const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
    );
    expect(operations.length).toBeGreaterThan(45);
    let requests = 0;
    for (const op of operations.filter((o) => !SKIP.test(o.path))) {
      const route = Object.entries(API_ROUTES).find(([key]) => op.operationId.endsWith(`_${key}`))?.[1];
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
      const queryParams = Object.fromEntries((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}]));
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const request = fc.record({
        user: fc.constantFrom(...USERS),
        params: fc.tuple(...pathParams.map((p) => valueFor(p.schema))),
        // Mostly the documented names (strict schemas refuse others early), sometimes any name.
        query: fc.oneof(
          { weight: 4, arbitrary: fieldsOf(queryParams) },
          { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), text, { maxKeys: 3 }) },
        ),
        body: fc.oneof(
          { weight: 4, arbitrary: bodySchema ? valueFor(bodySchema) : fc.constant({}) },
          { weight: 1, arbitrary: value },
        ),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ user, params, query, body }) => {
          let i = 0;
          const path = op.path.replace(/\{[^}]+\}/g, () => encode(asText(params[i++] ?? 'x')) || 'x');
          const qs = Object.entries(query).map(([k, v]) => `${encode(k)}=${encode(asText(v))}`).join('&');
          const r = await h.call(op.method, `${path}${qs ? `?${qs}` : ''}`, { user, ...(op.method === 'GET' ? {} : { body }) });
          requests += 1;
          const label = `${op.method} ${op.path} as ${user ?? 'anonymous'} → ${r.status}`;
          // Thrown, so that fast-check shrinks the input and prints a reproducible seed.
          if (r.status >= 500) throw new Error(`${label} ${r.text.slice(0, 200)}`);
          if (r.status >= 400 && (typeof r.json?.code !== 'string' || typeof r.json?.message !== 'string')) throw new Error(`${label} without the error envelope: ${r.text.slice(0, 200)}`);
          if (r.status < 300 && op.method !== 'GET' && route && !allows(user ? { roles: [user as Role] } : undefined, route.policy)) throw new Error(`${label}: a write its policy forbids`);
        }),
        { numRuns: RUNS_PER_OPERATION, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    }
    expect(requests).toBeGreaterThan(900);
  });
});
