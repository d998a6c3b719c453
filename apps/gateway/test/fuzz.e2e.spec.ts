// Property-based fuzzing of the whole HTTP API, generated from its own OpenAPI document: every
// path and method, random path parameters, query strings and bodies (hostile strings included),
// anonymous or with a token of each role. New routes are covered as soon as they are documented;
// the upload routes (multipart) also get hostile multipart bodies, broken ones included.
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

  it('hostile multipart bodies on every upload route: no 5xx, the error envelope, nothing accepted from an anonymous caller', async () => {
    const doc = (await h.call('GET', '/api/docs/openapi.json')).json as { paths: Record<string, Record<string, Operation>> };
    const uploads = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).filter(([, op]) => op.requestBody?.content?.['multipart/form-data']).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
    );
    // The safe's two deposits and the labelling dossier's pieces, at least.
    expect(uploads.length).toBeGreaterThanOrEqual(3);
    let requests = 0;
    for (const op of uploads) {
      const documented = Object.keys(op.requestBody?.content?.['multipart/form-data']?.schema?.properties ?? {});
      const names = [...new Set([...documented, 'categorie', 'nom', 'description', 'delivreLe', 'expireLe', 'file'])];
      const part = fc.record({
        name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: hostile }),
        file: fc.boolean(),
        filename: fc.oneof(fc.constantFrom('carte.pdf', 'photo.jpg', '../../etc/passwd', 'a\u0000b.png', 'é'.repeat(300)), hostile),
        type: fc.constantFrom('application/pdf', 'image/jpeg', 'image/png', 'text/html', 'application/octet-stream', ''),
        bytes: fc.oneof(
          fc.uint8Array({ maxLength: 2_048 }),
          fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.concat([Buffer.from('%PDF-1.7\n'), b])),
          fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), b])),
          fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), b])),
          text.map((t) => Buffer.from(t)),
        ),
      });
      const request = fc.record({
        user: fc.constantFrom(...USERS),
        params: fc.array(fc.oneof(fc.uuid(), text), { minLength: 3, maxLength: 3 }),
        parts: fc.array(part, { maxLength: 5 }),
        // How the body is broken, if it is: no closing boundary, another boundary in the header, none at all, truncated.
        damage: fc.constantFrom('none', 'none', 'none', 'unterminated', 'wrong-boundary', 'no-boundary', 'truncated', 'not-multipart'),
      });
      // Each way of breaking a body is tried at least once by each role that may upload somewhere.
      const examples = (['usager', 'aidant', 'referent', 'animateur'] as const).flatMap((user) =>
        (['unterminated', 'wrong-boundary', 'no-boundary', 'truncated'] as const).map((damage) => [{
          user,
          params: ['0a1b2c3d-0000-4000-8000-000000000001', '0a1b2c3d-0000-4000-8000-000000000002', '0a1b2c3d-0000-4000-8000-000000000003'],
          parts: [
            { name: 'categorie', file: false, filename: '', type: '', bytes: new Uint8Array(Buffer.from('identite')) },
            { name: 'file', file: true, filename: 'carte.pdf', type: 'application/pdf', bytes: new Uint8Array(Buffer.from('%PDF-1.7\n%%EOF\n')) },
          ],
          damage,
        }] as [{ user: (typeof USERS)[number]; params: string[]; parts: Array<{ name: string; file: boolean; filename: string; type: string; bytes: Uint8Array }>; damage: string }]),
      );
      await fc.assert(
        fc.asyncProperty(request, async ({ user, params, parts, damage }) => {
          let i = 0;
          const path = op.path.replace(/\{[^}]+\}/g, () => encode(asText(params[i++] ?? 'x')) || 'x');
          const boundary = `----pinfuzz${requests}`;
          const chunks = parts.flatMap((p) => [
            Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.file ? `; filename="${p.filename}"` : ''}\r\n${p.file && p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`),
            p.file ? Buffer.from(p.bytes) : Buffer.from(p.bytes.toString()),
            Buffer.from('\r\n'),
          ]);
          let body = Buffer.concat([...chunks, Buffer.from(damage === 'unterminated' ? '' : `--${boundary}--\r\n`)]);
          if (damage === 'truncated') body = body.subarray(0, Math.floor(body.length / 2));
          const contentType = { 'wrong-boundary': 'multipart/form-data; boundary=autre', 'no-boundary': 'multipart/form-data', 'not-multipart': 'application/json' }[damage as string] ?? `multipart/form-data; boundary=${boundary}`;
          const headers: Record<string, string> = { 'content-type': contentType };
          if (user) headers.authorization = `Bearer ${await h.token(user)}`;
          const sent = `${op.method} ${op.path} as ${user ?? 'anonymous'} (${damage}, ${parts.length} parts)`;
          // A request left without an answer is a failure too (a parser waiting for bytes that never come).
          const res = await fetch(h.url(path), { method: op.method, headers, body, signal: AbortSignal.timeout(20_000) }).catch((err: Error) => {
            throw new Error(`${sent}: no answer (${err.message})`);
          });
          const text = await res.text();
          requests += 1;
          const label = `${sent} → ${res.status}`;
          let json: { code?: unknown; message?: unknown } | undefined;
          try {
            json = JSON.parse(text) as typeof json;
          } catch {
            json = undefined;
          }
          if (res.status >= 500) throw new Error(`${label} ${text.slice(0, 200)}`);
          if (res.status >= 400 && (typeof json?.code !== 'string' || typeof json?.message !== 'string')) throw new Error(`${label} without the error envelope: ${text.slice(0, 200)}`);
          if (res.status < 300 && !user) throw new Error(`${label}: an anonymous upload accepted`);
        }),
        { numRuns: RUNS_PER_OPERATION, examples, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    }
    expect(requests).toBeGreaterThanOrEqual(60);
  });
});
