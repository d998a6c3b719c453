import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
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
import { MemberRepository } from '../members/member.repository';
import { HabilitationRepository, habilitationNotFound, presentHabilitation } from './habilitation.repository';
import { HABILITATION_SETTINGS, type HabilitationSettings } from './habilitation-settings';

const ALLOWED_FROM: Record<string, string[]> = { accorder: ['demandee'], refuser: ['demandee'], retirer: ['accordee', 'demandee'], annuler: ['demandee'] };
const STATUT = { accorder: 'accordee', refuser: 'refusee', retirer: 'retiree', annuler: 'annulee' } as const;
const ACTION = { accorder: 'habilitation.accordee', refuser: 'habilitation.refusee', retirer: 'habilitation.retiree', annuler: 'habilitation.annulee' } as const;
const STATUT_LABEL: Record<string, string> = { demandee: 'demandée', accordee: 'accordée', refusee: 'refusée', retiree: 'retirée', annulee: 'annulée' };

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
    private readonly members: MemberRepository,
    @Inject(HABILITATION_SETTINGS) private readonly settings: HabilitationSettings,
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
        // The référent picks someone who already acts in the structure (known from their logins): no typed login, no typo.
        const member = await this.members.find(m, body.structureId, body.memberId);
        if (!member) {
          throw new PinError('HABILITATION.MEMBER_UNKNOWN', "Cette personne n'est pas membre connu de la structure : elle doit d'abord se connecter à PIN avec son compte de la structure, puis apparaîtra dans la liste des membres.");
        }
        await this.habilitations.insertRequest(m, { id, structureId: body.structureId, aidant: member.username, aidantSub: member.sub, aidantNom: member.nom, charteSignee: body.charteSignee, formationSuivie: body.formationSuivie, requestedBy: u.username });
        await this.journal.append(m, [
          JOURNAL_INPUTS['habilitation.demandee']({
            habilitationId: id, structureId: body.structureId, actor: journalActor(u), aidant: { username: member.username, nom: member.nom, sub: member.sub },
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
    if ((decision === 'accorder' || decision === 'refuser') && !allows(u, POLICIES.habilitation.grant)) {
      throw new PinError('AUTH.FORBIDDEN', 'Seul un animateur du réseau peut accorder ou refuser une habilitation.');
    }
    return this.outbox.run(async (m, events) => {
      const row = await this.habilitations.load(m, rpc.params.id, true);
      if (!canAccessStructure(u, row.structure_id)) throw habilitationNotFound();
      if (!ALLOWED_FROM[decision].includes(row.statut)) {
        throw new PinError(
          'HABILITATION.DECISION_NOT_ALLOWED',
          decision === 'annuler'
            ? `Seule une demande en attente peut être annulée ; cette habilitation est ${STATUT_LABEL[row.statut] ?? row.statut}.`
            : `Cette habilitation est « ${row.statut} » : décision impossible.`,
        );
      }
      if (decision === 'accorder' && (!row.charte_signee_le || !row.formation_suivie_le)) {
        throw new PinError('HABILITATION.MISSING_PREREQUISITES', "L'aidant doit avoir signé la charte et suivi la formation avant d'être habilité.", {
          charteSignee: !!row.charte_signee_le,
          formationSuivie: !!row.formation_suivie_le,
        });
      }
      if (decision === 'accorder' && this.settings.pixRequired && !row.pix_reussi_le) {
        // HABILITATION_PIX_REQUIRED: the PIX result arrives from the training service by itself (pin.training.pix.recorded.v1).
        throw new PinError(
          'HABILITATION.PIX_REQUIRED',
          "L'aidant doit avoir réussi le test PIX avant d'être habilité : son référent enregistre le résultat (score, date, code de vérification) dans l'espace formation, la demande est alors complétée d'elle-même.",
          { pixReussi: false },
        );
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
