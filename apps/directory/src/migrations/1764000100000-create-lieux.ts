import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The démarches catalogue seeded at creation (animateurs manage it afterwards): [slug, libellé, thème]. */
export const INITIAL_DEMARCHES: ReadonlyArray<readonly [string, string, string]> = [
  ['cni-passeport', "Carte d'identité et passeport (pré-demande ANTS)", 'Identité et titres'],
  ['permis-conduire', 'Permis de conduire (ANTS)', 'Identité et titres'],
  ['carte-grise', 'Carte grise, certificat d’immatriculation (ANTS)', 'Identité et titres'],
  ['etat-civil', "Actes d'état civil (naissance, mariage, décès)", 'Identité et titres'],
  ['caf', 'Allocations familiales et logement (CAF)', 'Social et famille'],
  ['ameli', 'Assurance maladie (compte ameli)', 'Social et famille'],
  ['mutuelle-css', 'Complémentaire santé solidaire', 'Social et famille'],
  ['msa', 'Mutualité sociale agricole (MSA)', 'Social et famille'],
  ['mon-espace-sante', 'Mon Espace Santé', 'Social et famille'],
  ['france-travail', 'Inscription et suivi France Travail', 'Emploi'],
  ['cv-candidature', 'CV, lettre de motivation, candidature en ligne', 'Emploi'],
  ['impots', 'Impôts (impots.gouv.fr, déclaration de revenus)', 'Impôts et argent'],
  ['banque-en-ligne', 'Banque en ligne et paiement sécurisé', 'Impôts et argent'],
  ['demande-logement-social', 'Demande de logement social', 'Logement'],
  ['energie', "Fournisseurs d'énergie, chèque énergie", 'Logement'],
  ['retraite', 'Retraite (info-retraite, demande en ligne)', 'Retraite'],
  ['adresse-email', "Création d'une adresse e-mail", 'Numérique du quotidien'],
  ['france-connect', 'FranceConnect et identité numérique', 'Numérique du quotidien'],
  ['coffre-fort-numerique', 'Coffre-fort numérique (stockage des justificatifs)', 'Numérique du quotidien'],
  ['scolarite-ent', 'Scolarité, ENT et démarches des parents', 'Numérique du quotidien'],
];

/**
 * Lieux de médiation numérique (national standard v1.0.2 field names), the démarches catalogue and
 * the signalements. Multi-valued columns hold slugs (libs/contracts/src/lieux/standard.ts).
 */
export class CreateLieux1764000100000 implements MigrationInterface {
  name = 'CreateLieux1764000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS postgis');
    await q.query('CREATE EXTENSION IF NOT EXISTS unaccent');
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    // French stemming, accents ignored (unaccent() itself is not IMMUTABLE, a configuration is).
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'fr_unaccent') THEN
          CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french);
          ALTER TEXT SEARCH CONFIGURATION fr_unaccent ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
      END $$`);

    await q.query(`
      CREATE TABLE demarche (
        slug text PRIMARY KEY CHECK (slug ~ '^[a-z0-9-]{2,60}$'),
        libelle text NOT NULL,
        theme text NOT NULL,
        position integer NOT NULL DEFAULT 0,
        actif boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    const values: unknown[] = [];
    const tuples = INITIAL_DEMARCHES.map(([slug, libelle, theme], i) => {
      values.push(slug, libelle, theme, (i + 1) * 10);
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
    });
    await q.query(`INSERT INTO demarche (slug, libelle, theme, position) VALUES ${tuples.join(', ')}`, values);

    const slugs = (name: string) => `${name} text[] NOT NULL DEFAULT '{}'`;
    await q.query(`
      CREATE TABLE lieu (
        id uuid PRIMARY KEY,
        structure_id uuid NULL REFERENCES structure(id),
        source text NOT NULL,
        source_id text NOT NULL,
        statut text NOT NULL DEFAULT 'actif' CHECK (statut IN ('actif', 'ferme')),
        pivot text NULL,
        nom text NOT NULL,
        adresse text NOT NULL,
        complement_adresse text NULL,
        commune text NOT NULL,
        code_postal text NOT NULL,
        code_insee text NULL,
        location geography(Point, 4326) NULL,
        ${slugs('typologie')},
        telephone text NULL,
        ${slugs('courriels')},
        ${slugs('site_web')},
        horaires text NULL,
        presentation_resume text NULL,
        presentation_detail text NULL,
        ${slugs('itinerance')},
        structure_parente text NULL,
        ${slugs('services')},
        ${slugs('publics_specifiquement_adresses')},
        ${slugs('prise_en_charge_specifique')},
        ${slugs('frais_a_charge')},
        ${slugs('dispositif_programmes_nationaux')},
        ${slugs('formations_labels')},
        ${slugs('autres_formations_labels')},
        ${slugs('modalites_acces')},
        ${slugs('modalites_accompagnement')},
        fiche_acces_libre text NULL,
        prise_rdv text NULL,
        ${slugs('demarches')},
        date_maj date NOT NULL,
        ${slugs('flags')},
        search tsvector GENERATED ALWAYS AS (to_tsvector('fr_unaccent', coalesce(nom, '') || ' ' || coalesce(commune, ''))) STORED,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz NULL,
        closed_motif text NULL,
        CONSTRAINT lieu_source_uq UNIQUE (source, source_id)
      )`);
    await q.query('CREATE INDEX lieu_location_gist ON lieu USING gist (location)');
    await q.query('CREATE INDEX lieu_search_gin ON lieu USING gin (search)');
    await q.query('CREATE INDEX lieu_services_gin ON lieu USING gin (services)');
    await q.query('CREATE INDEX lieu_demarches_gin ON lieu USING gin (demarches)');
    await q.query('CREATE INDEX lieu_code_insee_idx ON lieu (code_insee)');
    await q.query('CREATE INDEX lieu_structure_idx ON lieu (structure_id)');

    await q.query(`
      CREATE TABLE signalement (
        id uuid PRIMARY KEY,
        lieu_id uuid NOT NULL REFERENCES lieu(id),
        motif text NOT NULL CHECK (motif IN ('n-existe-plus', 'horaires', 'services', 'adresse', 'contacts', 'autre')),
        commentaire text NULL,
        email text NULL,
        statut text NOT NULL DEFAULT 'ouvert' CHECK (statut IN ('ouvert', 'corrige', 'rejete')),
        resolution_motif text NULL,
        resolu_par text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz NULL
      )`);
    await q.query('CREATE INDEX signalement_lieu_idx ON signalement (lieu_id, statut)');
    await q.query('CREATE INDEX signalement_statut_idx ON signalement (statut, created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE signalement');
    await q.query('DROP TABLE lieu');
    await q.query('DROP TABLE demarche');
    await q.query('DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent');
  }
}
