import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search snapshot freshness: every committed change of a lieu (or of the démarches catalogue)
 * notifies the directory replicas, which reload just those rows (channel `pin_directory_search`,
 * payload = the lieu id, or `demarche`). Notifications are sent at commit, and duplicates within
 * one transaction are folded by PostgreSQL.
 */
export class LieuSearchNotify1764000200000 implements MigrationInterface {
  name = 'LieuSearchNotify1764000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION lieu_search_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'lieu' THEN
          PERFORM pg_notify('pin_directory_search', CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END::text);
        ELSE
          PERFORM pg_notify('pin_directory_search', 'demarche');
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER lieu_search_notify AFTER INSERT OR UPDATE OR DELETE ON lieu FOR EACH ROW EXECUTE FUNCTION lieu_search_notify()`);
    await q.query(`CREATE TRIGGER demarche_search_notify AFTER INSERT OR UPDATE OR DELETE ON demarche FOR EACH STATEMENT EXECUTE FUNCTION lieu_search_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS demarche_search_notify ON demarche');
    await q.query('DROP TRIGGER IF EXISTS lieu_search_notify ON lieu');
    await q.query('DROP FUNCTION IF EXISTS lieu_search_notify()');
  }
}
