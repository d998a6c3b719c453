import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Projections (lieux, certifications), programmes and criteria, dossiers, labels, the labelling
 * journal (hash-chained, append-only), the charte de l'aidant and the Pass Numérique ledger.
 */
export class CreateLabelling1766000000000 implements MigrationInterface {
  name = 'CreateLabelling1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE known_lieu (
        id uuid PRIMARY KEY,
        structure_id uuid,
        nom text NOT NULL DEFAULT '',
        commune text NOT NULL DEFAULT '',
        statut text NOT NULL,
        source_version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE known_certification (
        aidant_sub text NOT NULL,
        path_id text NOT NULL,
        attestation_id uuid NOT NULL,
        certified_at timestamptz NOT NULL,
        PRIMARY KEY (aidant_sub, path_id)
      )`);
    await q.query(`
      CREATE TABLE programme (
        id text PRIMARY KEY,
        nature text NOT NULL CHECK (nature IN ('territorial', 'national')),
        titre text NOT NULL,
        description text NOT NULL,
        validite_mois integer CHECK (validite_mois > 0)
      )`);
    await q.query(`
      CREATE TABLE programme_niveau (
        programme_id text NOT NULL REFERENCES programme(id),
        id text NOT NULL,
        rang integer NOT NULL,
        titre text NOT NULL,
        PRIMARY KEY (programme_id, id),
        UNIQUE (programme_id, rang)
      )`);
    await q.query(`
      CREATE TABLE critere (
        programme_id text NOT NULL REFERENCES programme(id),
        id text NOT NULL,
        rang integer NOT NULL,
        titre text NOT NULL,
        description text NOT NULL,
        -- Lowest level that requires the criterion; null: optional at every level.
        obligatoire_des_rang integer,
        -- 'aidant-forme': the answer names aidants whose training certification is checked.
        verification text CHECK (verification IN ('aidant-forme')),
        PRIMARY KEY (programme_id, id)
      )`);
    await q.query(`
      CREATE TABLE dossier (
        id uuid PRIMARY KEY,
        programme_id text NOT NULL REFERENCES programme(id),
        niveau text NOT NULL,
        lieu_id uuid NOT NULL,
        structure_id uuid NOT NULL,
        statut text NOT NULL CHECK (statut IN ('brouillon', 'depose', 'en_instruction', 'modifications_demandees', 'accorde', 'refuse')),
        renouvelle_label_id uuid,
        cree_par text NOT NULL,
        cree_le timestamptz NOT NULL DEFAULT now(),
        depose_le timestamptz,
        instructeur_sub text,
        decide_le timestamptz,
        motif text,
        FOREIGN KEY (programme_id, niveau) REFERENCES programme_niveau(programme_id, id)
      )`);
    // One open dossier per lieu and programme.
    await q.query(`CREATE UNIQUE INDEX dossier_open_once ON dossier (lieu_id, programme_id) WHERE statut NOT IN ('accorde', 'refuse')`);
    await q.query(`CREATE INDEX dossier_structure ON dossier (structure_id, statut)`);
    await q.query(`
      CREATE TABLE dossier_reponse (
        dossier_id uuid NOT NULL REFERENCES dossier(id),
        critere_id text NOT NULL,
        reponse text NOT NULL,
        preuve text,
        aidants text[] NOT NULL DEFAULT '{}',
        modifie_le timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (dossier_id, critere_id)
      )`);
    await q.query(`
      CREATE TABLE dossier_avis (
        id bigserial PRIMARY KEY,
        dossier_id uuid NOT NULL REFERENCES dossier(id),
        critere_id text NOT NULL,
        conforme boolean NOT NULL,
        commentaire text,
        instructeur_sub text NOT NULL,
        donne_le timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE label (
        id uuid PRIMARY KEY,
        programme_id text NOT NULL REFERENCES programme(id),
        niveau text,
        lieu_id uuid NOT NULL,
        structure_id uuid,
        dossier_id uuid REFERENCES dossier(id),
        preuve text,
        depuis date NOT NULL,
        jusqu_au date,
        statut text NOT NULL CHECK (statut IN ('actif', 'retire', 'expire', 'renouvele')),
        rappel_le timestamptz,
        motif_retrait text,
        accorde_le timestamptz NOT NULL DEFAULT now(),
        fin_le timestamptz
      )`);
    await q.query(`CREATE INDEX label_lieu ON label (lieu_id, programme_id) WHERE statut = 'actif'`);
    await q.query(`CREATE INDEX label_expiry ON label (jusqu_au) WHERE statut = 'actif'`);

    // The journal: the same hash chain as mandates' (RFC 8785 JSON, SHA-256, one locked head row), append-only.
    await q.query(`
      CREATE TABLE labelling_journal_entry (
        seq bigint PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        recorded_at timestamptz NOT NULL,
        action text NOT NULL,
        subject_id text,
        structure_id uuid,
        actor_sub text,
        data jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX labelling_journal_subject ON labelling_journal_entry (subject_id, seq)`);
    await q.query(`CREATE TABLE labelling_journal_head (id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash text NOT NULL)`);
    await q.query(`INSERT INTO labelling_journal_head (id, seq, hash) VALUES (1, 0, repeat('0', 64))`);
    await q.query(`
      CREATE FUNCTION labelling_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER labelling_journal_append_only BEFORE UPDATE OR DELETE ON labelling_journal_entry FOR EACH ROW EXECUTE FUNCTION labelling_refuse_change()`);
    await q.query(`CREATE TRIGGER labelling_journal_no_truncate BEFORE TRUNCATE ON labelling_journal_entry FOR EACH STATEMENT EXECUTE FUNCTION labelling_refuse_change()`);

    await q.query(`
      CREATE TABLE charte_version (
        version integer PRIMARY KEY,
        texte text NOT NULL,
        publiee_le timestamptz NOT NULL DEFAULT now(),
        publiee_par text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE charte_signature (
        id uuid PRIMARY KEY,
        version integer NOT NULL REFERENCES charte_version(version),
        aidant_sub text NOT NULL,
        structure_id uuid,
        signee_le timestamptz NOT NULL DEFAULT now(),
        UNIQUE (version, aidant_sub)
      )`);

    // Pass Numérique ledger. `pass` holds each pass's current state (moved by conditional UPDATEs);
    // `pass_mouvement` is the append-only history of every transition.
    await q.query(`
      CREATE TABLE pass_lot (
        id uuid PRIMARY KEY,
        financeur text NOT NULL,
        premier_numero bigint NOT NULL,
        dernier_numero bigint NOT NULL,
        valeur_centimes integer NOT NULL CHECK (valeur_centimes > 0),
        valide_jusqu_au date NOT NULL,
        -- Last day a pass may be scanned: the end of the month after the validity (31/12 → 31/01).
        tolerance_jusqu_au date NOT NULL,
        cree_par text NOT NULL,
        cree_le timestamptz NOT NULL DEFAULT now(),
        CHECK (dernier_numero >= premier_numero)
      )`);
    await q.query(`ALTER TABLE pass_lot ADD CONSTRAINT pass_lot_no_overlap EXCLUDE USING gist (int8range(premier_numero, dernier_numero, '[]') WITH &&)`);
    await q.query(`
      CREATE TABLE pass (
        numero bigint PRIMARY KEY,
        lot_id uuid NOT NULL REFERENCES pass_lot(id),
        statut text NOT NULL CHECK (statut IN ('lot', 'alloue', 'distribue', 'scanne', 'reclame', 'paye', 'expire', 'annule')),
        prescripteur_id uuid,
        beneficiaire_pseudo text,
        lieu_id uuid,
        structure_id uuid,
        service text,
        scanne_le timestamptz,
        scanne_par text,
        demande_id uuid,
        modifie_le timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX pass_lot_statut ON pass (lot_id, statut)`);
    await q.query(`CREATE INDEX pass_scanned ON pass (scanne_le) WHERE statut = 'scanne'`);
    await q.query(`
      CREATE TABLE pass_mouvement (
        seq bigserial PRIMARY KEY,
        numero bigint NOT NULL REFERENCES pass(numero),
        de text,
        vers text NOT NULL,
        acteur_sub text NOT NULL,
        le timestamptz NOT NULL DEFAULT now(),
        data jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX pass_mouvement_numero ON pass_mouvement (numero, seq)`);
    await q.query(`CREATE TRIGGER pass_mouvement_append_only BEFORE UPDATE OR DELETE ON pass_mouvement FOR EACH ROW EXECUTE FUNCTION labelling_refuse_change()`);
    await q.query(`CREATE TRIGGER pass_mouvement_no_truncate BEFORE TRUNCATE ON pass_mouvement FOR EACH STATEMENT EXECUTE FUNCTION labelling_refuse_change()`);
    await q.query(`
      CREATE TABLE demande_remboursement (
        id uuid PRIMARY KEY,
        mois text NOT NULL,
        financeur text NOT NULL,
        statut text NOT NULL CHECK (statut IN ('emise', 'payee')),
        nombre integer NOT NULL,
        montant_centimes bigint NOT NULL,
        creee_par text NOT NULL,
        creee_le timestamptz NOT NULL DEFAULT now(),
        payee_le timestamptz,
        UNIQUE (mois, financeur)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['demande_remboursement', 'pass_mouvement', 'pass', 'pass_lot', 'charte_signature', 'charte_version', 'labelling_journal_head', 'labelling_journal_entry', 'label', 'dossier_avis', 'dossier_reponse', 'dossier', 'critere', 'programme_niveau', 'programme', 'known_certification', 'known_lieu']) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`DROP FUNCTION labelling_refuse_change()`);
  }
}
