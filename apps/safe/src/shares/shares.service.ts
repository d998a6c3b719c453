import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { parsePayload, PinError, SafeShareGrantedV1, SafeShareRevokedV1, shareSchema, type SafeShare } from '@pin/contracts';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import type { Actor } from '../access/safe-access.service';
import { SafeJournal } from '../journal/journal.service';

interface ShareRow {
  id: string; document_id: string | null; categorie: SafeShare['categorie']; structure_id: string; aidant_sub: string | null; jusqu_au: Date; revoked_at: Date | null;
}
const present = (r: ShareRow): SafeShare => ({
  id: r.id, documentId: r.document_id, categorie: r.categorie, structureId: r.structure_id, aidantSub: r.aidant_sub, jusquAu: r.jusqu_au.toISOString(), revoqueLe: r.revoked_at?.toISOString() ?? null,
});

/** The usager's consent: a document or a category shared with a structure (or one aidant of it) until a date; revocable. */
@Injectable()
export class SharesService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly journal: SafeJournal,
  ) {}

  async list(actor: Actor & { role: 'usager' }): Promise<SafeShare[]> {
    return ((await this.ds.query(`SELECT * FROM share WHERE usager_id = $1 ORDER BY created_at DESC`, [actor.usagerId])) as ShareRow[]).map(present);
  }

  async create(actor: Actor & { role: 'usager' }, body: unknown): Promise<SafeShare> {
    const input = parsePayload(shareSchema, body);
    if (new Date(input.jusquAu).getTime() <= Date.now()) throw new PinError('REQUEST.INVALID', 'La date de fin du partage doit être dans le futur.');
    if (input.documentId) {
      const [doc] = (await this.ds.query(`SELECT 1 FROM document WHERE id = $1 AND usager_id = $2 AND deleted_at IS NULL`, [input.documentId, actor.usagerId])) as unknown[];
      if (!doc) throw new PinError('DOCUMENT.NOT_FOUND', 'Document introuvable.');
    }
    const id = randomUUID();
    return this.outbox.run(async (m, events) => {
      const [row] = (await m.query(
        `INSERT INTO share (id, usager_id, document_id, categorie, structure_id, aidant_sub, jusqu_au) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [id, actor.usagerId, input.documentId ?? null, input.categorie ?? null, input.structureId, input.aidantSub ?? null, input.jusquAu],
      )) as ShareRow[];
      await this.journal.append({
        usagerId: actor.usagerId, action: 'partage.accorde', documentId: input.documentId ?? null, structureId: input.structureId, actorSub: actor.user.sub, actorRole: 'usager',
        data: { partage: id, categorie: input.categorie ?? null, jusquAu: input.jusquAu, aidantNomme: !!input.aidantSub },
      }, m);
      events.record(SafeShareGrantedV1, { subject: id, correlationId: RequestContext.correlationId(), data: { shareId: id, usagerId: actor.usagerId, structureId: input.structureId, documentId: input.documentId ?? null } });
      return present(row);
    });
  }

  async revoke(actor: Actor & { role: 'usager' }, id: string): Promise<SafeShare> {
    return this.outbox.run(async (m, events) => {
      const [row] = (await m.query(`SELECT * FROM share WHERE id = $1 AND usager_id = $2 FOR UPDATE`, [id, actor.usagerId])) as ShareRow[];
      if (!row) throw new PinError('PARTAGE.NOT_FOUND', 'Partage introuvable.');
      if (row.revoked_at) throw new PinError('PARTAGE.ALREADY_REVOKED', 'Ce partage est déjà retiré.');
      const [[updated]] = (await m.query(`UPDATE share SET revoked_at = now() WHERE id = $1 RETURNING *`, [id])) as [ShareRow[], number];
      await this.journal.append({ usagerId: actor.usagerId, action: 'partage.retire', documentId: row.document_id, structureId: row.structure_id, actorSub: actor.user.sub, actorRole: 'usager', data: { partage: id } }, m);
      events.record(SafeShareRevokedV1, { subject: id, correlationId: RequestContext.correlationId(), data: { shareId: id, usagerId: actor.usagerId, structureId: row.structure_id } });
      return present(updated);
    });
  }
}
