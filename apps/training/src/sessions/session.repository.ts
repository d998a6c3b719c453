import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PinError, type HalfDayPeriod } from '@pin/contracts';

export interface SessionRow {
  id: string;
  module_id: string | null;
  path_id: string | null;
  titre: string;
  lieu_id: string | null;
  lieu_nom: string | null;
  lieu_commune: string | null;
  visio_url: string | null;
  formateur_username: string;
  formateur_nom: string | null;
  capacite: number;
  statut: 'ouverte' | 'annulee';
  motif_annulation: string | null;
  annulee_le: Date | null;
  creee_le: Date;
  inscrits: number;
  en_attente: number;
}

export interface HalfDayRow {
  session_id: string;
  rang: number;
  jour: string;
  periode: HalfDayPeriod;
}

export interface RegistrationRow {
  id: string;
  session_id: string;
  participant_username: string;
  participant_sub: string | null;
  participant_nom: string | null;
  structure_id: string | null;
  statut: 'inscrit' | 'attente' | 'annule';
  arrivee: string;
  inscrit_par: string;
  creee_le: Date;
  promue_le: Date | null;
  annulee_le: Date | null;
  rappel_le: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

export const sessionNotFound = () => new PinError('SESSION.NOT_FOUND', 'Session de formation introuvable.');
export const registrationNotFound = () => new PinError('INSCRIPTION.NOT_FOUND', 'Inscription introuvable.');
export const sessionCancelled = () => new PinError('SESSION.CANCELLED', 'Cette session a été annulée.');

const SESSION_SELECT = `
  SELECT s.*, coalesce(tm.titre, tp.titre) AS titre, kl.nom AS lieu_nom, kl.commune AS lieu_commune,
         (SELECT count(*) FROM registration r WHERE r.session_id = s.id AND r.statut = 'inscrit')::int AS inscrits,
         (SELECT count(*) FROM registration r WHERE r.session_id = s.id AND r.statut = 'attente')::int AS en_attente
    FROM training_session s
    LEFT JOIN training_module tm ON tm.id = s.module_id
    LEFT JOIN training_path tp ON tp.id = s.path_id
    LEFT JOIN known_lieu kl ON kl.id = s.lieu_id`;

/** SQL of sessions, their half-days and registrations; every method runs in the caller's transaction. */
@Injectable()
export class SessionRepository {
  /** With `lock`, the session row is locked (FOR UPDATE) first: registrations of one session are served one at a time, in arrival order. */
  async load(m: EntityManager, id: unknown, lock = false): Promise<SessionRow> {
    if (!isUuid(id)) throw sessionNotFound();
    if (lock) {
      const locked = (await m.query(`SELECT id FROM training_session WHERE id = $1 FOR UPDATE`, [id])) as unknown[];
      if (!locked[0]) throw sessionNotFound();
    }
    const rows = (await m.query(`${SESSION_SELECT} WHERE s.id = $1`, [id])) as SessionRow[];
    if (!rows[0]) throw sessionNotFound();
    return rows[0];
  }

  async list(m: EntityManager, f: { moduleId?: string; pathId?: string; upcoming: boolean }): Promise<SessionRow[]> {
    return (await m.query(
      `${SESSION_SELECT}
        WHERE ($1::text IS NULL OR s.module_id = $1) AND ($2::text IS NULL OR s.path_id = $2)
          AND (NOT $3 OR (SELECT max(h.jour) FROM session_half_day h WHERE h.session_id = s.id) >= (now() AT TIME ZONE 'Europe/Paris')::date)
        ORDER BY (SELECT min(h.jour) FROM session_half_day h WHERE h.session_id = s.id), s.creee_le
        LIMIT 200`,
      [f.moduleId ?? null, f.pathId ?? null, f.upcoming],
    )) as SessionRow[];
  }

  async halfDays(m: EntityManager, sessionIds: string[]): Promise<HalfDayRow[]> {
    if (sessionIds.length === 0) return [];
    return (await m.query(`SELECT session_id, rang, to_char(jour, 'YYYY-MM-DD') AS jour, periode FROM session_half_day WHERE session_id = ANY($1::uuid[]) ORDER BY session_id, rang`, [sessionIds])) as HalfDayRow[];
  }

  async insert(
    m: EntityManager,
    s: { id: string; moduleId: string | null; pathId: string | null; lieuId: string | null; visio: string | null; formateur: { username: string; nom: string | null }; capacite: number; createdBy: string },
    halfDays: Array<{ date: string; periode: string }>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO training_session (id, module_id, path_id, lieu_id, visio_url, formateur_username, formateur_nom, capacite, creee_par) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [s.id, s.moduleId, s.pathId, s.lieuId, s.visio, s.formateur.username, s.formateur.nom, s.capacite, s.createdBy],
    );
    for (const [i, h] of halfDays.entries()) {
      await m.query(`INSERT INTO session_half_day (session_id, rang, jour, periode) VALUES ($1, $2, $3, $4)`, [s.id, i + 1, h.date, h.periode]);
    }
  }

  async cancel(m: EntityManager, id: string, motif: string): Promise<void> {
    await m.query(`UPDATE training_session SET statut = 'annulee', motif_annulation = $2, annulee_le = now() WHERE id = $1`, [id, motif]);
  }

  async registration(m: EntityManager, id: unknown): Promise<RegistrationRow> {
    if (!isUuid(id)) throw registrationNotFound();
    const rows = (await m.query(`SELECT * FROM registration WHERE id = $1`, [id])) as RegistrationRow[];
    if (!rows[0]) throw registrationNotFound();
    return rows[0];
  }

  async registrationsOf(m: EntityManager, sessionId: string): Promise<RegistrationRow[]> {
    return (await m.query(`SELECT * FROM registration WHERE session_id = $1 ORDER BY arrivee`, [sessionId])) as RegistrationRow[];
  }

  async activeRegistration(m: EntityManager, sessionId: string, username: string): Promise<RegistrationRow | undefined> {
    return ((await m.query(`SELECT * FROM registration WHERE session_id = $1 AND participant_username = $2 AND statut <> 'annule'`, [sessionId, username])) as RegistrationRow[])[0];
  }

  async countRegistered(m: EntityManager, sessionId: string): Promise<number> {
    return ((await m.query(`SELECT count(*)::int AS n FROM registration WHERE session_id = $1 AND statut = 'inscrit'`, [sessionId])) as Array<{ n: number }>)[0].n;
  }

  async insertRegistration(
    m: EntityManager,
    r: { id: string; sessionId: string; username: string; sub: string | null; nom: string | null; structureId: string | null; statut: 'inscrit' | 'attente'; by: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO registration (id, session_id, participant_username, participant_sub, participant_nom, structure_id, statut, inscrit_par) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.id, r.sessionId, r.username, r.sub, r.nom, r.structureId, r.statut, r.by],
    );
  }

  async cancelRegistration(m: EntityManager, id: string, motif: string | null): Promise<void> {
    await m.query(`UPDATE registration SET statut = 'annule', annulee_le = now(), motif_annulation = $2 WHERE id = $1`, [id, motif]);
  }

  async setCapacity(m: EntityManager, id: string, capacite: number): Promise<void> {
    await m.query(`UPDATE training_session SET capacite = $2 WHERE id = $1`, [id, capacite]);
  }

  /** Free seats go to the waiting list in arrival order (the session row locked); returns the promoted registrations. */
  async fillSeats(m: EntityManager, sessionId: string, capacite: number): Promise<string[]> {
    const promoted: string[] = [];
    while ((await this.countRegistered(m, sessionId)) < capacite) {
      const next = await this.promoteNext(m, sessionId);
      if (!next) break;
      promoted.push(next);
    }
    return promoted;
  }

  /** The first of the waiting list (arrival order) takes a free seat; returns its id. */
  async promoteNext(m: EntityManager, sessionId: string): Promise<string | null> {
    const rows = (await m.query(
      `UPDATE registration SET statut = 'inscrit', promue_le = now()
        WHERE id = (SELECT id FROM registration WHERE session_id = $1 AND statut = 'attente' ORDER BY arrivee LIMIT 1)
        RETURNING id`,
      [sessionId],
    )) as [Array<{ id: string }>, number];
    return rows[0][0]?.id ?? null;
  }

  /** Rank of a waiting registration in its session's waiting list (1 = next). */
  async waitingRank(m: EntityManager, r: RegistrationRow): Promise<number | null> {
    if (r.statut !== 'attente') return null;
    return ((await m.query(`SELECT count(*)::int AS n FROM registration WHERE session_id = $1 AND statut = 'attente' AND arrivee <= $2`, [r.session_id, r.arrivee])) as Array<{ n: number }>)[0].n;
  }

  /** Registrations made for a person by username before their subject id was known get it now. */
  async claim(m: EntityManager, username: string, sub: string): Promise<void> {
    await m.query(`UPDATE registration SET participant_sub = $2 WHERE participant_username = $1 AND participant_sub IS NULL`, [username, sub]);
  }

  async mine(m: EntityManager, username: string): Promise<RegistrationRow[]> {
    return (await m.query(`SELECT * FROM registration WHERE participant_username = $1 ORDER BY creee_le DESC LIMIT 200`, [username])) as RegistrationRow[];
  }

  async attendanceOf(m: EntityManager, registrationIds: string[]): Promise<Array<{ registration_id: string; rang: number; present: boolean }>> {
    if (registrationIds.length === 0) return [];
    return (await m.query(`SELECT registration_id, rang, present FROM attendance WHERE registration_id = ANY($1::uuid[]) ORDER BY rang`, [registrationIds])) as Array<{ registration_id: string; rang: number; present: boolean }>;
  }

  async markAttendance(m: EntityManager, registrationId: string, rang: number, present: boolean, by: string): Promise<void> {
    await m.query(
      `INSERT INTO attendance (registration_id, rang, present, emarge_par) VALUES ($1, $2, $3, $4)
       ON CONFLICT (registration_id, rang) DO UPDATE SET present = EXCLUDED.present, emarge_par = EXCLUDED.emarge_par, emarge_le = now()`,
      [registrationId, rang, present, by],
    );
  }

  /** Half-days attended (present) by a registration. */
  async attended(m: EntityManager, registrationId: string): Promise<number> {
    return ((await m.query(`SELECT count(*)::int AS n FROM attendance WHERE registration_id = $1 AND present`, [registrationId])) as Array<{ n: number }>)[0].n;
  }
}
