import { randomBytes, randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import {
  AutorisationRevokedV1,
  createMandatSchema,
  DEMARCHES,
  idempotencyKeySchema,
  MandateCreatedV1,
  MandateRevokedV1,
  PinError,
  REQUESTS,
  revokeMandatSchema,
  verificationTokenSchema,
  type Demarche,
  type UserContext,
} from '@pin/contracts';
import { hasRole, requireUser } from '@pin/auth';
import { Outbox, type EventRecorder } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { acting } from '../common/acting';
import { visibleMandat } from './visible-mandat';
import { parse } from '../common/parse';
import { canonicalJson, sha256Hex } from '../journal/canonical';
import { JournalService } from '../journal/journal.service';
import type { JournalInput } from '../journal/journal.types';
import { requireHabilitation } from '../habilitations/habilitations.controller';
import { issueClaimCode, visibleUsager } from '../usagers/usagers.controller';
import { autorisationStatut, loadAutorisations, MANDAT_SELECT, mandatStatut, presentMandat, presentMany, revokedAt, type AutorisationRow, type MandatRow } from './mandat.present';

const DAY_MS = 86_400_000;

/** Mandates and their autorisations: creation (with renewal), reading, revocation, public verification. */
@Controller()
export class MandatsController {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: JournalService,
  ) {}

  @MessagePattern(REQUESTS.mandates.mandatCreate)
  async create(@Payload() p: { body?: Record<string, unknown>; idempotencyKey?: unknown }) {
    const { user, structureId } = acting(RequestContext.get()?.user, p?.body?.structureId);
    const key = idempotencyKeySchema.safeParse(p?.idempotencyKey);
    if (!key.success) throw new PinError('IDEMPOTENCE.CLE_REQUISE', "L'en-tête Idempotency-Key est obligatoire (8 à 128 caractères A-Z a-z 0-9 _ -).");
    const body = parse(createMandatSchema, p?.body);
    const requestHash = sha256Hex(canonicalJson({ ...body, structureId, demarches: [...body.demarches].sort() }));
    const replay = await this.replay(user, key.data, requestHash);
    if (replay) return replay;
    try {
      return await this.outbox.run((m, events) => this.createIn(m, events, user, structureId, body, key.data, requestHash));
    } catch (err) {
      if (err instanceof PinError && err.code === 'MANDAT.AIDANT_NON_HABILITE') await this.journalRefusal(user, structureId, body.usagerId);
      // A concurrent duplicate submission lost the race on (cree_par_sub, idempotency_key).
      if ((err as { code?: string; constraint?: string }).code === '23505') {
        const again = await this.replay(user, key.data, requestHash);
        if (again) return again;
      }
      throw err;
    }
  }

  /** A refused creation is journaled too (outside the rolled-back transaction); the usager sees it if followed here. */
  private async journalRefusal(user: UserContext, structureId: string, usagerId: string): Promise<void> {
    const [known] = (await this.outbox.run((m) => m.query(`SELECT 1 FROM usager_structure WHERE usager_id = $1 AND structure_id = $2`, [usagerId, structureId]))) as unknown[];
    await this.journal.appendSoon({
      action: 'autorisation.refusee',
      usagerId: known ? usagerId : null,
      structureId,
      actorSub: user.sub,
      data: { raison: 'AIDANT_NON_HABILITE', operation: 'creation_mandat' },
    });
  }

  private async replay(user: UserContext, key: string, requestHash: string) {
    return this.outbox.run(async (m) => {
      const rows = (await m.query(`${MANDAT_SELECT} WHERE m.cree_par_sub = $1 AND m.idempotency_key = $2`, [user.sub, key])) as MandatRow[];
      if (!rows[0]) return null;
      if (rows[0].request_hash !== requestHash) {
        throw new PinError('IDEMPOTENCE.CONFLIT', 'Cette clé d’idempotence a déjà servi pour une autre demande.');
      }
      return (await presentMany(m, rows))[0];
    });
  }

  private async createIn(
    m: EntityManager,
    events: EventRecorder,
    user: UserContext,
    structureId: string,
    body: ReturnType<typeof createMandatSchema.parse>,
    key: string,
    requestHash: string,
  ) {
    await requireHabilitation(m, user, structureId);
    const usager = await visibleUsager(m, body.usagerId, structureId, true);
    const debut = body.debut ? new Date(body.debut) : new Date();
    const fin = new Date(debut.getTime() + body.dureeJours * DAY_MS);
    const mandatId = randomUUID();
    const correlationId = RequestContext.correlationId();
    const actor = { acteur: user.name ?? user.username };
    const revokedNow = new Date();

    // Renewal: an active autorisation for the same démarche in this structure ends now.
    const previous = (await m.query(
      `UPDATE autorisation SET revoque_le = $4, revoque_motif = 'renouvellement'
        WHERE usager_id = $1 AND structure_id = $2 AND demarche = ANY($3::text[]) AND revoque_le IS NULL AND fin > $4
        RETURNING *`,
      [usager.id, structureId, body.demarches, revokedNow],
    )) as [AutorisationRow[], number];
    const replaced = previous[0];
    const entries: JournalInput[] = [];
    for (const a of replaced) {
      entries.push({ action: 'autorisation.revoquee', usagerId: usager.id, structureId, mandatId: a.mandat_id, demarche: a.demarche, actorSub: user.sub, data: { autorisationId: a.id, motif: 'renouvellement', remplaceePar: mandatId }, personal: actor });
      events.record(AutorisationRevokedV1, {
        subject: a.id,
        correlationId,
        data: { autorisationId: a.id, mandatId: a.mandat_id, usagerId: usager.id, structureId, demarche: a.demarche, revoqueLe: revokedNow.toISOString(), motif: 'renouvellement', par: 'aidant' },
      });
    }
    await this.closeFullyRevoked(m, [...new Set(replaced.map((a) => a.mandat_id))], 'aidant', user.name ?? user.username, events, entries, usager.id, structureId, user.sub);

    const autorisations = body.demarches.map((d) => ({ id: randomUUID(), demarche: d }));
    entries.unshift({
      action: replaced.length > 0 ? 'mandat.renouvele' : 'mandat.cree',
      usagerId: usager.id,
      structureId,
      mandatId,
      actorSub: user.sub,
      data: { demarches: [...body.demarches].sort(), dureeJours: body.dureeJours, debut: debut.toISOString(), fin: fin.toISOString(), consentement: true },
      personal: actor,
    });
    for (const a of autorisations) {
      entries.push({ action: 'autorisation.creee', usagerId: usager.id, structureId, mandatId, demarche: a.demarche, actorSub: user.sub, data: { autorisationId: a.id, fin: fin.toISOString() } });
    }
    const records = await this.journal.append(m, entries);
    const token = randomBytes(16).toString('base64url');
    await m.query(
      `INSERT INTO mandat (id, usager_id, structure_id, cree_par_sub, cree_par_username, cree_par_nom, debut, fin, duree_jours, consentement_le, idempotency_key, request_hash, verification_token, creation_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now(), $10, $11, $12, $13)`,
      [mandatId, usager.id, structureId, user.sub, user.username, user.name ?? null, debut, fin, body.dureeJours, key, requestHash, token, records[0].hash],
    );
    const values: unknown[] = [];
    const tuples = autorisations.map((a, i) => {
      values.push(a.id, mandatId, usager.id, structureId, a.demarche, debut, fin);
      return `(${[1, 2, 3, 4, 5, 6, 7].map((c) => `$${i * 7 + c}`).join(', ')})`;
    });
    await m.query(`INSERT INTO autorisation (id, mandat_id, usager_id, structure_id, demarche, debut, fin) VALUES ${tuples.join(', ')}`, values);
    events.record(MandateCreatedV1, {
      subject: mandatId,
      correlationId,
      data: {
        mandatId,
        usagerId: usager.id,
        structureId,
        autorisations: autorisations.map((a) => ({ autorisationId: a.id, demarche: a.demarche })),
        debut: debut.toISOString(),
        fin: fin.toISOString(),
        dureeJours: body.dureeJours,
        remplace: replaced.map((a) => a.id),
      },
    });
    const code = usager.account_sub ? undefined : await issueClaimCode(m, usager.id);
    const [row] = (await m.query(`${MANDAT_SELECT} WHERE m.id = $1`, [mandatId])) as MandatRow[];
    const auts = await loadAutorisations(m, [mandatId]);
    return presentMandat(row, auts.get(mandatId) ?? [], code ? { codeReclamation: code } : {});
  }

  /** A mandate whose every autorisation has ended by revocation is itself revoked. */
  private async closeFullyRevoked(
    m: EntityManager,
    mandatIds: readonly string[],
    par: 'usager' | 'aidant',
    parNom: string,
    events: EventRecorder,
    entries: JournalInput[],
    usagerId: string,
    structureId: string,
    actorSub: string,
  ): Promise<void> {
    if (mandatIds.length === 0) return;
    const [closed] = (await m.query(
      `UPDATE mandat m SET revoque_le = now(), revoque_par = $2, revoque_par_nom = $3
        WHERE m.id = ANY($1::uuid[]) AND m.revoque_le IS NULL
          AND NOT EXISTS (SELECT 1 FROM autorisation a WHERE a.mandat_id = m.id AND a.revoque_le IS NULL)
        RETURNING m.id, m.revoque_le`,
      [mandatIds, par, parNom],
    )) as [Array<{ id: string; revoque_le: Date }>, number];
    for (const c of closed) {
      entries.push({ action: 'mandat.revoque', usagerId, structureId, mandatId: c.id, actorSub, data: { par }, personal: { acteur: parNom } });
      events.record(MandateRevokedV1, {
        subject: c.id,
        correlationId: RequestContext.correlationId(),
        data: { mandatId: c.id, usagerId, structureId, revoqueLe: c.revoque_le.toISOString(), par },
      });
    }
  }

  @MessagePattern(REQUESTS.mandates.mandatGet)
  async get(@Payload() p: { id?: unknown; structureId?: unknown }) {
    return this.outbox.run(async (m) => {
      const row = await visibleMandat(m, p?.id, p?.structureId);
      return (await presentMany(m, [row.mandat]))[0];
    });
  }

  @MessagePattern(REQUESTS.mandates.usagerMandats)
  async forUsager(@Payload() p: { id?: unknown; structureId?: unknown }) {
    const { structureId } = acting(RequestContext.get()?.user, p?.structureId);
    return this.outbox.run(async (m) => {
      const usager = await visibleUsager(m, p?.id, structureId);
      const rows = (await m.query(`${MANDAT_SELECT} WHERE m.usager_id = $1 AND m.structure_id = $2 ORDER BY m.created_at DESC`, [usager.id, structureId])) as MandatRow[];
      return { items: await presentMany(m, rows) };
    });
  }

  @MessagePattern(REQUESTS.mandates.myMandats)
  async mine() {
    const user = requireUser(RequestContext.get()?.user);
    if (!hasRole(user, 'usager')) throw new PinError('AUTH.FORBIDDEN', "Vous n'avez pas les droits nécessaires pour cette action.");
    return this.outbox.run(async (m) => {
      const rows = (await m.query(`${MANDAT_SELECT} JOIN usager u ON u.id = m.usager_id WHERE u.account_sub = $1 ORDER BY m.created_at DESC`, [user.sub])) as MandatRow[];
      return { items: await presentMany(m, rows) };
    });
  }

  @MessagePattern(REQUESTS.mandates.mandatRevoke)
  async revoke(@Payload() p: { id?: unknown; structureId?: unknown; body?: unknown }) {
    const body = parse(revokeMandatSchema, p?.body ?? {});
    return this.outbox.run(async (m, events) => {
      const { mandat, par, user } = await visibleMandat(m, p?.id, p?.structureId, true);
      const auts = (await loadAutorisations(m, [mandat.id])).get(mandat.id) ?? [];
      const now = new Date();
      if (mandatStatut(mandat, auts, now) === 'expire') throw new PinError('MANDAT.INACTIF', 'Ce mandat est expiré : il ne peut plus être révoqué.');
      const wanted = body.demarches?.length ? new Set<Demarche>(body.demarches) : null;
      const targets = auts.filter((a) => (wanted ? wanted.has(a.demarche) : true) && autorisationStatut(a, now) !== 'revoquee' && autorisationStatut(a, now) !== 'expiree');
      if (targets.length === 0) throw new PinError('MANDAT.DEJA_REVOQUE', 'Ces autorisations sont déjà révoquées ou ne font pas partie du mandat.');
      const parNom = par === 'usager' ? 'l’usager' : (user.name ?? user.username);
      await m.query(`UPDATE autorisation SET revoque_le = $2, revoque_motif = 'revocation' WHERE id = ANY($1::uuid[])`, [targets.map((a) => a.id), now]);
      const entries: JournalInput[] = targets.map((a) => ({
        action: 'autorisation.revoquee',
        usagerId: mandat.usager_id,
        structureId: mandat.structure_id,
        mandatId: mandat.id,
        demarche: a.demarche,
        actorSub: user.sub,
        data: { autorisationId: a.id, motif: 'revocation', par },
        personal: { acteur: parNom },
      }));
      for (const a of targets) {
        events.record(AutorisationRevokedV1, {
          subject: a.id,
          correlationId: RequestContext.correlationId(),
          data: { autorisationId: a.id, mandatId: mandat.id, usagerId: mandat.usager_id, structureId: mandat.structure_id, demarche: a.demarche, revoqueLe: now.toISOString(), motif: 'revocation', par },
        });
      }
      await this.closeFullyRevoked(m, [mandat.id], par, parNom, events, entries, mandat.usager_id, mandat.structure_id, user.sub);
      await this.journal.append(m, entries);
      const [row] = (await m.query(`${MANDAT_SELECT} WHERE m.id = $1`, [mandat.id])) as MandatRow[];
      return (await presentMany(m, [row]))[0];
    });
  }

  /** Public, from the QR code: validity and scope, never a name. */
  @MessagePattern(REQUESTS.mandates.mandatVerify)
  async verify(@Payload() p: { token?: unknown }) {
    const token = verificationTokenSchema.safeParse(p?.token);
    if (!token.success) throw new PinError('MANDAT.INTROUVABLE', 'Ce code de vérification ne correspond à aucun mandat.');
    return this.outbox.run(async (m) => {
      const rows = (await m.query(`${MANDAT_SELECT} WHERE m.verification_token = $1`, [token.data])) as MandatRow[];
      const row = rows[0];
      if (!row) throw new PinError('MANDAT.INTROUVABLE', 'Ce code de vérification ne correspond à aucun mandat.');
      const auts = (await loadAutorisations(m, [row.id])).get(row.id) ?? [];
      const now = new Date();
      return {
        statut: mandatStatut(row, auts, now),
        debut: row.debut.toISOString(),
        fin: row.fin.toISOString(),
        revoqueLe: revokedAt(row, auts)?.toISOString() ?? null,
        structure: row.structure_nom,
        demarches: auts.map((a) => ({ slug: a.demarche, label: DEMARCHES[a.demarche], active: autorisationStatut(a, now) === 'active' || autorisationStatut(a, now) === 'a_venir' })),
        empreinte: row.creation_hash,
        verifieLe: now.toISOString(),
      };
    });
  }
}
