/**
 * Safe benchmark (`npm run bench:safe`): documents uploaded and downloaded through the gateway
 * and the safe (multipart → internal file port → sanitize → AWS Encryption SDK → filesystem
 * storage, and back), next to raw encryption + decryption of the same bytes with the same library
 * and keys in this process, same run; peak RSS of the gateway and the safe (VmHWM); then
 * concurrent 1 MB uploads (documents/s, p99).
 * Settings: BENCH_SAFE_TOTAL_MB (default 1024: the 1 GiB of the issue, in files of at most 20 MB,
 * the safe's limit), BENCH_SAFE_FILE_MB (default 16), BENCH_SAFE_CONCURRENT (default 200),
 * BENCH_SAFE_CONCURRENCY (default 32 in flight), BENCH_SAFE_NODE_OPTIONS (the gateway's and the safe's,
 * default `--max-semi-space-size=2` as in production), BENCH_SAFE_V8_FLAGS (theirs and this process's,
 * default STREAMING_V8_FLAGS as in production; empty: V8's defaults). The apps run as the image runs
 * them (no source maps). Prints figures, asserts nothing.
 * The usager's account is linked to a dossier by one row in the safe's database (the claim flow
 * of mandates is not what is measured).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable, Writable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { PDFDocument } from 'pdf-lib';
import { setFlagsFromString } from 'node:v8';
import { createTestDatabase, fetchUserTokens, startPlatform, STREAMING_V8_FLAGS, TestNatsServer } from '@pin/testing';
import {
  AlgorithmSuiteIdentifier, buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { Cleanup, envInt, fmt, pct, percentile, printTable, recordResult } from './bench-util';

const MB = 1024 * 1024;
const RATIO_TARGET = 0.6;
const RSS_TARGET_MB = 150;

/** A valid PDF of about `bytes` (one page, an attached file of random bytes: nothing compresses). */
async function pdfOf(bytes: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  await doc.attach(randomBytes(bytes), 'donnees.bin', { mimeType: 'application/octet-stream' });
  return Buffer.from(await doc.save());
}

/** A memory figure of a process from /proc/<pid>/status, MB: `VmHWM` its peak resident set, `VmRSS` the current one. */
function statusMb(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number {
  if (!pid) return NaN;
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
const peakRss = (pid: number | undefined) => statusMb(pid, 'VmHWM');
const rssNow = (pid: number | undefined) => statusMb(pid, 'VmRSS');

/**
 * The raw ceiling: the same library, suite and frame size as the safe (AWS Encryption SDK,
 * committing AES-256-GCM, 64 KiB frames, a raw AES keyring per document), encrypting then
 * decrypting the same bytes in memory. A benchmark may not import an app's code: the settings
 * are repeated here (apps/safe/src/crypto/document-crypto.ts).
 */
async function rawBaseline(files: Buffer[]): Promise<number> {
  const client = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const suiteId = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;
  const started = process.hrtime.bigint();
  let total = 0;
  for (const f of files) {
    const document = randomUUID();
    const keyring = new RawAesKeyringNode({
      keyNamespace: 'pin-safe-document', keyName: document, unencryptedMasterKey: new Uint8Array(randomBytes(32)),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
    const encryptionContext = { owner: randomUUID(), document, purpose: 'content' };
    const chunks: Buffer[] = [];
    await pipeline(Readable.from([f]), client.encryptStream(keyring, { encryptionContext, suiteId, frameLength: 64 * 1024 }) as unknown as Duplex, new Writable({ write: (c: Buffer, _e, cb) => { chunks.push(c); cb(); } }));
    await pipeline(Readable.from(chunks), client.decryptUnsignedMessageStream(keyring) as unknown as Duplex, new Writable({ write: (_c, _e, cb) => cb() }));
    total += f.length;
  }
  return total / MB / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function main(): Promise<void> {
  const totalMb = envInt('BENCH_SAFE_TOTAL_MB', 1024);
  const fileMb = Math.min(envInt('BENCH_SAFE_FILE_MB', 16), 19);
  const concurrentDocs = envInt('BENCH_SAFE_CONCURRENT', 200);
  const inFlight = envInt('BENCH_SAFE_CONCURRENCY', 32);
  // NODE_OPTIONS of the gateway and the safe only: as in production (k8s/base, `npm start`) unless
  // BENCH_SAFE_NODE_OPTIONS says otherwise (an empty value: V8's defaults).
  const v8Flags = process.env['BENCH_SAFE_V8_FLAGS'] ?? STREAMING_V8_FLAGS;
  const nodeOptions = { NODE_OPTIONS: process.env['BENCH_SAFE_NODE_OPTIONS'] ?? '--max-semi-space-size=2', NODE_V8_FLAGS: v8Flags };
  // This process's HTTP client stands in for the browsers: without the flag its own collections of
  // the downloaded chunks (Node 24, see STREAMING_V8_FLAGS) slow the downloads it measures. Set
  // before the first download; the raw baseline below runs with it too.
  if (v8Flags) setFlagsFromString(v8Flags);
  const cleanup = new Cleanup();
  const keks = `v1:${randomBytes(32).toString('base64')}`;
  try {
    const nats = await TestNatsServer.start();
    cleanup.add('nats-server', () => nats.stop());
    const dbs = {
      directory: await createTestDatabase('bench_safe_directory', ['postgis']),
      mandates: await createTestDatabase('bench_safe_mandates'),
      training: await createTestDatabase('bench_safe_training'),
      safe: await createTestDatabase('bench_safe_safe'),
    };
    for (const [name, db] of Object.entries(dbs)) cleanup.add(`${name} database`, () => db.drop());
    console.log('[bench:safe] starting dev-idp, directory, mandates, training, safe and gateway...');
    const platform = await startPlatform({
      directoryDatabaseUrl: dbs.directory.url, mandatesDatabaseUrl: dbs.mandates.url, trainingDatabaseUrl: dbs.training.url, safeDatabaseUrl: dbs.safe.url,
      natsUrl: nats.url, seedDemoData: false, sourceMaps: false,
      gatewayEnv: { RATE_LIMIT_MAX: '10000000', LOG_LEVEL: 'warn', ...nodeOptions },
      safeEnv: { SAFE_KEKS: keks, SAFE_QUOTA_BYTES: String(1024 * 1024 * MB), LOG_LEVEL: 'warn', ...nodeOptions },
    });
    cleanup.add('platform', () => platform.stop());
    const { access_token: token } = await fetchUserTokens(platform.issuer, 'usager', { redirectUri: `${platform.gatewayUrl}/auth/callback` });
    const sub = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')).sub as string;
    const pg = new Client({ connectionString: dbs.safe.url });
    await pg.connect();
    await pg.query('INSERT INTO owner_account (account_sub, usager_id) VALUES ($1, $2)', [sub, randomUUID()]);
    await pg.end();
    const auth = { authorization: `Bearer ${token}` };
    console.log(`[bench:safe] RSS at rest (started, one login): gateway ${fmt(rssNow(platform.apps.gateway.child.pid), 0)} MB, safe ${fmt(rssNow(platform.apps.safe.child.pid), 0)} MB`);

    const count = Math.max(1, Math.round(totalMb / fileMb));
    const file = await pdfOf(fileMb * MB);
    console.log(`[bench:safe] ${count} uploads of a ${fmt(file.length / MB, 1)} MB PDF (${fmt((count * file.length) / MB)} MB), then their downloads`);
    const upload = async (body: Buffer, name: string) => {
      const form = new FormData();
      form.append('categorie', 'autre');
      form.append('fichier', new Blob([new Uint8Array(body)], { type: 'application/pdf' }), name);
      const res = await fetch(`${platform.gatewayUrl}/api/v1/moi/coffre/documents`, { method: 'POST', body: form, headers: auth });
      const json = (await res.json()) as { id: string; taille: number };
      if (res.status !== 201) throw new Error(`upload: HTTP ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const ids: { id: string; taille: number }[] = [];
    let started = process.hrtime.bigint();
    for (let i = 0; i < count; i += 1) ids.push(await upload(file, `document-${i}.pdf`));
    const uploadMbs = (count * file.length) / MB / (Number(process.hrtime.bigint() - started) / 1e9);
    const peaks = () => `gateway ${fmt(peakRss(platform.apps.gateway.child.pid), 0)} MB, safe ${fmt(peakRss(platform.apps.safe.child.pid), 0)} MB`;
    console.log(`[bench:safe] peak RSS after the uploads: ${peaks()}`);

    started = process.hrtime.bigint();
    let downloaded = 0;
    for (const { id } of ids) {
      const link = (await (await fetch(`${platform.gatewayUrl}/api/v1/moi/coffre/documents/${id}/lien`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' })).json()) as { url: string };
      const res = await fetch(`${platform.gatewayUrl}${link.url}`, { headers: auth });
      if (res.status !== 200 || !res.body) throw new Error(`download: HTTP ${res.status}`);
      for await (const chunk of Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>)) downloaded += (chunk as Buffer).length;
    }
    const downloadMbs = downloaded / MB / (Number(process.hrtime.bigint() - started) / 1e9);
    console.log(`[bench:safe] peak RSS after the downloads: ${peaks()}`);

    console.log('[bench:safe] raw encrypt + decrypt of the same bytes in this process (same library, same suite, same frames)...');
    // What the platform does per file: one encryption at upload, one decryption at download (checked as it streams).
    const raw = await rawBaseline(Array.from({ length: count }, () => file));

    console.log(`[bench:safe] ${concurrentDocs} uploads of 1 MB, ${inFlight} in flight...`);
    const small = await pdfOf(MB - 2048);
    const latencies: number[] = [];
    started = process.hrtime.bigint();
    let next = 0;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next < concurrentDocs) {
        next += 1;
        const t = process.hrtime.bigint();
        await upload(small, `petit-${next}.pdf`);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }));
    const docsPerSecond = concurrentDocs / (Number(process.hrtime.bigint() - started) / 1e9);

    const rss = { gateway: peakRss(platform.apps.gateway.child.pid), safe: peakRss(platform.apps.safe.child.pid) };
    printTable(`Safe through the gateway vs raw AWS Encryption SDK (${count} × ${fmt(file.length / MB, 1)} MB)`, [
      ['figure', 'value', 'raw baseline', 'ratio', 'target'],
      ['upload MB/s (sanitize + SHA-256 + encrypt + store)', fmt(uploadMbs, 1), fmt(raw, 1), pct(uploadMbs / raw), `>= ${pct(RATIO_TARGET)}`],
      ['download MB/s (verify + decrypt + stream)', fmt(downloadMbs, 1), fmt(raw, 1), pct(downloadMbs / raw), `>= ${pct(RATIO_TARGET)}`],
      ['peak RSS gateway MB', fmt(rss.gateway, 0), '-', '-', `< ${RSS_TARGET_MB}`],
      ['peak RSS safe MB', fmt(rss.safe, 0), '-', '-', `< ${RSS_TARGET_MB}`],
      [`${concurrentDocs} × 1 MB uploads: documents/s`, fmt(docsPerSecond, 1), '-', '-', '-'],
      ['1 MB upload latency p50 / p99 ms', `${fmt(percentile(latencies, 50))} / ${fmt(percentile(latencies, 99))}`, '-', '-', '-'],
    ]);
    const ratio = `>= ${pct(RATIO_TARGET)}`;
    recordResult('safe', [
      { name: 'upload MB/s', value: uploadMbs, unit: 'MB/s', baseline: raw, ratio: uploadMbs / raw, target: ratio, met: uploadMbs / raw >= RATIO_TARGET },
      { name: 'download MB/s', value: downloadMbs, unit: 'MB/s', baseline: raw, ratio: downloadMbs / raw, target: ratio, met: downloadMbs / raw >= RATIO_TARGET },
      { name: 'peak RSS gateway', value: rss.gateway, unit: 'MB', target: `< ${RSS_TARGET_MB}`, met: rss.gateway < RSS_TARGET_MB },
      { name: 'peak RSS safe', value: rss.safe, unit: 'MB', target: `< ${RSS_TARGET_MB}`, met: rss.safe < RSS_TARGET_MB },
      { name: 'documents/s (1 MB)', value: docsPerSecond, unit: '/s', target: '-', met: true },
      { name: 'p99 1 MB upload', value: percentile(latencies, 99), unit: 'ms', target: '-', met: true },
    ]);
  } finally {
    await cleanup.runAll();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
