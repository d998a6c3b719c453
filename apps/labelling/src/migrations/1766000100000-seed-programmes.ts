import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The territorial label of the network and the national labels it tracks. Criteria come from the
 * référentiel d'activités and the labelling fiche of the Landes inclusion strategy (fiches 1.3
 * « Constituer un référentiel d'activités » and 1.4 « Labelliser les lieux d'accueil numérique »,
 * Stratégie pour un numérique inclusif, Département des Landes, janvier 2020), rephrased here.
 */
export class SeedProgrammes1766000100000 implements MigrationInterface {
  name = 'SeedProgrammes1766000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO programme (id, nature, titre, description, validite_mois) VALUES
        ('pin-territorial', 'territorial', 'Label territorial du réseau d’inclusion numérique',
         'Reconnaît les lieux d’accueil numérique qui partagent les valeurs du réseau (charte et référentiel d’activités) ; appui vers les labels nationaux (Numérique inclusif, #APTIC).', 24),
        ('france-services', 'national', 'France Services', 'Label national des espaces France Services.', NULL),
        ('aptic', 'national', '#APTIC', 'Label permettant d’encaisser des Pass Numérique.', NULL),
        ('numerique-inclusif', 'national', 'Numérique inclusif', 'Label « Numérique Inclusif » de l’État.', NULL),
        ('aidants-connect', 'national', 'Aidants Connect', 'Structure habilitée Aidants Connect.', NULL)`,
    );
    await q.query(
      `INSERT INTO programme_niveau (programme_id, id, rang, titre) VALUES
        ('pin-territorial', 'accueil', 1, 'Accueil : premier niveau d’accompagnement'),
        ('pin-territorial', 'accompagnement', 2, 'Accompagnement : démarches accompagnées'),
        ('pin-territorial', 'reference', 3, 'Lieu de référence du territoire')`,
    );
    await q.query(
      `INSERT INTO critere (programme_id, id, rang, titre, description, obligatoire_des_rang, verification) VALUES
        ('pin-territorial', 'charte-adoptee', 1, 'Charte de l’aidant adoptée', 'Les personnes au contact du public ont signé la charte de l’aidant numérique du réseau.', 1, NULL),
        ('pin-territorial', 'accueil-public', 2, 'Accueil du public', 'Horaires d’ouverture publiés dans l’annuaire et accueil sans rendez-vous ou sur rendez-vous identifié.', 1, NULL),
        ('pin-territorial', 'accompagnement-demarches', 3, 'Accompagnement aux démarches', 'Accompagnement aux démarches administratives en ligne, en s’appuyant sur le référentiel d’activités.', 2, NULL),
        ('pin-territorial', 'aidant-forme', 4, 'Aidant formé', 'Au moins un aidant a suivi le parcours de formation requis pour l’habilitation.', 2, 'aidant-forme'),
        ('pin-territorial', 'mandat-formalise', 5, 'Mandat formalisé', 'Les démarches faites pour le compte d’une personne le sont sous mandat écrit.', 2, NULL),
        ('pin-territorial', 'espace-confidentiel', 6, 'Espace confidentiel', 'Un espace permet d’échanger sans être entendu pour les démarches personnelles.', 3, NULL),
        ('pin-territorial', 'acces-pmr', 7, 'Accès PMR', 'Le lieu est accessible aux personnes à mobilité réduite.', NULL, NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM critere`);
    await q.query(`DELETE FROM programme_niveau`);
    await q.query(`DELETE FROM programme`);
  }
}
