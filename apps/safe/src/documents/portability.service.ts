import { Injectable, Logger } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { PinError, SAFE_CATEGORIES, SafeDocumentDeletedV1, type SafeJournalLine } from '@pin/contracts';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { Inject } from '@nestjs/common';
import type { Actor } from '../access/safe-access.service';
import { SAFE_CONFIG, type SafeConfig } from '../config/config.schema';
import { journalLine } from '../journal/journal-text';
import { SafeJournal } from '../journal/journal.service';
import { OBJECT_STORAGE, type ObjectStorage } from '@pin/persistence/storage';
import { DocumentsService, type Ticket } from './documents.service';

const csvCell = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;

/** « Tout télécharger », the journal in plain French, and the closure of a safe. */
@Injectable()
export class PortabilityService {
  private readonly logger = new Logger('PortabilityService');

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly journal: SafeJournal,
    private readonly documents: DocumentsService,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(SAFE_CONFIG) private readonly config: SafeConfig,
  ) {}

  /** Names of the usager's documents (decrypted), for the journal's sentences. */
  private async names(usagerId: string): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const row of await this.documents.rows(usagerId)) {
      const meta = await this.documents.readMeta(row);
      if (meta) names.set(row.id, meta.nom);
    }
    return names;
  }

  async journalLines(usagerId: string): Promise<SafeJournalLine[]> {
    const names = await this.names(usagerId);
    return (await this.journal.list(usagerId)).map((r) => journalLine(r, names)).reverse();
  }

  /**
   * One streaming ZIP: each document under its category with its original name, `manifest.json`
   * (metadata and SHA-256 of each document, checked while it was read), the journal as JSON and CSV.
   */
  async exportZip(ticket: Ticket, out: Writable): Promise<void> {
    // archiver is loaded on the first export only (an idle safe stays smaller).
    const { ZipArchive } = await import('archiver');
    const zip = new ZipArchive({ zlib: { level: 1 } });
    zip.pipe(out);
    const used = new Set<string>();
    const manifest: Record<string, unknown>[] = [];
    for (const row of await this.documents.rows(ticket.usager_id)) {
      try {
        const { meta, body } = await this.documents.verifiedStream(row);
        let name = `documents/${row.categorie}/${meta.nom}`;
        for (let i = 2; used.has(name); i += 1) name = `documents/${row.categorie}/${meta.nom.replace(/(\.[a-z]+)$/, ` (${i})$1`)}`;
        used.add(name);
        zip.append(body, { name, date: row.created_at });
        await new Promise<void>((ok, fail) => {
          zip.once('entry', () => ok());
          zip.once('error', fail);
        });
        manifest.push({ id: row.id, fichier: name, nom: meta.nom, description: meta.description, categorie: row.categorie, categorieLibelle: SAFE_CATEGORIES[row.categorie], type: meta.type, taille: Number(row.taille), sha256: meta.sha256, delivreLe: row.delivre_le, expireLe: row.expire_le, deposeLe: row.created_at.toISOString(), deposePar: row.depose_par_role });
      } catch (err) {
        manifest.push({ id: row.id, categorie: row.categorie, erreur: err instanceof PinError ? err.code : 'DOCUMENT.INTEGRITY_FAILED' });
      }
    }
    await this.journal.append({ usagerId: ticket.usager_id, action: 'export', actorSub: ticket.actor_sub, actorRole: 'usager', data: { documents: manifest.length } });
    const lines = await this.journalLines(ticket.usager_id);
    const entries = (await this.journal.list(ticket.usager_id)).map((r) => ({ ...r, recordedAt: r.recordedAt.toISOString() }));
    zip.append(JSON.stringify({ generation: new Date().toISOString(), usagerId: ticket.usager_id, documents: manifest }, null, 2), { name: 'manifest.json' });
    zip.append(JSON.stringify({ lignes: lines, chaine: entries }, null, 2), { name: 'journal.json' });
    const csv = ['seq;date;action;texte;document;structure;hash', ...lines.map((l) => [l.seq, l.date, l.action, l.texte, l.documentId, l.structureId, entries.find((e) => e.seq === l.seq)?.hash].map(csvCell).join(';'))].join('\r\n');
    zip.append(`\uFEFF${csv}\r\n`, { name: 'journal.csv' });
    await zip.finalize();
  }

  async requestClosure(actor: Actor & { role: 'usager' }): Promise<{ destructionLe: string }> {
    const after = new Date(Date.now() + this.config.SAFE_CLOSURE_RECOVERY_DAYS * 86_400_000);
    return this.ds.transaction(async (m) => {
      const [existing] = (await m.query(`SELECT destroy_after FROM closure WHERE usager_id = $1`, [actor.usagerId])) as { destroy_after: Date }[];
      if (existing) return { destructionLe: existing.destroy_after.toISOString() };
      await m.query(`INSERT INTO closure (usager_id, requested_at, destroy_after) VALUES ($1, now(), $2)`, [actor.usagerId, after]);
      await this.journal.append({ usagerId: actor.usagerId, action: 'fermeture.demandee', actorSub: actor.user.sub, actorRole: 'usager', data: { destructionLe: after.toISOString() } }, m);
      return { destructionLe: after.toISOString() };
    });
  }

  async cancelClosure(actor: Actor & { role: 'usager' }): Promise<{ annulee: boolean }> {
    return this.ds.transaction(async (m) => {
      const [rows] = (await m.query(`DELETE FROM closure WHERE usager_id = $1 AND destroyed_at IS NULL RETURNING usager_id`, [actor.usagerId])) as [unknown[], number];
      if (rows.length === 0) throw new PinError('COFFRE.CLOSED', 'Aucune fermeture en attente, ou elle a déjà eu lieu.');
      await this.journal.append({ usagerId: actor.usagerId, action: 'fermeture.annulee', actorSub: actor.user.sub, actorRole: 'usager' }, m);
      return { annulee: true };
    });
  }

  /**
   * Closures whose recovery period is over: every data key destroyed, objects removed, shares revoked.
   * Each closure is one transaction that first marks it destroyed (row locked): a concurrent run skips it.
   * Returns how many closures this run performed.
   */
  async runDueClosures(): Promise<number> {
    const due = (await this.ds.query(`SELECT usager_id FROM closure WHERE destroyed_at IS NULL AND destroy_after <= now()`)) as { usager_id: string }[];
    let closed = 0;
    for (const { usager_id: usagerId } of due) {
      const keys = await this.outbox.run(async (m, events) => {
        const [marked] = (await m.query(`UPDATE closure SET destroyed_at = now() WHERE usager_id = $1 AND destroyed_at IS NULL AND destroy_after <= now() RETURNING usager_id`, [usagerId])) as [unknown[], number];
        if (marked.length === 0) return undefined;
        const [rows] = (await m.query(
          `UPDATE document SET wrapped_key = NULL, kek_version = NULL, meta = '\\x'::bytea, deleted_at = now() WHERE usager_id = $1 AND deleted_at IS NULL RETURNING id, object_key`,
          [usagerId],
        )) as [{ id: string; object_key: string }[], number];
        for (const r of rows) events.record(SafeDocumentDeletedV1, { subject: r.id, correlationId: RequestContext.correlationId(), data: { documentId: r.id, usagerId } });
        await m.query(`UPDATE share SET revoked_at = now() WHERE usager_id = $1 AND revoked_at IS NULL`, [usagerId]);
        await this.journal.append({ usagerId, action: 'fermeture.effectuee', actorRole: 'systeme', data: { documents: rows.length } }, m);
        return rows.map((r) => r.object_key);
      });
      if (!keys) continue;
      closed += 1;
      for (const k of keys) await this.storage.delete(k).catch((err) => this.logger.warn(`object not removed: ${(err as Error).message}`));
    }
    return closed;
  }
}
