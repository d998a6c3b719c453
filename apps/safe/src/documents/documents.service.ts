import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import {
  PinError, SAFE_CATEGORIES, SafeDocumentDeletedV1, SafeDocumentDepositedV1, type Deposit, type SafeCategory, type SafeClosureState, type SafeDocument, type SafeSpace, type SafeUsage, type UserContext,
} from '@pin/contracts';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { notFound, SafeAccess, type Actor } from '../access/safe-access.service';
import { SAFE_CONFIG, type SafeConfig } from '../config/config.schema';
import { DocumentCrypto, integrityError, type DocumentContext } from '../crypto/document-crypto';
import { SafeJournal } from '../journal/journal.service';
import { OBJECT_STORAGE, type ObjectStorage } from '@pin/persistence/storage';
import { DOCUMENT_COLUMNS, type DocumentMeta, type DocumentRow } from './documents.repository';
import { imageError, sanitize, type Sanitized } from './sanitize';
import { PRIME_BYTES, verifyingStream } from './verified-stream';

export const DOCUMENT_CRYPTO = Symbol('DOCUMENT_CRYPTO');

export interface Ticket {
  kind: 'document' | 'export';
  usager_id: string;
  document_id: string | null;
  actor_sub: string;
  actor_role: 'usager' | 'aidant';
  structure_id: string | null;
}

export interface OpenDocument {
  row: DocumentRow;
  meta: DocumentMeta;
  /** Plaintext, decrypted once as it streams, checked against the SHA-256 recorded at deposit (verified-stream.ts). */
  body: Readable;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

function countingHash(): { stream: Transform; digest: () => { sha256: string; size: number } } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _e, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  return { stream, digest: () => ({ sha256: hash.digest('hex'), size }) };
}

/**
 * Deposit, listing, opening, deletion and key rotation of the safe's documents. A document's
 * content goes: HTTP body → size limit → type from magic bytes → metadata stripped → SHA-256 →
 * AWS Encryption SDK stream → storage; nothing is buffered but a PDF (20 MB at most).
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('DocumentsService');

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly journal: SafeJournal,
    private readonly access: SafeAccess,
    @Inject(DOCUMENT_CRYPTO) private readonly crypto: DocumentCrypto,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(SAFE_CONFIG) private readonly config: SafeConfig,
  ) {}

  private ctx(row: { usager_id: string; id: string }): DocumentContext {
    return { owner: row.usager_id, document: row.id };
  }

  async usage(usagerId: string): Promise<SafeUsage> {
    const [{ octets }] = (await this.ds.query(`SELECT COALESCE(sum(taille), 0)::bigint AS octets FROM document WHERE usager_id = $1 AND deleted_at IS NULL`, [usagerId])) as { octets: string }[];
    const used = Number(octets);
    return { octets: used, quota: this.config.SAFE_QUOTA_BYTES, alerte: used >= 0.9 * this.config.SAFE_QUOTA_BYTES };
  }

  /** The closure of the usager's safe: requested (cancellable until it is performed), performed, or none. */
  async closure(usagerId: string): Promise<SafeClosureState | null> {
    const [c] = (await this.ds.query(`SELECT requested_at, destroy_after, destroyed_at FROM closure WHERE usager_id = $1`, [usagerId])) as { requested_at: Date; destroy_after: Date; destroyed_at: Date | null }[];
    return c ? { demandeeLe: c.requested_at.toISOString(), destructionLe: c.destroy_after.toISOString(), effectueeLe: c.destroyed_at?.toISOString() ?? null } : null;
  }

  /** The usager's own view of their space: usage and quota, and the closure of their safe. */
  async space(usagerId: string): Promise<SafeSpace> {
    return { ...(await this.usage(usagerId)), fermeture: await this.closure(usagerId), delaiFermetureJours: this.config.SAFE_CLOSURE_RECOVERY_DAYS };
  }

  private async assertOpen(usagerId: string): Promise<void> {
    const [c] = (await this.ds.query(`SELECT destroyed_at FROM closure WHERE usager_id = $1`, [usagerId])) as Array<{ destroyed_at: Date | null }>;
    if (c?.destroyed_at) throw new PinError('COFFRE.CLOSED', 'Ce coffre-fort a été fermé : aucun dépôt n’est possible.');
    if (c) throw new PinError('COFFRE.CLOSED', 'Ce coffre-fort est en cours de fermeture : aucun dépôt n’est possible.');
  }

  /** Streams `body` into the safe of `actor.usagerId`. A failure at any step leaves no row, and removes the object. */
  async deposit(actor: Actor, input: Deposit, body: Readable): Promise<SafeDocument & { espace: SafeUsage }> {
    if (actor.role === 'aidant' && !(await this.access.mandateCovers(actor, input.categorie))) {
      await this.journal.append({ usagerId: actor.usagerId, action: 'acces.refuse', structureId: actor.structureId, actorSub: actor.user.sub, actorRole: 'aidant', data: { operation: 'depot', categorie: input.categorie } });
      throw new PinError('USAGER.NOT_FOUND', 'Usager introuvable ou sans mandat en cours couvrant cette démarche.');
    }
    await this.assertOpen(actor.usagerId);
    const before = await this.usage(actor.usagerId);
    if (before.octets >= before.quota) throw new PinError('COFFRE.QUOTA_EXCEEDED', 'Votre coffre-fort est plein : supprimez des documents pour en déposer de nouveaux.');

    const id = randomUUID();
    const objectKey = randomUUID();
    const ctx = { owner: actor.usagerId, document: id };
    const dek = this.crypto.newDataKey();
    let stored = false;
    let clean: Sanitized | undefined;
    try {
      clean = await sanitize(body);
      const measured = countingHash();
      // The SDK's encrypting stream is never destroyed: its inner pipeline has no callback and
      // rethrows a "premature close" as an uncaught exception. A failure anywhere (size limit,
      // unreadable image, client gone, storage) ends the storage's input instead, which fails the
      // write (the storage removes its partial write); the abandoned stages are collected.
      const encrypted = this.crypto.encryptStream(dek, ctx);
      const out = new PassThrough();
      const writing = this.storage.put(objectKey, out);
      const plain = clean.body;
      const fail = (err: Error) => {
        plain.destroy();
        out.destroy(err);
      };
      for (const s of [plain, measured.stream, encrypted]) s.on('error', fail);
      out.on('error', () => undefined);
      plain.pipe(measured.stream).pipe(encrypted).pipe(out);
      await writing;
      stored = true;
      const { sha256, size } = measured.digest();
      if (before.octets + size > before.quota) throw new PinError('COFFRE.QUOTA_EXCEEDED', 'Ce document dépasse l’espace restant de votre coffre-fort.');
      const meta: DocumentMeta = { nom: withExtension(input.nom, clean.extension), description: input.description ?? null, type: clean.mime, sha256 };
      const sealed = await this.crypto.seal(dek, ctx, meta);
      const { version, wrapped } = await this.crypto.wrap(dek, ctx);
      const structureId = actor.role === 'aidant' ? actor.structureId : null;
      await this.outbox.run(async (m, events) => {
        await m.query(
          `INSERT INTO document (id, usager_id, categorie, delivre_le, expire_le, taille, object_key, kek_version, wrapped_key, meta, depose_par_sub, depose_par_role, structure_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [id, actor.usagerId, input.categorie, input.delivreLe ?? null, input.expireLe ?? null, size, objectKey, version, wrapped, sealed, actor.user.sub, actor.role, structureId],
        );
        await this.journal.append({ usagerId: actor.usagerId, action: 'document.depose', documentId: id, structureId, actorSub: actor.user.sub, actorRole: actor.role, data: { categorie: input.categorie, taille: size } }, m);
        events.record(SafeDocumentDepositedV1, { subject: id, correlationId: RequestContext.correlationId(), data: { documentId: id, usagerId: actor.usagerId, structureId } });
      });
      const espace = await this.usage(actor.usagerId);
      return {
        id, usagerId: actor.usagerId, categorie: input.categorie, nom: meta.nom, description: meta.description, type: meta.type, taille: size, sha256,
        delivreLe: input.delivreLe ?? null, expireLe: input.expireLe ?? null, deposeLe: new Date().toISOString(), deposePar: actor.role, espace,
      };
    } catch (err) {
      body.resume();
      await this.storage.delete(objectKey).catch(() => undefined);
      if (!stored) this.logger.debug(`deposit ${id} abandoned: ${(err as Error).message}`);
      throw imageError(err) ?? err;
    } finally {
      // Stored (every chunk encrypted and written) or abandoned: what its rewriting holds is given back.
      clean?.release();
      dek.fill(0);
    }
  }

  private async present(row: DocumentRow): Promise<SafeDocument> {
    const meta = await this.readMeta(row);
    return {
      id: row.id, usagerId: row.usager_id, categorie: row.categorie, nom: meta?.nom ?? 'Document illisible', description: meta?.description ?? null,
      type: meta?.type ?? 'application/octet-stream', taille: Number(row.taille), sha256: meta?.sha256 ?? '', delivreLe: row.delivre_le, expireLe: row.expire_le,
      deposeLe: row.created_at.toISOString(), deposePar: row.depose_par_role,
    };
  }

  /** The decrypted metadata, or null when the key is gone or the record does not verify. */
  async readMeta(row: DocumentRow): Promise<DocumentMeta | null> {
    if (!row.wrapped_key || !row.kek_version) return null;
    try {
      const dek = await this.crypto.unwrap(row.kek_version, row.wrapped_key, this.ctx(row));
      try {
        return await this.crypto.open<DocumentMeta>(dek, this.ctx(row), row.meta);
      } finally {
        dek.fill(0);
      }
    } catch {
      return null;
    }
  }

  async rows(usagerId: string): Promise<DocumentRow[]> {
    return (await this.ds.query(`SELECT ${DOCUMENT_COLUMNS} FROM document WHERE usager_id = $1 AND deleted_at IS NULL ORDER BY categorie, created_at`, [usagerId])) as DocumentRow[];
  }

  async row(usagerId: string, id: string): Promise<DocumentRow> {
    const [row] = (await this.ds.query(`SELECT ${DOCUMENT_COLUMNS} FROM document WHERE usager_id = $1 AND id = $2 AND deleted_at IS NULL`, [usagerId, id])) as DocumentRow[];
    if (!row) throw notFound();
    return row;
  }

  async list(actor: Actor): Promise<SafeDocument[]> {
    const rows = await this.rows(actor.usagerId);
    if (actor.role === 'usager') return Promise.all(rows.map(async (r) => ({ ...(await this.present(r)), ...(r.expiry_reminded_at ? { aRenouveler: true } : {}) })));
    const shares = await this.access.sharesFor(actor);
    const covered = new Map<SafeCategory, boolean>();
    const visible: { row: DocumentRow; until: Date }[] = [];
    for (const r of rows) {
      const matching = shares.filter((s) => s.document_id === r.id || s.categorie === r.categorie);
      if (matching.length === 0) continue;
      if (!covered.has(r.categorie)) covered.set(r.categorie, await this.access.mandateCovers(actor, r.categorie));
      if (covered.get(r.categorie)) visible.push({ row: r, until: new Date(Math.max(...matching.map((s) => new Date(s.jusqu_au).getTime()))) });
    }
    // The aidant also sees until when the usager lets them open each document.
    return Promise.all(visible.map(async (v) => ({ ...(await this.present(v.row)), partageJusquAu: v.until.toISOString() })));
  }

  /** Deletion destroys the data key (crypto-shredding), then the object. */
  async delete(actor: Actor & { role: 'usager' }, id: string): Promise<{ supprime: true }> {
    const row = await this.row(actor.usagerId, id);
    await this.outbox.run(async (m, events) => {
      await m.query(`UPDATE document SET wrapped_key = NULL, kek_version = NULL, meta = '\\x'::bytea, deleted_at = now() WHERE id = $1`, [row.id]);
      await m.query(`UPDATE share SET revoked_at = now() WHERE document_id = $1 AND revoked_at IS NULL`, [row.id]);
      await this.journal.append({ usagerId: actor.usagerId, action: 'document.supprime', documentId: row.id, actorSub: actor.user.sub, actorRole: 'usager', data: { categorie: row.categorie } }, m);
      events.record(SafeDocumentDeletedV1, { subject: row.id, correlationId: RequestContext.correlationId(), data: { documentId: row.id, usagerId: actor.usagerId } });
    });
    await this.storage.delete(row.object_key).catch((err) => this.logger.warn(`object of deleted document not removed: ${(err as Error).message}`));
    return { supprime: true };
  }

  /** A single-use link, valid SAFE_LINK_TTL_SECONDS; the token is stored hashed only. */
  async link(actor: Actor, kind: 'document' | 'export', documentId: string | null): Promise<{ url: string; expireLe: string }> {
    if (documentId) {
      const row = await this.row(actor.usagerId, documentId);
      if (actor.role === 'aidant' && !(await this.access.mayRead(actor, row))) {
        await this.journal.append({ usagerId: actor.usagerId, action: 'acces.refuse', documentId: row.id, structureId: actor.structureId, actorSub: actor.user.sub, actorRole: 'aidant', data: { operation: 'lien' } });
        throw notFound();
      }
    }
    const token = randomBytes(32).toString('base64url');
    const expires = new Date(Date.now() + this.config.SAFE_LINK_TTL_SECONDS * 1000);
    await this.ds.query(
      `INSERT INTO download_ticket (token_hash, kind, usager_id, document_id, actor_sub, actor_role, structure_id, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [hashToken(token), kind, actor.usagerId, documentId, actor.user.sub, actor.role, actor.role === 'aidant' ? actor.structureId : null, expires],
    );
    return { url: `/api/v1/coffre/telechargements/${token}`, expireLe: expires.toISOString() };
  }

  /** Consumes a link (once, before it expires, by the person it was made for). */
  async consume(token: string, user: UserContext): Promise<Ticket> {
    const invalid = new PinError('COFFRE.LINK_INVALID', 'Ce lien de téléchargement n’est plus valide : demandez-en un nouveau.');
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw invalid;
    const [rows] = (await this.ds.query(
      `UPDATE download_ticket SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() AND actor_sub = $2
       RETURNING kind, usager_id, document_id, actor_sub, actor_role, structure_id`,
      [hashToken(token), user.sub],
    )) as [Ticket[], number];
    const ticket = rows[0];
    if (!ticket) throw invalid;
    return ticket;
  }

  /** Opens a document for a consumed ticket: the aidant's access re-checked at that moment, integrity verified, journaled. */
  async open(ticket: Ticket, user: UserContext): Promise<OpenDocument> {
    const row = await this.row(ticket.usager_id, ticket.document_id!);
    const journal = (action: 'document.consulte' | 'document.refuse' | 'acces.refuse', data: Record<string, string> = {}) =>
      this.journal.append({ usagerId: row.usager_id, action, documentId: row.id, structureId: ticket.structure_id, actorSub: ticket.actor_sub, actorRole: ticket.actor_role, data });
    if (ticket.actor_role === 'aidant') {
      const actor = { role: 'aidant' as const, usagerId: row.usager_id, structureId: ticket.structure_id!, user };
      if (!user.structures.includes(actor.structureId) || !(await this.access.mayRead(actor, row))) {
        await journal('acces.refuse', { operation: 'telechargement' });
        throw notFound();
      }
    }
    let opened: Awaited<ReturnType<DocumentsService['verifiedStream']>> | undefined;
    try {
      opened = await this.verifiedStream(row);
      const { meta, body, failure } = opened;
      await journal('document.consulte');
      // Past the first PRIME_BYTES, a refusal ends the answer: journaled too (a reader leaving is not one).
      void failure.then(async (err) => {
        if (!err || (err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
        await journal('document.refuse', { code: err instanceof PinError ? err.code : 'DOCUMENT.INTEGRITY_FAILED' });
      }).catch((err: unknown) => this.logger.warn(`refusal not journaled: ${(err as Error).message}`));
      return { row, meta, body };
    } catch (err) {
      // Opened but not journaled: nobody will read it, its file handle is released now.
      opened?.body.destroy();
      const code = err instanceof PinError ? err.code : 'DOCUMENT.INTEGRITY_FAILED';
      await journal('document.refuse', { code });
      throw err instanceof PinError ? err : integrityError();
    }
  }

  /**
   * Decrypts once, streaming: the frames are authenticated as they are decrypted and the
   * plaintext is checked against the SHA-256 and size recorded at deposit (verified-stream.ts).
   * Resolves once the first `PRIME_BYTES` (or the whole, verified, smaller document) are ready: a
   * wrong key version, a swapped object (header, commitment, context), and any alteration of a
   * document up to that size are refused before the first byte. Past it, an alteration fails the
   * stream and its reader (an aborted answer, never wrong bytes). `failure` resolves with the
   * error that ended the stream early, if any (a reader going away included), else null.
   */
  async verifiedStream(row: DocumentRow): Promise<{ meta: DocumentMeta; body: Readable; failure: Promise<Error | null> }> {
    if (!row.wrapped_key || !row.kek_version) throw notFound();
    const ctx = this.ctx(row);
    const dek = await this.crypto.unwrap(row.kek_version, row.wrapped_key, ctx);
    let meta: DocumentMeta;
    let source: Readable;
    try {
      meta = await this.crypto.open<DocumentMeta>(dek, ctx, row.meta);
      source = await this.storage.get(row.object_key);
    } catch (err) {
      dek.fill(0);
      throw err instanceof PinError ? err : integrityError();
    }
    let primed!: () => void;
    const ready = new Promise<void>((ok) => (primed = ok));
    const body = new PassThrough({ highWaterMark: PRIME_BYTES });
    const verify = verifyingStream({ sha256: meta.sha256, size: Number(row.taille) }, integrityError, () => primed());
    const failure = pipeline(source, this.crypto.decryptStream(dek, ctx), verify, body).then(
      () => null,
      (err: Error) => err,
    );
    void failure.finally(() => dek.fill(0));
    const early = await Promise.race([ready.then(() => null), failure]);
    if (early) throw early instanceof PinError ? early : integrityError();
    return { meta, body, failure };
  }

  /** Re-wraps every data key not under the current key-encryption key; content untouched. */
  async rotate(admin: { sub: string }): Promise<{ rewrapped: number; version: string }> {
    const version = this.crypto.currentVersion;
    let rewrapped = 0;
    for (;;) {
      const rows = (await this.ds.query(`SELECT ${DOCUMENT_COLUMNS} FROM document WHERE kek_version IS NOT NULL AND kek_version <> $1 LIMIT 100`, [version])) as DocumentRow[];
      if (rows.length === 0) break;
      const byUsager = new Map<string, number>();
      for (const row of rows) {
        const dek = await this.crypto.unwrap(row.kek_version!, row.wrapped_key!, this.ctx(row));
        const w = await this.crypto.wrap(dek, this.ctx(row), version);
        dek.fill(0);
        await this.ds.query(`UPDATE document SET kek_version = $2, wrapped_key = $3 WHERE id = $1 AND kek_version = $4`, [row.id, w.version, w.wrapped, row.kek_version]);
        byUsager.set(row.usager_id, (byUsager.get(row.usager_id) ?? 0) + 1);
        rewrapped += 1;
      }
      for (const [usagerId, n] of byUsager) {
        await this.journal.append({ usagerId, action: 'cle.rotation', actorSub: admin.sub, actorRole: 'admin', data: { version, documents: n } });
      }
    }
    return { rewrapped, version };
  }

  categoryLabel(c: SafeCategory): string {
    return SAFE_CATEGORIES[c];
  }
}

/** The stored type decides the extension (a HEIC photo is stored as JPEG). */
export function withExtension(name: string, ext: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const base = name.replace(/[\\/\u0000-\u001f]/g, '_').replace(/\.(pdf|jpe?g|png|heic|heif)$/i, '');
  return `${base || 'document'}.${ext}`;
}
