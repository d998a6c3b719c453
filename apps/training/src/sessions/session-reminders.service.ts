import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RegistrationRemindedV1 } from '@pin/contracts';
import { Outbox } from '@pin/messaging';
import { halfDayTimes } from '../calendar/ics';

const BATCH = 1000;
const DAY_MS = 86_400_000;

/**
 * Reminders before a session: once per seat (`statut = 'inscrit'`) in an open session whose first
 * half-day starts within the notice period and has not started yet, the registration's `rappel_le`
 * is set (« Mes inscriptions » shows it) and `pin.training.registration.reminded.v1` (ids only)
 * follows through the outbox, both in one transaction. A seat promoted from the waiting list
 * inside the period is reminded at the next scan; a cancelled registration or session never is.
 */
@Injectable()
export class SessionReminders {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Records the reminders that are due at `now` (tests pass their own); returns how many. */
  async scan(reminderDays: number, now: Date = new Date()): Promise<number> {
    const day = now.toISOString().slice(0, 10);
    // Dates bracket the period (a day more for the time zone); the exact start is checked below. Only
    // today's sessions already started can be read and skipped, so a batch is never stuck on old ones.
    const candidates = (await this.ds.query(
      `SELECT r.id, h.jour, h.periode
         FROM registration r
         JOIN training_session s ON s.id = r.session_id AND s.statut = 'ouverte'
         JOIN LATERAL (SELECT to_char(jour, 'YYYY-MM-DD') AS jour, jour AS d, periode FROM session_half_day
                        WHERE session_id = s.id ORDER BY jour, periode = 'apres-midi' LIMIT 1) h ON true
        WHERE r.statut = 'inscrit' AND r.rappel_le IS NULL
          AND h.d BETWEEN $1::date AND $1::date + $2::int + 1
        ORDER BY h.d, r.arrivee LIMIT ${BATCH}`,
      [day, reminderDays],
    )) as Array<{ id: string; jour: string; periode: string }>;
    let recorded = 0;
    for (const c of candidates) {
      const startsAt = halfDayTimes(c.jour, c.periode).start;
      const ahead = startsAt.getTime() - now.getTime();
      if (ahead <= 0 || ahead > reminderDays * DAY_MS) continue;
      // One transaction per registration: the mark and the event together, exactly once even if replicas race.
      const done = await this.outbox.run(async (m, events) => {
        const [rows] = (await m.query(
          `UPDATE registration SET rappel_le = now() WHERE id = $1 AND statut = 'inscrit' AND rappel_le IS NULL
            RETURNING id, session_id, participant_sub, structure_id`,
          [c.id],
        )) as [Array<{ id: string; session_id: string; participant_sub: string | null; structure_id: string | null }>, number];
        const r = rows[0];
        if (!r) return false;
        events.record(RegistrationRemindedV1, {
          subject: r.id,
          correlationId: `reminder-${r.id}`,
          data: { registrationId: r.id, sessionId: r.session_id, aidantSub: r.participant_sub, structureId: r.structure_id, startsAt: startsAt.toISOString() },
        });
        return true;
      });
      if (done) recorded += 1;
    }
    return recorded;
  }
}
