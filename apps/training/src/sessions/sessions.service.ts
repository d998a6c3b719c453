import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cancelSessionSchema, changeCapacitySchema, createSessionSchema, listSessionsSchema, parsePayload, PinError, POLICIES, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { CatalogueRepository } from '../catalogue/catalogue.repository';
import { moduleNotFound, pathNotFound } from '../catalogue/catalogue.service';
import { presentRegistration, presentSession } from './session.present';
import { SessionRepository, sessionCancelled, type SessionRow } from './session.repository';
import { requireTrainer } from './trainer.policy';

const PERIOD_ORDER = { matin: 0, 'apres-midi': 1 } as const;

/** Sessions: the public list, programming and cancelling them (network), the trainer's list of participants. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly sessions: SessionRepository,
    private readonly catalogue: CatalogueRepository,
  ) {}

  async list(rpc: RpcEnvelope) {
    const q = parsePayload(listSessionsSchema, rpc.query);
    const rows = await this.sessions.list(this.ds.manager, { moduleId: q.moduleId, pathId: q.parcoursId, upcoming: q.aVenir !== 'false' });
    return { items: await this.present(rows) };
  }

  async get(rpc: RpcEnvelope) {
    const row = await this.sessions.load(this.ds.manager, rpc.params.id);
    return (await this.present([row]))[0];
  }

  async create(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.formation.manage);
    const body = parsePayload(createSessionSchema, rpc.body);
    const id = randomUUID();
    const halfDays = [...body.demiJournees].sort((a, b) => a.date.localeCompare(b.date) || PERIOD_ORDER[a.periode] - PERIOD_ORDER[b.periode]);
    return this.outbox.run(async (m) => {
      if (body.moduleId && !(await this.catalogue.module(m, body.moduleId))) throw moduleNotFound();
      if (body.parcoursId && (await this.catalogue.paths(m, body.parcoursId)).length === 0) throw pathNotFound();
      if (body.lieuId) {
        const [lieu] = (await m.query(`SELECT statut FROM known_lieu WHERE id = $1`, [body.lieuId])) as Array<{ statut: string }>;
        if (!lieu || lieu.statut !== 'actif') throw new PinError('SESSION.UNKNOWN_LIEU', 'Ce lieu est inconnu ou fermé : choisissez un lieu ouvert de l’annuaire, ou une visioconférence.');
      }
      await this.sessions.insert(
        m,
        { id, moduleId: body.moduleId ?? null, pathId: body.parcoursId ?? null, lieuId: body.lieuId ?? null, visio: body.visio ?? null, formateur: { username: body.formateur.username, nom: body.formateur.nom ?? null }, capacite: body.capacite, createdBy: u.username },
        halfDays,
      );
      return { ...(await this.presentFor(m, await this.sessions.load(m, id))), visio: body.visio ?? null, formateur: { username: body.formateur.username, nom: body.formateur.nom ?? null } };
    });
  }

  async cancel(user: UserContext | undefined, rpc: RpcEnvelope) {
    requirePolicy(user, POLICIES.formation.manage);
    const { motif } = parsePayload(cancelSessionSchema, rpc.body);
    return this.outbox.run(async (m) => {
      const s = await this.sessions.load(m, rpc.params.id, true);
      if (s.statut === 'annulee') throw sessionCancelled();
      await this.sessions.cancel(m, s.id, motif);
      return this.presentFor(m, await this.sessions.load(m, s.id));
    });
  }

  /**
   * A new capacity (network): never below the people registered; raised, the first of the waiting
   * list take the new seats in arrival order, in the same transaction (the session row locked).
   */
  async changeCapacity(user: UserContext | undefined, rpc: RpcEnvelope) {
    requirePolicy(user, POLICIES.formation.manage);
    const { capacite } = parsePayload(changeCapacitySchema, rpc.body);
    return this.outbox.run(async (m) => {
      const s = await this.sessions.load(m, rpc.params.id, true);
      if (s.statut === 'annulee') throw sessionCancelled();
      const registered = await this.sessions.countRegistered(m, s.id);
      if (capacite < registered) {
        throw new PinError('SESSION.CAPACITY_BELOW_REGISTERED', `La capacité ne peut pas être inférieure au nombre de personnes inscrites (${registered}) : annulez d’abord des inscriptions.`, [
          { path: 'capacite', message: `${registered} au moins.` },
        ]);
      }
      await this.sessions.setCapacity(m, s.id, capacite);
      const promues = await this.sessions.fillSeats(m, s.id, capacite);
      return { ...(await this.presentFor(m, await this.sessions.load(m, s.id))), promues };
    });
  }

  /** Registered, waiting and cancelled participants with their attendance (the session's trainer, the network). */
  async registrations(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.formation.train);
    const m = this.ds.manager;
    const s = await this.sessions.load(m, rpc.params.id);
    requireTrainer(u, s);
    const regs = await this.sessions.registrationsOf(m, s.id);
    const attendance = await this.sessions.attendanceOf(m, regs.map((r) => r.id));
    let waiting = 0;
    return {
      session: (await this.present([s]))[0],
      visio: s.visio_url,
      formateur: { username: s.formateur_username, nom: s.formateur_nom },
      items: regs.map((r) => ({
        ...presentRegistration(r, { rangAttente: r.statut === 'attente' ? ++waiting : null }),
        participant: { username: r.participant_username, nom: r.participant_nom },
        presences: attendance.filter((a) => a.registration_id === r.id).map((a) => ({ demiJournee: a.rang, present: a.present })),
      })),
    };
  }

  private async present(rows: SessionRow[]) {
    const halfDays = await this.sessions.halfDays(this.ds.manager, rows.map((r) => r.id));
    return rows.map((r) => presentSession(r, halfDays.filter((h) => h.session_id === r.id)));
  }

  private async presentFor(m: Parameters<SessionRepository['halfDays']>[0], row: SessionRow) {
    return presentSession(row, await this.sessions.halfDays(m, [row.id]));
  }
}


