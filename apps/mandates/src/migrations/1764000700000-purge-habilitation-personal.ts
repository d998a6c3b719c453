import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Habilitation entries keep the aidant's username and name in `journal_personal` with no usager,
 * out of reach of `journal_purge_personal(usager)`. This second purge function erases the personal
 * details of one habilitation's entries (found through the hashed `data.habilitationId`), for the
 * retention purge of refused and withdrawn habilitations.
 */
export class PurgeHabilitationPersonal1764000700000 implements MigrationInterface {
  name = 'PurgeHabilitationPersonal1764000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX journal_habilitation_idx ON journal_entry ((data->>'habilitationId')) WHERE action LIKE 'habilitation.%'`);
    await q.query(`
      CREATE FUNCTION journal_purge_habilitation_personal(p_habilitation uuid) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE n integer;
      BEGIN
        DELETE FROM journal_personal p USING journal_entry j
         WHERE p.seq = j.seq AND j.action LIKE 'habilitation.%' AND j.data->>'habilitationId' = p_habilitation::text;
        GET DIAGNOSTICS n = ROW_COUNT;
        RETURN n;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION journal_purge_habilitation_personal(uuid) FROM PUBLIC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION journal_purge_habilitation_personal(uuid)');
    await q.query('DROP INDEX journal_habilitation_idx');
  }
}
