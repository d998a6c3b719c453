import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { parsePayload, SAFE_CATEGORY_DEMARCHE, sharedWithMeQuerySchema, type Page, type SafeCategory, type SafeSharedDocument } from '@pin/contracts';

interface SharedRow {
  id: string; usager_id: string; categorie: SafeCategory; delivre_le: string | null; expire_le: string | null; created_at: Date; jusqu_au: Date; nominatif: boolean; total: string;
}

const CATEGORIES = Object.keys(SAFE_CATEGORY_DEMARCHE) as SafeCategory[];
const DEMARCHES = CATEGORIES.map((c) => SAFE_CATEGORY_DEMARCHE[c]);

/**
 * « Partagés avec moi »: for an aidant acting from one structure, every document of every usager
 * shared with them (named) or with that structure, by a share in force, whose usager has an active
 * mandate covering the démarche of its category in the mandate projection (no mandate: not
 * listed). One SQL query, one page; nothing is decrypted (no name, no description: the usager's
 * page shows those and opens the documents with the full check) and, as for the per-usager
 * listing, nothing is journaled.
 */
@Injectable()
export class SharedWithMeService {
  constructor(private readonly ds: DataSource) {}

  async list(aidant: { sub: string; structureId: string }, query: unknown): Promise<Page<SafeSharedDocument>> {
    const { page, pageSize } = parsePayload(sharedWithMeQuerySchema, query ?? {});
    const rows = (await this.ds.query(
      `WITH shared AS (
         SELECT d.id, d.usager_id, d.categorie, to_char(d.delivre_le, 'YYYY-MM-DD') AS delivre_le, to_char(d.expire_le, 'YYYY-MM-DD') AS expire_le, d.created_at,
                max(s.jusqu_au) AS jusqu_au, bool_or(s.aidant_sub IS NOT NULL) AS nominatif
           FROM share s
           JOIN document d ON d.usager_id = s.usager_id AND d.deleted_at IS NULL AND (d.id = s.document_id OR d.categorie = s.categorie)
           JOIN unnest($3::text[], $4::text[]) AS c(categorie, demarche) ON c.categorie = d.categorie
          WHERE s.structure_id = $1 AND (s.aidant_sub IS NULL OR s.aidant_sub = $2) AND s.revoked_at IS NULL AND s.jusqu_au > now()
            AND EXISTS (SELECT 1 FROM mandate_autorisation m
                         WHERE m.usager_id = d.usager_id AND m.structure_id = $1 AND m.demarche = c.demarche
                           AND m.revoked_at IS NULL AND m.debut <= now() AND now() < m.fin)
          GROUP BY d.id
       )
       SELECT *, count(*) OVER () AS total FROM shared ORDER BY usager_id, categorie, created_at, id LIMIT $5 OFFSET $6`,
      [aidant.structureId, aidant.sub, CATEGORIES, DEMARCHES, pageSize, (page - 1) * pageSize],
    )) as SharedRow[];
    let total = rows.length > 0 ? Number(rows[0]!.total) : 0;
    if (rows.length === 0 && page > 1) total = await this.count(aidant);
    return {
      items: rows.map((r) => ({
        id: r.id, usagerId: r.usager_id, categorie: r.categorie, delivreLe: r.delivre_le, expireLe: r.expire_le, deposeLe: r.created_at.toISOString(),
        partageJusquAu: new Date(r.jusqu_au).toISOString(), nominatif: r.nominatif,
      })),
      page,
      pageSize,
      total,
    };
  }

  /** The total alone, for a page past the end. */
  private async count(aidant: { sub: string; structureId: string }): Promise<number> {
    const page = await this.list(aidant, { page: 1, pageSize: 1 });
    return page.total;
  }
}
