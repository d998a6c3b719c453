import { Injectable } from '@nestjs/common';
import { attendanceSchema, parsePayload, PinError, POLICIES, validateRegistrationSchema, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { presentAttestation } from '../attestations/attestation.repository';
import { CompletionService } from '../attestations/completion.service';
import { SessionRepository, sessionCancelled, type RegistrationRow } from './session.repository';
import { requireTrainer } from './trainer.policy';

const notRegistered = () => new PinError('INSCRIPTION.NOT_REGISTERED', 'Cette personne n’a pas de place dans la session (liste d’attente ou inscription annulée).');

/**
 * Attendance per half-day, recorded by the session's trainer, and completion: a participant present
 * at every half-day of the session completes its module or path; the trainer may also validate a
 * module for a participant who attended part of it (never for an absent one).
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly outbox: Outbox,
    private readonly sessions: SessionRepository,
    private readonly completion: CompletionService,
  ) {}

  async record(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.formation.train);
    const body = parsePayload(attendanceSchema, rpc.body);
    return this.outbox.run(async (m, events) => {
      const s = await this.sessions.load(m, rpc.params.id, true);
      requireTrainer(u, s);
      if (s.statut === 'annulee') throw sessionCancelled();
      const halfDays = await this.sessions.halfDays(m, [s.id]);
      if (!halfDays.some((h) => h.rang === body.demiJournee)) {
        throw new PinError('PRESENCE.UNKNOWN_HALF_DAY', `Cette session n’a pas de demi-journée n° ${body.demiJournee}.`, [{ path: 'demiJournee', message: `1 à ${halfDays.length}.` }]);
      }
      const regs = new Map((await this.sessions.registrationsOf(m, s.id)).map((r) => [r.id, r]));
      for (const p of body.presences) {
        const r = regs.get(p.inscriptionId);
        if (!r) throw new PinError('INSCRIPTION.NOT_FOUND', 'Inscription introuvable dans cette session.', [{ path: 'presences', message: p.inscriptionId }]);
        if (r.statut !== 'inscrit') throw notRegistered();
        await this.sessions.markAttendance(m, r.id, body.demiJournee, p.present, u.username);
      }
      const attestations = [];
      for (const p of body.presences.filter((x) => x.present)) {
        const r = regs.get(p.inscriptionId)!;
        if ((await this.sessions.attended(m, r.id)) === halfDays.length) {
          attestations.push({ inscriptionId: r.id, ...presentAttestation(await this.completion.complete(m, events, { participant: participantOf(r), moduleId: s.module_id, pathId: s.path_id, registrationId: r.id })) });
        }
      }
      return { demiJournee: body.demiJournee, presences: body.presences.length, attestations };
    });
  }

  async validate(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.formation.train);
    parsePayload(validateRegistrationSchema, rpc.body);
    return this.outbox.run(async (m, events) => {
      const before = await this.sessions.registration(m, rpc.params.id);
      const s = await this.sessions.load(m, before.session_id, true);
      requireTrainer(u, s);
      if (s.statut === 'annulee') throw sessionCancelled();
      const r = await this.sessions.registration(m, before.id);
      if (r.statut !== 'inscrit') throw notRegistered();
      const attended = await this.sessions.attended(m, r.id);
      const total = (await this.sessions.halfDays(m, [s.id])).length;
      // A path is validated only when followed entirely; a module when the participant came at least once.
      if (attended === 0 || (s.path_id && attended < total)) {
        throw new PinError('ATTESTATION.NOT_ATTENDED', s.path_id ? 'Le parcours n’a pas été suivi en entier : pas d’attestation.' : 'Cette personne n’a été présente à aucune demi-journée : pas d’attestation.', { presences: attended, demiJournees: total });
      }
      return presentAttestation(await this.completion.complete(m, events, { participant: participantOf(r), moduleId: s.module_id, pathId: s.path_id, registrationId: r.id }));
    });
  }
}

const participantOf = (r: RegistrationRow) => ({ username: r.participant_username, sub: r.participant_sub, nom: r.participant_nom, structureId: r.structure_id });
