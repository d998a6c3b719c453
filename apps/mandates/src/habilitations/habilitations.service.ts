import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  createHabilitationSchema, decideHabilitationSchema, habilitationDecisionSchema, HabilitationGrantedV2, HabilitationWithdrawnV2, listHabilitationsSchema,
  allows, parsePayload, PinError, POLICIES, type RpcEnvelope, type UserContext,
} from '@pin/contracts';
import { canAccessStructure, hasRole, requirePolicy, requireStructureScope } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { journalActor } from '../acting/acting.policy';
import { JOURNAL_INPUTS } from '../journal/journal-inputs';
import { JournalService } from '../journal/journal.service';
import { HabilitationRepository, habilitationNotFound, presentHabilitation } from './habilitation.repository';

const ALLOWED_FROM: Record<string, string[]> = { accorder: ['demandee'], refuser: ['demandee'], retirer: ['accordee', 'demandee'] };
const STATUT = { accorder: 'accordee', refuser: 'refusee', retirer: 'retiree' } as const;
const ACTION = { accorder: 'habilitation.accordee', refuser: 'habilitation.refusee', retirer: 'habilitation.retiree' } as const;

/**
 * Habilitation of aidants: requested by the structure's referent with its prerequisites (charte
 * signed, training completed), granted or refused by an animateur, withdrawable.
 */
@Injectable()
export class HabilitationsService {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: JournalService,
    private readonly habilitations: HabilitationRepository,
  ) {}

  async list(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.habilitation.list);
    const q = parsePayload(listHabilitationsSchema, rpc.query);
    if (q.structureId && !canAccessStructure(u, q.structureId)) requireStructureScope(u, q.structureId);
    // Referents see their structures' habilitations, aidants their own, the network everything.
    const scope = allows(u, POLICIES.habilitation.grant) ? {} : hasRole(u, 'referent') ? { structures: u.structures } : { structures: u.structures, aidantUsername: u.username };
    const rows = await this.outbox.run((m) => this.habilitations.list(m, { structureId: q.structureId, statut: q.statut, ...scope }));
    return { items: rows.map(presentHabilitation) };
  }

  async request(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.habilitation.request);
    const body = parsePayload(createHabilitationSchema, rpc.body);
    requireStructureScope(u, body.structureId);
    const id = randomUUID();
    try {
      return await this.outbox.run(async (m) => {
        await this.habilitations.insertRequest(m, { id, structureId: body.structureId, aidant: body.aidant, aidantNom: body.aidantNom ?? null, charteSignee: body.charteSignee, formationSuivie: body.formationSuivie, requestedBy: u.username });
        await this.journal.append(m, [
          JOURNAL_INPUTS['habilitation.demandee']({
            habilitationId: id, structureId: body.structureId, actor: journalActor(u), aidant: { username: body.aidant, nom: body.aidantNom ?? null, sub: null },
            charteSignee: body.charteSignee, formationSuivie: body.formationSuivie,
          }),
        ]);
        return presentHabilitation(await this.habilitations.load(m, id));
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new PinError('HABILITATION.ALREADY_EXISTS', 'Une demande ou une habilitation existe déjà pour cet aidant dans cette structure.');
      }
      throw err;
    }
  }

  async decide(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.habilitation.decide);
    const decision = parsePayload(habilitationDecisionSchema, rpc.params.decision);
    const { motif } = parsePayload(decideHabilitationSchema, rpc.body);
    if (decision === 'refuser' && !motif) {
      // The referent reads why: a refusal without a reason helps nobody.
      throw new PinError('REQUEST.INVALID', 'Indiquez le motif du refus : il est communiqué au référent.', [{ path: 'motif', message: 'Motif du refus : ce champ est obligatoire.' }]);
    }
    if (decision !== 'retirer' && !allows(u, POLICIES.habilitation.grant)) {
      throw new PinError('AUTH.FORBIDDEN', 'Seul un animateur du réseau peut accorder ou refuser une habilitation.');
    }
    return this.outbox.run(async (m, events) => {
      const row = await this.habilitations.load(m, rpc.params.id, true);
      if (!canAccessStructure(u, row.structure_id)) throw habilitationNotFound();
      if (!ALLOWED_FROM[decision].includes(row.statut)) {
        throw new PinError('HABILITATION.DECISION_NOT_ALLOWED', `Cette habilitation est « ${row.statut} » : décision impossible.`);
      }
      if (decision === 'accorder' && (!row.charte_signee_le || !row.formation_suivie_le)) {
        throw new PinError('HABILITATION.MISSING_PREREQUISITES', "L'aidant doit avoir signé la charte et suivi la formation avant d'être habilité.", {
          charteSignee: !!row.charte_signee_le,
          formationSuivie: !!row.formation_suivie_le,
        });
      }
      await this.habilitations.decide(m, row.id, STATUT[decision], u.username, motif ?? null);
      const aidant = { username: row.aidant_username, nom: row.aidant_nom, sub: row.aidant_sub };
      await this.journal.append(m, [JOURNAL_INPUTS[ACTION[decision]]({ habilitationId: row.id, structureId: row.structure_id, actor: journalActor(u), aidant })]);
      // Ids only (v2): the aidant's username stays in this service (v1 carried it and is no longer emitted).
      const data = { habilitationId: row.id, structureId: row.structure_id, aidantSub: row.aidant_sub };
      const correlationId = RequestContext.correlationId();
      if (decision === 'accorder') events.record(HabilitationGrantedV2, { subject: row.id, data, correlationId });
      // Only a granted habilitation is "withdrawn" for other services; a pending request is just closed.
      if (decision === 'retirer' && row.statut === 'accordee') events.record(HabilitationWithdrawnV2, { subject: row.id, data, correlationId });
      return presentHabilitation(await this.habilitations.load(m, row.id));
    });
  }
}
