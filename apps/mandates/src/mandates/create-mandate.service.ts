import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { createMandatSchema, idempotencyKeySchema, MandateCreatedV1, parsePayload, PinError, type CreateMandat, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { Outbox, type EventRecorder } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { acting, journalActor } from '../acting/acting.policy';
import { AidantHabilitationPolicy } from '../habilitations/aidant-habilitation.policy';
import { canonicalJson, sha256Hex } from '@pin/persistence';
import { JOURNAL_INPUTS } from '../journal/journal-inputs';
import { JournalService } from '../journal/journal.service';
import type { JournalInput } from '../journal/journal.types';
import { UsagerRepository } from '../usagers/usager.repository';
import { addParisDays } from './mandate-dates';
import { presentMandat } from './mandate.present';
import { MandateRepository } from './mandate.repository';
import { recordAutorisationsRevoked, recordMandatesRevoked } from './mandate-revocations';

interface Creation {
  user: UserContext;
  structureId: string;
  body: CreateMandat;
  key: string;
  requestHash: string;
}

/**
 * Creates a mandate and one autorisation per démarche, with the usager's consent, under an
 * Idempotency-Key (the same key replays the same mandate). An active autorisation for the same
 * démarche in the structure is replaced (renewal). Only habilitated aidants may create one.
 */
@Injectable()
export class CreateMandateService {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: JournalService,
    private readonly mandates: MandateRepository,
    private readonly usagers: UsagerRepository,
    private readonly habilitation: AidantHabilitationPolicy,
  ) {}

  async execute(caller: UserContext | undefined, rpc: RpcEnvelope) {
    const { user, structureId } = acting(caller, rpc.structureId);
    const key = idempotencyKeySchema.safeParse(rpc.idempotencyKey);
    if (!key.success) throw new PinError('IDEMPOTENCY.KEY_REQUIRED', "L'en-tête Idempotency-Key est obligatoire (8 à 128 caractères A-Z a-z 0-9 _ -).");
    const body = parsePayload(createMandatSchema, rpc.body);
    const c: Creation = { user, structureId, body, key: key.data, requestHash: sha256Hex(canonicalJson({ ...body, structureId, demarches: [...body.demarches].sort() })) };
    const replay = await this.replay(c);
    if (replay) return replay;
    try {
      return await this.outbox.run((m, events) => this.create(m, events, c));
    } catch (err) {
      if (err instanceof PinError && err.code === 'MANDAT.AIDANT_NOT_HABILITATED') await this.journalRefusal(c);
      // A concurrent duplicate submission lost the race on (cree_par_sub, idempotency_key).
      if ((err as { code?: string }).code === '23505') {
        const again = await this.replay(c);
        if (again) return again;
      }
      throw err;
    }
  }

  /** A refused creation is journaled too (outside the rolled-back transaction); the usager sees it if followed here. */
  private async journalRefusal(c: Creation): Promise<void> {
    const followed = await this.outbox.run((m) => this.usagers.followedBy(m, c.body.usagerId, c.structureId));
    await this.journal.appendSoon(
      JOURNAL_INPUTS['autorisation.refusee']({
        usagerId: followed ? c.body.usagerId : null, structureId: c.structureId, actorSub: c.user.sub, raison: 'AIDANT_NON_HABILITE', operation: 'creation_mandat',
      }),
    );
  }

  private replay(c: Creation) {
    return this.outbox.run(async (m) => {
      const row = await this.mandates.byIdempotencyKey(m, c.user.sub, c.key);
      if (!row) return null;
      if (row.request_hash !== c.requestHash) throw new PinError('IDEMPOTENCY.CONFLICT', 'Cette clé d’idempotence a déjà servi pour une autre demande.');
      return (await this.mandates.present(m, [row]))[0];
    });
  }

  private async create(m: EntityManager, events: EventRecorder, c: Creation) {
    const { user, structureId, body } = c;
    await this.habilitation.require(m, user, structureId);
    const usager = await this.usagers.visible(m, body.usagerId, structureId, true);
    const debut = body.debut ? new Date(body.debut) : new Date();
    const fin = addParisDays(debut, body.dureeJours);
    const mandatId = randomUUID();
    const actor = journalActor(user);
    const revocation = { usagerId: usager.id, structureId, actor, par: 'aidant', at: new Date(), motif: 'renouvellement', remplaceePar: mandatId } as const;

    const entries: JournalInput[] = [];
    const replaced = await this.mandates.revokeForRenewal(m, usager.id, structureId, body.demarches, revocation.at);
    recordAutorisationsRevoked(events, entries, replaced, revocation);
    const closed = await this.mandates.closeFullyRevoked(m, [...new Set(replaced.map((a) => a.mandat_id))], 'aidant', actor.nom);
    recordMandatesRevoked(events, entries, closed, revocation);

    const autorisations = body.demarches.map((d) => ({ id: randomUUID(), demarche: d }));
    entries.unshift(JOURNAL_INPUTS[replaced.length > 0 ? 'mandat.renouvele' : 'mandat.cree']({ usagerId: usager.id, structureId, mandatId, actor, demarches: body.demarches, dureeJours: body.dureeJours, debut, fin }));
    for (const a of autorisations) {
      entries.push(JOURNAL_INPUTS['autorisation.creee']({ usagerId: usager.id, structureId, mandatId, actorSub: user.sub, autorisationId: a.id, demarche: a.demarche, fin }));
    }
    const records = await this.journal.append(m, entries);
    await this.mandates.insert(
      m,
      {
        id: mandatId, usagerId: usager.id, structureId, creator: { sub: user.sub, username: user.username, name: user.name ?? null }, debut, fin, dureeJours: body.dureeJours,
        idempotencyKey: c.key, requestHash: c.requestHash, verificationToken: randomBytes(16).toString('base64url'), creationHash: records[0].hash,
      },
      autorisations,
    );
    events.record(MandateCreatedV1, {
      subject: mandatId,
      correlationId: RequestContext.correlationId(),
      data: {
        mandatId, usagerId: usager.id, structureId,
        autorisations: autorisations.map((a) => ({ autorisationId: a.id, demarche: a.demarche })),
        debut: debut.toISOString(), fin: fin.toISOString(), dureeJours: body.dureeJours, remplace: replaced.map((a) => a.id),
      },
    });
    const code = usager.account_sub ? undefined : await this.usagers.issueClaimCode(m, usager.id);
    const row = (await this.mandates.byId(m, mandatId))!;
    return presentMandat(row, await this.mandates.autorisationsOf(m, mandatId), code ? { codeReclamation: code } : {});
  }
}
