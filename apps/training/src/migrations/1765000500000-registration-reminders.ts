import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders before a session: when the reminder of a registration was recorded (once per
 * registration; `pin.training.registration.reminded.v1` follows through the outbox).
 */
export class RegistrationReminders1765000500000 implements MigrationInterface {
  name = 'RegistrationReminders1765000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE registration ADD COLUMN rappel_le timestamptz`);
    // The scan reads only the seats still waiting for their reminder.
    await q.query(`CREATE INDEX registration_reminder_due ON registration (session_id) WHERE statut = 'inscrit' AND rappel_le IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX registration_reminder_due`);
    await q.query(`ALTER TABLE registration DROP COLUMN rappel_le`);
  }
}
