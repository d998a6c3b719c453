import type { MigrationInterface, QueryRunner } from 'typeorm';

// The Landes référentiel de formation as first adopted (data of this migration: a later change of
// the référentiel is a new migration, never an edit of this one).
const MODULES: Array<[id: string, niveau: string, rang: number, titre: string, objectifs: string[], minutes: number, modalite: string]> = [
  ['enjeux-societaux', 'aidant', 1, 'Enjeux sociétaux de l’inclusion numérique', [
    'Situer l’exclusion numérique dans les Landes et en France (publics, causes, conséquences)',
    'Connaître le réseau landais : lieux, France Services, conseillers numériques, médiateurs',
    'Distinguer « faire pour », « faire avec » et « apprendre à faire »',
  ], 60, 'distance'],
  ['cadre-juridique', 'aidant', 2, 'Cadre juridique de l’intervention', [
    'Connaître les limites de l’aide : ce que l’aidant peut faire, ce qu’il ne doit jamais faire',
    'Comprendre le mandat (Aidants Connect), sa durée, son périmètre et sa révocation',
    'Savoir quand orienter vers un professionnel ou un service public',
  ], 90, 'mixte'],
  ['donnees-personnelles', 'aidant', 3, 'Données personnelles et sécurité', [
    'Appliquer le RGPD dans l’accompagnement : minimisation, consentement, conservation',
    'Ne jamais conserver d’identifiant ni de mot de passe d’un usager',
    'Reconnaître une tentative d’hameçonnage et protéger le poste de travail',
  ], 90, 'mixte'],
  ['savoir-etre', 'aidant', 4, 'Savoir-être et posture d’accompagnement', [
    'Accueillir sans jugement, écouter et reformuler',
    'Adapter son langage et son rythme à la personne',
    'Gérer une situation difficile ou une demande hors de son rôle',
  ], 60, 'presentiel'],
  ['diagnostic-premier-niveau', 'aidant', 5, 'Diagnostic de premier niveau', [
    'Mener un court entretien : équipement, messagerie, aisance, urgence, aide souhaitée',
    'Proposer une orientation adaptée (aidant, médiateur, atelier, France Services)',
    'Recueillir le consentement avant de conserver quoi que ce soit',
  ], 120, 'presentiel'],
  ['diagnostic-technique', 'mediateur', 1, 'Diagnostic technique des usages et des équipements', [
    'Évaluer les compétences numériques d’une personne (référentiel PIX)',
    'Diagnostiquer l’équipement, la connexion et les comptes d’une personne',
    'Construire un plan d’accompagnement personnalisé',
  ], 240, 'presentiel'],
  ['formation-autonomie', 'mediateur', 2, 'Construire une formation vers l’autonomie', [
    'Concevoir un atelier collectif avec des objectifs mesurables',
    'Choisir des supports et des exercices adaptés aux débutants',
    'Évaluer la progression et l’autonomie acquise',
  ], 360, 'presentiel'],
  ['bonnes-pratiques-techniques', 'mediateur', 3, 'Bonnes pratiques techniques', [
    'Maintenir un parc de postes publics sûr (mises à jour, sessions invitées, effacement)',
    'Accompagner la sécurisation des comptes (double authentification, gestionnaire de mots de passe)',
    'Choisir des outils libres et sobres',
  ], 240, 'mixte'],
  ['sensibilisation-decideurs', 'decideur', 1, 'Sensibilisation des décideurs', [
    'Mesurer l’enjeu de l’inclusion numérique sur son territoire',
    'Connaître les dispositifs et financements (conseillers numériques, France Services, labels)',
    'Inscrire la médiation numérique dans les politiques locales',
  ], 120, 'distance'],
];

const PATHS: Array<[id: string, titre: string, niveau: string, description: string, requis: boolean, modules: string[]]> = [
  ['parcours-aidant', 'Parcours aidant 7 h', 'aidant', 'Les cinq modules du niveau aidant ; requis pour l’habilitation à agir par mandat.', true,
    ['enjeux-societaux', 'cadre-juridique', 'donnees-personnelles', 'savoir-etre', 'diagnostic-premier-niveau']],
  ['parcours-mediateur', 'Parcours médiateur 14 h', 'mediateur', 'Les trois modules du niveau médiateur, après le parcours aidant.', false,
    ['diagnostic-technique', 'formation-autonomie', 'bonnes-pratiques-techniques']],
];

export class SeedReferentiel1765000100000 implements MigrationInterface {
  name = 'SeedReferentiel1765000100000';

  async up(q: QueryRunner): Promise<void> {
    for (const [id, niveau, rang, titre, objectifs, minutes, modalite] of MODULES) {
      await q.query(`INSERT INTO training_module (id, niveau, rang, titre, objectifs, duree_minutes, modalite) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [id, niveau, rang, titre, objectifs, minutes, modalite]);
    }
    for (const [id, titre, niveau, description, requis, modules] of PATHS) {
      await q.query(`INSERT INTO training_path (id, titre, niveau, description, requis_habilitation) VALUES ($1, $2, $3, $4, $5)`, [id, titre, niveau, description, requis]);
      for (const [i, m] of modules.entries()) await q.query(`INSERT INTO training_path_module (path_id, module_id, rang) VALUES ($1, $2, $3)`, [id, m, i + 1]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM training_path_module`);
    await q.query(`DELETE FROM training_path`);
    await q.query(`DELETE FROM training_module`);
  }
}
