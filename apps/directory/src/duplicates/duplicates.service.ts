import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { doublonDecisionSchema, listDoublonsSchema, PinError, type UserContext, POLICIES, parsePayload } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { LieuWriter } from '../lieux/lieu-writer';

const notFound = () => new PinError('DOUBLON.NOT_FOUND', 'Proposition de doublon introuvable.');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const LIEU_JSON = (alias: string) =>
  `json_build_object('id', ${alias}.id, 'nom', ${alias}.nom, 'adresse', ${alias}.adresse, 'commune', ${alias}.commune,
    'code_postal', ${alias}.code_postal, 'code_insee', ${alias}.code_insee, 'source', ${alias}.source, 'source_id', ${alias}.source_id,
    'statut', ${alias}.statut, 'latitude', ST_Y(${alias}.location::geometry), 'longitude', ST_X(${alias}.location::geometry))`;

/**
 * Review of possible duplicates found by imports: never merged silently. « fusionner » closes the
 * lieu that was found to duplicate another (`lieu`) and keeps the other (`doublon_de`);
 * « distincts » records that both are real.
 */
@Injectable()
export class DuplicatesService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly writer: LieuWriter,
  ) {}

  async list(user: UserContext | undefined, input: unknown) {
    requirePolicy(user, POLICIES.duplicate.review);
    const q = parsePayload(listDoublonsSchema, input ?? {});
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT d.id, d.statut, d.similarite_nom, d.similarite_adresse, d.distance_m, d.import_id, d.created_at, d.decided_at, d.decide_par,
         ${LIEU_JSON('a')} AS lieu, ${LIEU_JSON('b')} AS doublon_de, count(*) OVER () AS total
       FROM lieu_doublon d JOIN lieu a ON a.id = d.lieu_id JOIN lieu b ON b.id = d.doublon_de
       WHERE d.statut = $1 ORDER BY d.created_at, d.id LIMIT $2 OFFSET $3`,
      [q.statut, q.pageSize, (q.page - 1) * q.pageSize],
    );
    const total = rows.length ? Number(rows[0].total) : (await this.count(q.statut));
    return {
      items: rows.map(({ total: _t, ...r }) => ({
        ...r,
        similarite_nom: Number(r.similarite_nom),
        similarite_adresse: Number(r.similarite_adresse),
        distance_m: r.distance_m === null ? null : Math.round(Number(r.distance_m)),
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  private async count(statut: string): Promise<number> {
    const [r] = (await this.ds.query(`SELECT count(*)::int AS n FROM lieu_doublon WHERE statut = $1`, [statut])) as { n: number }[];
    return r.n;
  }

  async decide(user: UserContext | undefined, id: unknown, body: unknown) {
    const u = requirePolicy(user, POLICIES.duplicate.review);
    if (typeof id !== 'string' || !UUID.test(id)) throw notFound();
    const { decision } = parsePayload(doublonDecisionSchema, body ?? {});
    return this.outbox.run(async (m, events) => {
      const [d] = (await m.query(`SELECT id, lieu_id, doublon_de, statut FROM lieu_doublon WHERE id = $1 FOR UPDATE`, [id])) as {
        id: string; lieu_id: string; doublon_de: string; statut: string;
      }[];
      if (!d) throw notFound();
      if (d.statut !== 'propose') throw new PinError('DOUBLON.ALREADY_DECIDED', 'Cette proposition a déjà été traitée.', { statut: d.statut });
      if (decision === 'fusionner') {
        await this.writer.close(m, events, d.lieu_id, { motif: 'doublon', correlationId: RequestContext.correlationId() });
      }
      const statut = decision === 'fusionner' ? 'fusionne' : 'distincts';
      await m.query(`UPDATE lieu_doublon SET statut = $2, decide_par = $3, decided_at = now() WHERE id = $1`, [id, statut, u.sub]);
      return { id, statut, lieu_ferme: decision === 'fusionner' ? d.lieu_id : null, lieu_garde: d.doublon_de };
    });
  }
}
