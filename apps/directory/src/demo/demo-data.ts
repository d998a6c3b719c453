import { DEMO_STRUCTURES } from '@pin/contracts';
import type { LieuWriteData } from '../lieux/lieu-writer';

/** Demo lieux in real Landes communes, clearly marked (nom « [Démo] … », flag 'demo'). */
type DemoLieu = {
  sourceId: string;
  structureId: string;
  data: Partial<LieuWriteData> & Pick<LieuWriteData, 'nom' | 'adresse' | 'commune' | 'code_postal' | 'latitude' | 'longitude' | 'services' | 'demarches'>;
};
export const DEMO_LIEUX: DemoLieu[] = [
  {
    sourceId: 'demo-mediatheque-marsan', structureId: DEMO_STRUCTURES.montDeMarsan,
    data: {
      nom: '[Démo] Médiathèque du Marsan — espace numérique', adresse: '2 place du 6e RPIMa', commune: 'Mont-de-Marsan', code_postal: '40000', code_insee: '40192',
      latitude: 43.8906, longitude: -0.4990, telephone: '+33558000001', horaires: 'Tu-Sa 10:00-12:30,14:00-18:00; PH off',
      presentation_resume: 'Postes en accès libre et ateliers pour apprendre à utiliser ordinateur, tablette et smartphone.',
      services: ['maitrise-outils-numeriques', 'acces-internet-materiel', 'aide-demarches-administratives'], typologie: ['BIB'],
      frais_a_charge: ['gratuit'], modalites_acces: ['se-presenter', 'telephoner'], modalites_accompagnement: ['autonomie', 'atelier'],
      publics_specifiquement_adresses: ['seniors'], dispositif_programmes_nationaux: ['conseillers-numeriques'],
      demarches: ['adresse-email', 'ameli', 'france-connect'],
    },
  },
  {
    sourceId: 'demo-france-services-dax', structureId: DEMO_STRUCTURES.dax,
    data: {
      nom: '[Démo] France Services de Dax', adresse: '10 rue des Carmes', commune: 'Dax', code_postal: '40100', code_insee: '40088',
      latitude: 43.7098, longitude: -1.0514, telephone: '+33558000002', horaires: 'Mo-Fr 08:30-12:00,13:30-17:00; PH off',
      presentation_resume: 'Accompagnement aux démarches administratives en ligne, avec ou sans rendez-vous.',
      services: ['aide-demarches-administratives', 'acces-internet-materiel'], typologie: ['MSAP'],
      frais_a_charge: ['gratuit'], modalites_acces: ['se-presenter', 'telephoner', 'rdv-en-ligne'], modalites_accompagnement: ['individuel'],
      dispositif_programmes_nationaux: ['france-services', 'aidants-connect'],
      demarches: ['caf', 'ameli', 'impots', 'cni-passeport', 'carte-grise', 'france-travail', 'retraite'],
    },
  },
  {
    sourceId: 'demo-saint-sever', structureId: DEMO_STRUCTURES.montDeMarsan,
    data: {
      nom: '[Démo] Espace numérique de Saint-Sever', adresse: 'Place du Tour du Sol', commune: 'Saint-Sever', code_postal: '40500', code_insee: '40282',
      latitude: 43.7573, longitude: -0.5731, horaires: 'Mo,We,Fr 09:00-12:00; PH off',
      services: ['maitrise-outils-numeriques', 'utilisation-securisee'], frais_a_charge: ['gratuit'],
      modalites_acces: ['se-presenter'], modalites_accompagnement: ['atelier', 'individuel'], demarches: ['adresse-email', 'banque-en-ligne'],
    },
  },
  {
    sourceId: 'demo-mimizan', structureId: DEMO_STRUCTURES.dax,
    data: {
      nom: '[Démo] Point numérique de Mimizan', adresse: '2 avenue de la Gare', commune: 'Mimizan', code_postal: '40200', code_insee: '40184',
      latitude: 44.2009, longitude: -1.2290, horaires: 'Tu,Th 14:00-17:30; Sa 09:30-12:00; PH off',
      services: ['aide-demarches-administratives', 'insertion-professionnelle'], frais_a_charge: ['gratuit'],
      modalites_acces: ['telephoner', 'contacter-par-mail'], courriels: ['numerique-mimizan@demo.pin.test'], modalites_accompagnement: ['individuel'],
      publics_specifiquement_adresses: ['jeunes'], demarches: ['france-travail', 'cv-candidature', 'caf'],
    },
  },
  {
    sourceId: 'demo-aire-sur-l-adour', structureId: DEMO_STRUCTURES.montDeMarsan,
    data: {
      nom: "[Démo] Atelier numérique d'Aire-sur-l'Adour", adresse: '1 place de la Mairie', commune: "Aire-sur-l'Adour", code_postal: '40800', code_insee: '40001',
      latitude: 43.7003, longitude: -0.2631, horaires: 'Mo-Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00; PH off',
      services: ['maitrise-outils-numeriques', 'parentalite-education', 'comprehension-monde-numerique'], frais_a_charge: ['gratuit-sous-condition'],
      modalites_acces: ['se-presenter', 'telephoner'], modalites_accompagnement: ['atelier'], publics_specifiquement_adresses: ['familles'],
      demarches: ['scolarite-ent', 'adresse-email'],
    },
  },
  {
    sourceId: 'demo-biscarrosse', structureId: DEMO_STRUCTURES.dax,
    data: {
      nom: '[Démo] Médiathèque de Biscarrosse', adresse: '4 rue du Bosquet', commune: 'Biscarrosse', code_postal: '40600', code_insee: '40046',
      latitude: 44.3936, longitude: -1.1638, horaires: 'Tu,Th,Fr 14:00-18:00; We,Sa 10:00-12:00,14:00-18:00; PH off',
      services: ['acces-internet-materiel', 'loisirs-creations', 'maitrise-outils-numeriques'], typologie: ['BIB'], frais_a_charge: ['gratuit'],
      modalites_acces: ['se-presenter'], modalites_accompagnement: ['autonomie', 'atelier'], publics_specifiquement_adresses: ['seniors', 'jeunes'],
      demarches: ['ameli', 'mon-espace-sante'],
    },
  },
];

/** Empty lists of the write model, completed by each demo lieu. */
export const LIST_DEFAULTS = {
  typologie: [], courriels: [], site_web: [], itinerance: [], publics_specifiquement_adresses: [], prise_en_charge_specifique: [], frais_a_charge: [],
  dispositif_programmes_nationaux: [], formations_labels: [], autres_formations_labels: [], modalites_acces: [], modalites_accompagnement: [],
};

/** Demo structures (the lieux above belong to them). */
export const DEMO_STRUCTURE_ROWS = [
  { id: DEMO_STRUCTURES.montDeMarsan, nom: '[Démo] Médiathèque du Marsan', commune: 'Mont-de-Marsan', codeInsee: '40192' },
  { id: DEMO_STRUCTURES.dax, nom: '[Démo] France Services de Dax', commune: 'Dax', codeInsee: '40088' },
];
