import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { claimUsagerSchema, createUsagerSchema, PinError, REQUESTS, searchUsagersSchema, updateUsagerSchema } from '@pin/contracts';
import { requireRole } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { acting, notFound } from '../common/acting';
import { isUuid, parse } from '../common/parse';
import { JournalService } from '../journal/journal.service';
import { claimCodeHash, CLAIM_CODE_TTL_DAYS, identityKey, newClaimCode, presentUsager, USAGER_COLUMNS, type UsagerRow } from './usager.present';

/** Usagers: created by an aidant after an ID check, seen only within the structures that follow them. */
@Controller()
export class UsagersController {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: JournalService,
  ) {}

  @MessagePattern(REQUESTS.mandates.usagerSearch)
  async search(@Payload() p: Record<string, unknown>) {
    const { structureId } = acting(RequestContext.get()?.user, p?.structureId);
    const q = parse(searchUsagersSchema, p).q;
    const params: unknown[] = [structureId];
    let filter = '';
    if (q) {
      params.push(`%${q.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`);
      filter = `AND (lower(u.nom) LIKE $2 OR lower(u.prenoms) LIKE $2 OR lower(u.nom || ' ' || u.prenoms) LIKE $2 OR lower(u.prenoms || ' ' || u.nom) LIKE $2)`;
    }
    const rows = (await this.outbox.run((m) =>
      m.query(
        `SELECT ${USAGER_COLUMNS} FROM usager u JOIN usager_structure us ON us.usager_id = u.id AND us.structure_id = $1
          WHERE u.purged_at IS NULL ${filter} ORDER BY u.nom, u.prenoms LIMIT 50`,
        params,
      ),
    )) as UsagerRow[];
    return { items: rows.map(presentUsager) };
  }

  @MessagePattern(REQUESTS.mandates.usagerCreate)
  async create(@Payload() p: Record<string, unknown>) {
    const { user, structureId } = acting(RequestContext.get()?.user, p?.structureId);
    const body = parse(createUsagerSchema, p);
    const key = identityKey(body.nom, body.prenoms, body.dateNaissance);
    return this.outbox.run(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
      if (!body.confirmerDoublon) {
        const dups = (await m.query(
          `SELECT ${USAGER_COLUMNS} FROM usager u JOIN usager_structure us ON us.usager_id = u.id AND us.structure_id = $2 WHERE u.identity_key = $1`,
          [key, structureId],
        )) as UsagerRow[];
        if (dups.length > 0) {
          throw new PinError('USAGER.DOUBLON_POSSIBLE', 'Une personne avec la même identité est déjà suivie par cette structure. Vérifiez avant de créer un doublon.', {
            candidats: dups.map(presentUsager),
          });
        }
      }
      const id = randomUUID();
      const [row] = (await m.query(
        `INSERT INTO usager (id, nom, prenoms, date_naissance, lieu_naissance, email, telephone, identity_key, identite_verifiee_par, identite_verifiee_le)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
         RETURNING id, nom, prenoms, to_char(date_naissance, 'YYYY-MM-DD') AS date_naissance, lieu_naissance, email, telephone, account_sub, created_at, purged_at`,
        [id, body.nom, body.prenoms, body.dateNaissance, body.lieuNaissance, body.email ?? null, body.telephone ?? null, key, user.sub],
      )) as UsagerRow[];
      await m.query(`INSERT INTO usager_structure (usager_id, structure_id) VALUES ($1, $2)`, [id, structureId]);
      await this.journal.append(m, [
        { action: 'usager.cree', usagerId: id, structureId, actorSub: user.sub, data: { identiteVerifiee: true }, personal: { acteur: user.name ?? user.username } },
      ]);
      return presentUsager(row);
    });
  }

  @MessagePattern(REQUESTS.mandates.usagerGet)
  async get(@Payload() p: Record<string, unknown>) {
    const { user, structureId } = acting(RequestContext.get()?.user, p?.structureId);
    return this.outbox.run(async (m) => {
      const row = await visibleUsager(m, p?.id, structureId);
      await this.journal.append(m, [{ action: 'usager.consulte', usagerId: row.id, structureId, actorSub: user.sub, personal: { acteur: user.name ?? user.username } }]);
      return presentUsager(row);
    });
  }

  @MessagePattern(REQUESTS.mandates.usagerUpdate)
  async update(@Payload() p: { id?: unknown; structureId?: unknown; body?: unknown }) {
    const { user, structureId } = acting(RequestContext.get()?.user, p?.structureId);
    const body = parse(updateUsagerSchema, p?.body);
    return this.outbox.run(async (m) => {
      const row = await visibleUsager(m, p?.id, structureId, true);
      const [next] = (await m.query(
        `UPDATE usager u SET email = CASE WHEN $2 THEN $3 ELSE email END, telephone = CASE WHEN $4 THEN $5 ELSE telephone END WHERE id = $1 RETURNING ${USAGER_COLUMNS}`,
        [row.id, body.email !== undefined, body.email ?? null, body.telephone !== undefined, body.telephone ?? null],
      )) as [UsagerRow[], number];
      const changed = [body.email !== undefined ? 'email' : null, body.telephone !== undefined ? 'telephone' : null].filter((x): x is string => !!x);
      await this.journal.append(m, [{ action: 'usager.modifie', usagerId: row.id, structureId, actorSub: user.sub, data: { champs: changed }, personal: { acteur: user.name ?? user.username } }]);
      return presentUsager(next[0]);
    });
  }

  @MessagePattern(REQUESTS.mandates.usagerClaimCode)
  async claimCode(@Payload() p: Record<string, unknown>) {
    const { user, structureId } = acting(RequestContext.get()?.user, p?.structureId);
    return this.outbox.run(async (m) => {
      const row = await visibleUsager(m, p?.id, structureId, true);
      if (row.account_sub) throw new PinError('USAGER.DEJA_RELIE', 'Cette personne a déjà relié son compte.');
      const code = await issueClaimCode(m, row.id);
      await this.journal.append(m, [{ action: 'usager.code_emis', usagerId: row.id, structureId, actorSub: user.sub, personal: { acteur: user.name ?? user.username } }]);
      return { codeReclamation: code };
    });
  }

  @MessagePattern(REQUESTS.mandates.usagerClaim)
  async claim(@Payload() p: Record<string, unknown>) {
    const user = requireRole(RequestContext.get()?.user, 'usager');
    const { code } = parse(claimUsagerSchema, p);
    return this.outbox.run(async (m) => {
      const already = (await m.query(`SELECT id FROM usager WHERE account_sub = $1`, [user.sub])) as unknown[];
      if (already.length > 0) throw new PinError('USAGER.DEJA_RELIE', 'Votre compte est déjà relié à un dossier.');
      const rows = (await m.query(
        `UPDATE usager u SET account_sub = $2, claim_code_hash = NULL, claim_code_expires_at = NULL
          WHERE claim_code_hash = $1 AND claim_code_expires_at > now() AND account_sub IS NULL AND purged_at IS NULL RETURNING ${USAGER_COLUMNS}`,
        [claimCodeHash(code), user.sub],
      )) as [UsagerRow[], number];
      const row = rows[0]?.[0];
      if (!row) throw new PinError('USAGER.CODE_INVALIDE', 'Ce code est inconnu, expiré ou déjà utilisé.');
      await this.journal.append(m, [{ action: 'usager.relie', usagerId: row.id, actorSub: user.sub }]);
      return presentUsager(row);
    });
  }
}

/** The usager if the selected structure follows them; 404 otherwise (never reveals other structures' usagers). */
export async function visibleUsager(m: EntityManager, id: unknown, structureId: string, forUpdate = false): Promise<UsagerRow> {
  if (!isUuid(id)) throw notFound('usager');
  const rows = (await m.query(
    `SELECT ${USAGER_COLUMNS} FROM usager u JOIN usager_structure us ON us.usager_id = u.id AND us.structure_id = $2
      WHERE u.id = $1 AND u.purged_at IS NULL ${forUpdate ? 'FOR UPDATE OF u' : ''}`,
    [id, structureId],
  )) as UsagerRow[];
  if (!rows[0]) throw notFound('usager');
  return rows[0];
}

export async function issueClaimCode(m: EntityManager, usagerId: string): Promise<string> {
  const { code, hash } = newClaimCode();
  await m.query(`UPDATE usager SET claim_code_hash = $2, claim_code_expires_at = now() + make_interval(days => $3) WHERE id = $1`, [usagerId, hash, CLAIM_CODE_TTL_DAYS]);
  return code;
}
