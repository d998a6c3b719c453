import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ACTING_ROLES, PinError, SAFE_CATEGORY_DEMARCHE, type SafeCategory, type UserContext } from '@pin/contracts';
import { MandatesClient, MandatesUnavailable } from './mandates.client';

export const notFound = () => new PinError('DOCUMENT.NOT_FOUND', 'Document introuvable.');

export type Actor =
  | { role: 'usager'; user: UserContext; usagerId: string }
  | { role: 'aidant'; user: UserContext; usagerId: string; structureId: string };

/**
 * Who may open whose safe. The usager owns theirs (their account linked to their dossier by the
 * mandates' claim flow). An aidant acts for a usager only in one of their structures, under an
 * active mandate covering the démarche of the document's category: the projection of mandate
 * events refuses at once what was revoked or expired (even if mandates is down), and the
 * authorization check of mandates confirms the rest (habilitation included). Every refusal is a
 * 404: the safe never reveals whether a document exists.
 */
@Injectable()
export class SafeAccess {
  private readonly logger = new Logger('SafeAccess');

  constructor(
    private readonly ds: DataSource,
    private readonly mandates: MandatesClient,
  ) {}

  isUsager(user: UserContext | undefined): user is UserContext {
    return !!user && user.roles.includes('usager');
  }

  isAidant(user: UserContext | undefined): user is UserContext {
    return !!user && user.roles.some((r) => (ACTING_ROLES as readonly string[]).includes(r));
  }

  /** The usager id of the caller's own safe. */
  async ownerOf(user: UserContext | undefined): Promise<string> {
    if (!this.isUsager(user)) throw new PinError('AUTH.FORBIDDEN', 'Réservé à la personne titulaire du coffre-fort.');
    const [known] = (await this.ds.query(`SELECT usager_id FROM owner_account WHERE account_sub = $1`, [user.sub])) as { usager_id: string }[];
    if (known) return known.usager_id;
    let usagerId: string | undefined;
    try {
      usagerId = (await this.mandates.myMandats(user)).map((m) => m.usagerId)[0];
    } catch (err) {
      if (err instanceof MandatesUnavailable) throw new PinError('SERVICE.UNAVAILABLE', 'Le service est momentanément indisponible. Réessayez dans un instant.');
      throw err;
    }
    if (!usagerId) throw new PinError('COFFRE.ACCOUNT_NOT_LINKED', 'Reliez d’abord votre compte à votre dossier avec le code imprimé sur votre mandat.');
    await this.ds.query(`INSERT INTO owner_account (account_sub, usager_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [user.sub, usagerId]);
    return usagerId;
  }

  /** An aidant acting for `usagerId` from `structureId`, or a 404. */
  aidant(user: UserContext | undefined, structureId: string | undefined, usagerId: string): Actor & { role: 'aidant' } {
    if (!this.isAidant(user) || !structureId || !user.structures.includes(structureId)) throw notFound();
    return { role: 'aidant', user, usagerId, structureId };
  }

  /** May this aidant act for the usager on the démarche of `categorie`, now? */
  async mandateCovers(actor: Actor & { role: 'aidant' }, categorie: SafeCategory): Promise<boolean> {
    const demarche = SAFE_CATEGORY_DEMARCHE[categorie];
    const rows = (await this.ds.query(
      `SELECT (revoked_at IS NULL AND debut <= now() AND now() < fin) AS active FROM mandate_autorisation WHERE usager_id = $1 AND structure_id = $2 AND demarche = $3`,
      [actor.usagerId, actor.structureId, demarche],
    )) as { active: boolean }[];
    const projected = rows.some((r) => r.active);
    if (rows.length > 0 && !projected) return false;
    try {
      const d = await this.mandates.check({ aidantSub: actor.user.sub, aidantUsername: actor.user.username, structureId: actor.structureId, usagerId: actor.usagerId, demarche });
      return d.allowed;
    } catch (err) {
      if (!(err instanceof MandatesUnavailable)) throw err;
      this.logger.warn('mandates unavailable: the mandate projection decides');
      return projected;
    }
  }

  /** Active shares of the usager with this aidant (structure-wide or named). */
  async sharesFor(actor: Actor & { role: 'aidant' }): Promise<{ document_id: string | null; categorie: SafeCategory | null; jusqu_au: Date }[]> {
    return (await this.ds.query(
      `SELECT document_id, categorie, jusqu_au FROM share
        WHERE usager_id = $1 AND structure_id = $2 AND (aidant_sub IS NULL OR aidant_sub = $3) AND revoked_at IS NULL AND jusqu_au > now()`,
      [actor.usagerId, actor.structureId, actor.user.sub],
    )) as { document_id: string | null; categorie: SafeCategory | null; jusqu_au: Date }[];
  }

  /** May this aidant open this document: shared with them (document or category) and the mandate covers it. */
  async mayRead(actor: Actor & { role: 'aidant' }, doc: { id: string; categorie: SafeCategory }): Promise<boolean> {
    const shares = await this.sharesFor(actor);
    if (!shares.some((s) => s.document_id === doc.id || s.categorie === doc.categorie)) return false;
    return this.mandateCovers(actor, doc.categorie);
  }
}
