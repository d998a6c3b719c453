import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { allows, cancelRegistrationSchema, parsePayload, PinError, POLICIES, registerSchema, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { hasRole, NETWORK_ROLES, requirePolicy, requireStructureScope } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { halfDayTimes, renderIcs } from '../calendar/ics';
import { CompletionService } from '../attestations/completion.service';
import type { Participant } from '../attestations/attestation.repository';
import { presentRegistration, presentSession } from './session.present';
import { registrationNotFound, SessionRepository, sessionCancelled, type RegistrationRow } from './session.repository';

const duplicate = () => new PinError('INSCRIPTION.DUPLICATE', 'Cette personne est déjà inscrite (ou en liste d’attente) à cette session.');

/** Who may see or cancel a registration: the participant, a referent of its structure, the network. */
export function canHandleRegistration(u: UserContext, r: Pick<RegistrationRow, 'participant_username' | 'structure_id'>): boolean {
  return r.participant_username === u.username || hasRole(u, ...NETWORK_ROLES) || (hasRole(u, 'referent') && !!r.structure_id && u.structures.includes(r.structure_id));
}

/**
 * Registrations: by the aidant themself or by the referent of their structure. The session row is
 * locked while a seat is given, so that concurrent registrations are served one at a time: seats
 * up to the capacity, then the waiting list in arrival order. A cancelled seat goes to the first
 * waiting person in the same transaction.
 */
@Injectable()
export class RegistrationsService {
  constructor(
    private readonly outbox: Outbox,
    private readonly sessions: SessionRepository,
    private readonly completion: CompletionService,
  ) {}

  async register(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.formation.register);
    const body = parsePayload(registerSchema, rpc.body);
    const participant = this.participant(u, body);
    try {
      return await this.outbox.run(async (m, events) => {
        if (participant.sub) {
          await this.sessions.claim(m, u.username, u.sub);
          await this.completion.identify(m, events, u);
        }
        const s = await this.sessions.load(m, rpc.params.id, true);
        if (s.statut === 'annulee') throw sessionCancelled();
        if (await this.sessions.activeRegistration(m, s.id, participant.username)) throw duplicate();
        const statut = (await this.sessions.countRegistered(m, s.id)) < s.capacite ? 'inscrit' : 'attente';
        const id = randomUUID();
        await this.sessions.insertRegistration(m, { id, sessionId: s.id, ...participant, statut, by: u.username });
        const r = await this.sessions.registration(m, id);
        return presentRegistration(r, { rangAttente: await this.sessions.waitingRank(m, r) });
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw duplicate();
      throw err;
    }
  }

  async cancel(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.formation.register);
    const { motif } = parsePayload(cancelRegistrationSchema, rpc.body);
    return this.outbox.run(async (m) => {
      const before = await this.sessions.registration(m, rpc.params.id);
      if (!canHandleRegistration(u, before)) throw registrationNotFound();
      const s = await this.sessions.load(m, before.session_id, true);
      const r = await this.sessions.registration(m, before.id);
      if (r.statut === 'annule') throw new PinError('INSCRIPTION.ALREADY_CANCELLED', 'Cette inscription est déjà annulée.');
      await this.sessions.cancelRegistration(m, r.id, motif ?? null);
      const promoted = r.statut === 'inscrit' && s.statut === 'ouverte' ? await this.sessions.fillSeats(m, s.id, s.capacite) : [];
      return { ...presentRegistration(await this.sessions.registration(m, r.id)), promues: promoted };
    });
  }

  async calendar(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.formation.register);
    return this.outbox.run(async (m) => {
      const r = await this.sessions.registration(m, rpc.params.id);
      if (!canHandleRegistration(u, r)) throw registrationNotFound();
      const s = await this.sessions.load(m, r.session_id);
      const halfDays = await this.sessions.halfDays(m, [s.id]);
      const location = s.visio_url ?? (s.lieu_nom ? `${s.lieu_nom}, ${s.lieu_commune ?? ''}`.replace(/, $/, '') : undefined);
      const waiting = r.statut === 'attente' ? ' (liste d’attente)' : '';
      const ics = renderIcs(
        halfDays.map((h) => ({
          uid: `${r.id}-${h.rang}@pin-formations`,
          ...halfDayTimes(h.jour, h.periode),
          summary: `Formation : ${s.titre}${halfDays.length > 1 ? ` (demi-journée ${h.rang}/${halfDays.length})` : ''}${waiting}`,
          description: s.visio_url ? `Session à distance : ${s.visio_url}` : `Session de formation du réseau d’inclusion numérique des Landes.`,
          location,
          url: s.visio_url ?? undefined,
          // The calendar's own reminder the day before, for a seat (not for the waiting list).
          ...(r.statut === 'inscrit' ? { alarm: { hoursBefore: 24, text: `Rappel : formation « ${s.titre} » demain.` } } : {}),
          cancelled: s.statut === 'annulee' || r.statut === 'annule',
        })),
      );
      return { nomFichier: `formation-${s.id.slice(0, 8)}.ics`, type: 'text/calendar; charset=utf-8', contenu: ics };
    });
  }

  async mine(user: UserContext | undefined) {
    const u = requirePolicy(user, POLICIES.formation.mine);
    return this.outbox.run(async (m, events) => {
      await this.sessions.claim(m, u.username, u.sub);
      await this.completion.identify(m, events, u);
      const regs = await this.sessions.mine(m, u.username);
      return { items: await this.withSessions(m, regs) };
    });
  }

  private async withSessions(m: EntityManager, regs: RegistrationRow[]) {
    const out = [];
    for (const r of regs) {
      const s = await this.sessions.load(m, r.session_id);
      out.push({
        ...presentRegistration(r, { rangAttente: await this.sessions.waitingRank(m, r) }),
        session: presentSession(s, await this.sessions.halfDays(m, [s.id])),
        visio: r.statut === 'inscrit' ? s.visio_url : null,
      });
    }
    return out;
  }

  /** The person registered: the caller, or (referent of the structure, network) an aidant named by username. */
  private participant(u: UserContext, body: { structureId?: string; aidant?: { username: string; nom?: string } }): Participant {
    const own = u.structures.filter((s) => s !== '*');
    if (!body.aidant || body.aidant.username === u.username) {
      const structureId = body.structureId ?? (own.length === 1 ? own[0] : null);
      if (structureId && !own.includes(structureId)) requireStructureScope({ ...u, roles: [] }, structureId);
      return { username: u.username, sub: u.sub, nom: u.name ?? null, structureId };
    }
    if (allows(u, POLICIES.formation.manage)) {
      return { username: body.aidant.username, sub: null, nom: body.aidant.nom ?? null, structureId: body.structureId ?? null };
    }
    if (!hasRole(u, 'referent')) throw new PinError('AUTH.FORBIDDEN', 'Seul le référent de la structure peut inscrire un autre aidant.');
    const structureId = body.structureId ?? (own.length === 1 ? own[0] : undefined);
    if (!structureId) throw new PinError('REQUEST.INVALID', 'Indiquez la structure de l’aidant.', [{ path: 'structureId', message: 'Structure : ce champ est obligatoire.' }]);
    requireStructureScope({ ...u, roles: [] }, structureId);
    return { username: body.aidant.username, sub: null, nom: body.aidant.nom ?? null, structureId };
  }
}
