import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The safe's tables. No column holds a file's content, name or description in clear: `meta` is
 * ciphertext (AWS Encryption SDK message) under the document's data key, and `wrapped_key` is
 * that data key encrypted by a key-encryption key held in configuration (`kek_version`).
 */
export class CreateSafe1765100000000 implements MigrationInterface {
  name = 'CreateSafe1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document (
        id uuid PRIMARY KEY,
        usager_id uuid NOT NULL,
        categorie text NOT NULL,
        delivre_le date,
        expire_le date,
        taille bigint NOT NULL,
        object_key text NOT NULL UNIQUE,
        kek_version text,
        wrapped_key bytea,
        meta bytea NOT NULL,
        depose_par_sub text NOT NULL,
        depose_par_role text NOT NULL CHECK (depose_par_role IN ('usager', 'aidant')),
        structure_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CHECK ((wrapped_key IS NULL) = (kek_version IS NULL))
      );
      CREATE INDEX document_usager ON document (usager_id) WHERE deleted_at IS NULL;

      CREATE TABLE share (
        id uuid PRIMARY KEY,
        usager_id uuid NOT NULL,
        document_id uuid REFERENCES document(id),
        categorie text,
        structure_id uuid NOT NULL,
        aidant_sub text,
        jusqu_au timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CHECK ((document_id IS NULL) <> (categorie IS NULL))
      );
      CREATE INDEX share_usager ON share (usager_id, structure_id);

      CREATE TABLE download_ticket (
        token_hash bytea PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('document', 'export')),
        usager_id uuid NOT NULL,
        document_id uuid,
        actor_sub text NOT NULL,
        actor_role text NOT NULL,
        structure_id uuid,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );

      CREATE TABLE owner_account (account_sub text PRIMARY KEY, usager_id uuid NOT NULL);

      CREATE TABLE closure (
        usager_id uuid PRIMARY KEY,
        requested_at timestamptz NOT NULL,
        destroy_after timestamptz NOT NULL,
        destroyed_at timestamptz
      );

      CREATE TABLE journal_entry (
        usager_id uuid NOT NULL,
        seq integer NOT NULL,
        id uuid NOT NULL UNIQUE,
        recorded_at timestamptz NOT NULL,
        action text NOT NULL,
        document_id uuid,
        structure_id uuid,
        actor_sub text,
        actor_role text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (usager_id, seq)
      );
      CREATE FUNCTION journal_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'journal_entry is append-only'; END $$;
      CREATE TRIGGER journal_entry_append_only BEFORE UPDATE OR DELETE ON journal_entry
        FOR EACH ROW EXECUTE FUNCTION journal_entry_append_only();

      CREATE TABLE mandate_autorisation (
        autorisation_id uuid PRIMARY KEY,
        mandat_id uuid NOT NULL,
        usager_id uuid NOT NULL,
        structure_id uuid NOT NULL,
        demarche text NOT NULL,
        debut timestamptz NOT NULL,
        fin timestamptz NOT NULL,
        revoked_at timestamptz
      );
      CREATE INDEX mandate_autorisation_lookup ON mandate_autorisation (usager_id, structure_id, demarche);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mandate_autorisation, journal_entry, closure, owner_account, download_ticket, share, document; DROP FUNCTION journal_entry_append_only()`);
  }
}
