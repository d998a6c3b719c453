// Test setup and data of the safe's gateway specs (API and browser): the platform with a fresh
// safe database and a usager whose account is linked by the claim flow, documents to deposit, and
// the multipart upload through the gateway.
import { randomUUID } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createTestDatabase } from '@pin/testing';
import type { StartPlatform } from './browser-platform';
import { DURAND, type MandatesHarness } from './mandates.harness';

/** A one-page PDF whose text is `text` (pdf-lib). */
export async function pdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText(text, { x: 50, y: 700, size: 12, font });
  return Buffer.from(await doc.save());
}

/** A multipart POST of `fields` and `file` (as `fichier`, named after `fields.nom`) as `user`. */
export async function upload(h: MandatesHarness, path: string, user: string | undefined, fields: Record<string, string>, file: Buffer, headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('fichier', new Blob([new Uint8Array(file)], { type: 'application/pdf' }), fields['nom'] ?? 'document.pdf');
  const auth: Record<string, string> = user ? { authorization: `Bearer ${await h.token(user)}` } : {};
  const res = await fetch(h.url(path), { method: 'POST', body: form, headers: { ...auth, ...headers } });
  return { status: res.status, json: await res.json().catch(() => undefined) };
}

export interface ClaimedUsager {
  usagerId: string;
  /** The mandate as the API returns it. */
  mandate: any;
  /** The answer to the usager's claim. */
  claim: Awaited<ReturnType<MandatesHarness['call']>>;
}

/**
 * Starts the platform (`start`, with a fresh safe database and `safeEnv`), habilitates the aidants,
 * creates the usager DURAND named `nom` with a 31-day mandate for `demarches` with the aidant's
 * structure, and links the demo `usager` account to her by her claim code.
 */
export async function startWithClaimedUsager(
  h: MandatesHarness,
  start: StartPlatform,
  o: { nom?: string; demarches: string[]; safeEnv?: Record<string, string> },
): Promise<ClaimedUsager> {
  h.safeDb = await createTestDatabase('gw_safe');
  await start({}, {}, { safeDatabaseUrl: h.safeDb.url, ...(o.safeEnv ? { safeEnv: o.safeEnv } : {}) });
  await h.habilitateAidants();
  const usagerId = await h.createUsager({ ...DURAND, nom: o.nom ?? `Coffre-${randomUUID().slice(0, 6)}` });
  const mandate = await h.createMandate(usagerId, o.demarches, 31);
  const code = await h.call('POST', `/api/v1/usagers/${usagerId}/code-reclamation`, { user: 'aidant', body: {} });
  const claim = await h.call('POST', '/api/v1/moi/reclamation', { user: 'usager', body: { code: code.json.codeReclamation } });
  return { usagerId, mandate, claim };
}
