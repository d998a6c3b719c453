import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Référentiel (modules, paths), lieux projection, sessions, registrations, attendance, attestations. */
export class CreateTraining1765000000000 implements MigrationInterface {
  name = 'CreateTraining1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE training_module (
        id text PRIMARY KEY,
        niveau text NOT NULL CHECK (niveau IN ('aidant', 'mediateur', 'decideur')),
        rang integer NOT NULL,
        titre text NOT NULL,
        objectifs text[] NOT NULL,
        duree_minutes integer NOT NULL CHECK (duree_minutes > 0),
        modalite text NOT NULL CHECK (modalite IN ('presentiel', 'distance', 'mixte'))
      )`);
    await q.query(`
      CREATE TABLE training_path (
        id text PRIMARY KEY,
        titre text NOT NULL,
        niveau text NOT NULL CHECK (niveau IN ('aidant', 'mediateur', 'decideur')),
        description text NOT NULL,
        requis_habilitation boolean NOT NULL DEFAULT false
      )`);
    await q.query(`
      CREATE TABLE training_path_module (
        path_id text NOT NULL REFERENCES training_path(id),
        module_id text NOT NULL REFERENCES training_module(id),
        rang integer NOT NULL,
        PRIMARY KEY (path_id, module_id),
        UNIQUE (path_id, rang)
      )`);
    await q.query(`
      CREATE TABLE known_lieu (
        id uuid PRIMARY KEY,
        nom text NOT NULL,
        commune text NOT NULL,
        code_postal text,
        statut text NOT NULL,
        source_version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE training_session (
        id uuid PRIMARY KEY,
        module_id text REFERENCES training_module(id),
        path_id text REFERENCES training_path(id),
        lieu_id uuid,
        visio_url text,
        formateur_username text NOT NULL,
        formateur_nom text,
        capacite integer NOT NULL CHECK (capacite > 0),
        statut text NOT NULL DEFAULT 'ouverte' CHECK (statut IN ('ouverte', 'annulee')),
        motif_annulation text,
        annulee_le timestamptz,
        creee_par text NOT NULL,
        creee_le timestamptz NOT NULL DEFAULT now(),
        CHECK ((module_id IS NULL) <> (path_id IS NULL)),
        CHECK ((lieu_id IS NULL) <> (visio_url IS NULL))
      )`);
    await q.query(`
      CREATE TABLE session_half_day (
        session_id uuid NOT NULL REFERENCES training_session(id),
        rang integer NOT NULL,
        jour date NOT NULL,
        periode text NOT NULL CHECK (periode IN ('matin', 'apres-midi')),
        PRIMARY KEY (session_id, rang),
        UNIQUE (session_id, jour, periode)
      )`);
    // Arrival order of registrations: taken under the session's row lock, so it is the order of service.
    await q.query(`CREATE SEQUENCE registration_arrival`);
    await q.query(`
      CREATE TABLE registration (
        id uuid PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES training_session(id),
        participant_username text NOT NULL,
        participant_sub text,
        participant_nom text,
        structure_id uuid,
        statut text NOT NULL CHECK (statut IN ('inscrit', 'attente', 'annule')),
        arrivee bigint NOT NULL DEFAULT nextval('registration_arrival'),
        inscrit_par text NOT NULL,
        creee_le timestamptz NOT NULL DEFAULT now(),
        promue_le timestamptz,
        annulee_le timestamptz,
        motif_annulation text
      )`);
    await q.query(`CREATE UNIQUE INDEX registration_once ON registration (session_id, participant_username) WHERE statut <> 'annule'`);
    await q.query(`CREATE INDEX registration_session ON registration (session_id, statut, arrivee)`);
    await q.query(`CREATE INDEX registration_participant ON registration (participant_username)`);
    await q.query(`
      CREATE TABLE attendance (
        registration_id uuid NOT NULL REFERENCES registration(id),
        rang integer NOT NULL,
        present boolean NOT NULL,
        emarge_par text NOT NULL,
        emarge_le timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (registration_id, rang)
      )`);
    await q.query(`
      CREATE TABLE attestation (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE,
        participant_username text NOT NULL,
        participant_sub text,
        participant_nom text,
        structure_id uuid,
        module_id text REFERENCES training_module(id),
        path_id text REFERENCES training_path(id),
        registration_id uuid REFERENCES registration(id),
        delivree_le timestamptz NOT NULL DEFAULT now(),
        certification_emise_le timestamptz,
        CHECK ((module_id IS NULL) <> (path_id IS NULL))
      )`);
    // One attestation per participant and module or path.
    await q.query(`CREATE UNIQUE INDEX attestation_module_once ON attestation (participant_username, module_id) WHERE module_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX attestation_path_once ON attestation (participant_username, path_id) WHERE path_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['attestation', 'attendance', 'registration', 'session_half_day', 'training_session', 'known_lieu', 'training_path_module', 'training_path', 'training_module']) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`DROP SEQUENCE registration_arrival`);
  }
}
