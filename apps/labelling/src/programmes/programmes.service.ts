import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import { DEMARCHES, invalidFields, sanitizedOrThrow, PinError, POLICIES, programmeCreateSchema, programmeIdParamsSchema, programmeUpdateSchema, parsePayload, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { Journal } from '../journal/journal';
import { planRules } from './programme-rules';
import { ProgrammeRepository } from './programme.repository';

/** A programme body, or 400 PROGRAMME.INVALID with the fields in French. */
function parseProgramme<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(sanitizedOrThrow(value ?? {}));
  if (r.success) return r.data;
  throw new PinError('PROGRAMME.INVALID', 'Le programme contient des champs invalides.', invalidFields(r.error));
}

/**
 * The label programmes: public reading, and the editor of the territorial programmes (animateurs).
 * Every accepted change makes a new version (snapshot of the rules), journaled; dossiers keep the
 * version they were opened on.
 */
@Injectable()
export class ProgrammesService {
  constructor(
    private readonly ds: DataSource,
    private readonly programmes: ProgrammeRepository,
    private readonly outbox: Outbox,
    private readonly journal: Journal,
  ) {}

  async list() {
    const rows = await this.programmes.list(this.ds.manager);
    return {
      items: await Promise.all(rows.map((p) => this.programmes.full(this.ds.manager, p.id))),
      /** The démarches of the référentiel d'activités a criterion may point to (for the editor). */
      demarches: Object.entries(DEMARCHES).map(([id, libelle]) => ({ id, libelle })),
    };
  }

  async get(rpc: RpcEnvelope) {
    const { id } = parsePayload(programmeIdParamsSchema, rpc.params);
    return this.programmes.full(this.ds.manager, id);
  }

  async create(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.manage);
    const body = parseProgramme(programmeCreateSchema, rpc.body);
    const plan = planRules(body, { niveaux: [], criteres: [] });
    return this.outbox.run(async (m) => {
      const inserted = (await m.query(
        `INSERT INTO programme (id, nature, titre, description, validite_mois, version) VALUES ($1, 'territorial', $2, $3, $4, 1) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [body.id, body.titre, body.description, body.validiteMois],
      )) as unknown[];
      if (inserted.length === 0) throw new PinError('PROGRAMME.ALREADY_EXISTS', `Un programme porte déjà l’identifiant « ${body.id} ».`, [{ path: 'id', message: 'Identifiant déjà pris.' }]);
      await this.writeRules(m, body.id, plan);
      await this.programmes.saveSnapshot(m, body.id, 1, u.sub);
      await this.journal.append(m, [{
        action: 'programme.cree', subjectId: body.id, actorSub: u.sub,
        data: { version: 1, validiteMois: body.validiteMois, niveaux: plan.niveaux.map((n) => n.id), criteres: plan.criteres.map((c) => c.id) },
      }]);
      return this.programmes.full(m, body.id);
    });
  }

  async update(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.manage);
    const { id } = parsePayload(programmeIdParamsSchema, rpc.params);
    const body = parseProgramme(programmeUpdateSchema, rpc.body);
    return this.outbox.run(async (m) => {
      const p = await this.programmes.get(m, id, true);
      if (p.nature !== 'territorial') throw new PinError('PROGRAMME.NOT_TERRITORIAL', 'Un label national est suivi comme un fait : ses règles ne se modifient pas ici.');
      if (body.version !== p.version) {
        throw new PinError('PROGRAMME.VERSION_CONFLICT', `Le programme a été modifié entre-temps (version ${p.version}) : rechargez-le avant d’enregistrer.`);
      }
      const before = await this.programmes.allCriteres(m, id);
      const niveauxAvant = await this.programmes.niveaux(m, id);
      const plan = planRules(body, { niveaux: niveauxAvant.map((n) => n.id), criteres: before.map((c) => c.id) });
      const version = p.version + 1;
      await m.query(`UPDATE programme SET titre = $2, description = $3, validite_mois = $4, version = $5 WHERE id = $1`, [id, body.titre, body.description, body.validiteMois, version]);
      await this.writeRules(m, id, plan);
      await this.programmes.saveSnapshot(m, id, version, u.sub);
      const wasRetired = new Map(before.map((c) => [c.id, c.retire_le !== null]));
      await this.journal.append(m, [{
        action: 'programme.modifie', subjectId: id, actorSub: u.sub,
        data: {
          version,
          validiteMois: body.validiteMois,
          niveaux: plan.niveaux.map((n) => n.id),
          niveauxAjoutes: plan.niveaux.filter((n) => !niveauxAvant.some((x) => x.id === n.id)).map((n) => n.id),
          criteresAjoutes: plan.criteres.filter((c) => c.nouveau).map((c) => c.id),
          criteresRetires: plan.criteres.filter((c) => c.retire && !wasRetired.get(c.id)).map((c) => c.id),
          criteresRetablis: plan.criteres.filter((c) => !c.retire && wasRetired.get(c.id)).map((c) => c.id),
        },
      }]);
      return this.programmes.full(m, id);
    });
  }

  /** Writes the planned levels and criteria (upserts; `verification` of existing criteria is kept). */
  private async writeRules(m: EntityManager, id: string, plan: ReturnType<typeof planRules>): Promise<void> {
    // Move the ranks out of the way first: (programme_id, rang) is unique.
    await m.query(`UPDATE programme_niveau SET rang = -rang - 1000 WHERE programme_id = $1`, [id]);
    for (const n of plan.niveaux) {
      await m.query(
        `INSERT INTO programme_niveau (programme_id, id, rang, titre) VALUES ($1, $2, $3, $4)
         ON CONFLICT (programme_id, id) DO UPDATE SET rang = EXCLUDED.rang, titre = EXCLUDED.titre`,
        [id, n.id, n.rang, n.titre],
      );
    }
    for (const c of plan.criteres) {
      await m.query(
        `INSERT INTO critere (programme_id, id, rang, titre, description, obligatoire_des_rang, demarche, retire_le) VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8 THEN now() END)
         ON CONFLICT (programme_id, id) DO UPDATE SET rang = EXCLUDED.rang, titre = EXCLUDED.titre, description = EXCLUDED.description,
           obligatoire_des_rang = EXCLUDED.obligatoire_des_rang, demarche = EXCLUDED.demarche,
           retire_le = CASE WHEN $8 THEN COALESCE(critere.retire_le, now()) END`,
        [id, c.id, c.rang, c.titre, c.description, c.obligatoireDesRang, c.demarche, c.retire],
      );
    }
  }
}
