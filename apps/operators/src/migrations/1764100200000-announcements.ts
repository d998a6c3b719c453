import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Operators' announcements to the aidants, and who marked them read (kept here, never in events). */
export class Announcements1764100200000 implements MigrationInterface {
  name = 'Announcements1764100200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE announcement (
        id uuid PRIMARY KEY,
        operator_id text NOT NULL,
        titre text NOT NULL,
        texte text NOT NULL,
        lien text,
        demarches text[] NOT NULL DEFAULT '{}',
        departements text[] NOT NULL DEFAULT '{}',
        epcis text[] NOT NULL DEFAULT '{}',
        communes text[] NOT NULL DEFAULT '{}',
        published_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX announcement_published ON announcement (published_at DESC)`);
    await q.query(`
      CREATE TABLE announcement_ack (
        announcement_id uuid NOT NULL REFERENCES announcement (id) ON DELETE CASCADE,
        aidant_sub text NOT NULL,
        structure_id uuid,
        acknowledged_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (announcement_id, aidant_sub)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE announcement_ack, announcement');
  }
}
