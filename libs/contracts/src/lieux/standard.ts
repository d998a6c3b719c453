import { z } from 'zod';

/**
 * Vocabulary of the national standard "lieux de médiation numérique" v1.0.2
 * (LaMednum/standard-mediation-num, schema in apps/directory/data). Each list maps a stable
 * URL-friendly slug (used in API filters and the database) to the exact label of the standard
 * (used in exports and imports). Never change a slug; labels follow the standard.
 */
function vocabulary<const T extends Record<string, string>>(entries: T) {
  const slugs = Object.keys(entries) as [keyof T & string, ...(keyof T & string)[]];
  const bySlug = entries;
  const byLabel = new Map<string, keyof T & string>(Object.entries(entries).map(([slug, label]) => [normalizeLabel(label), slug]));
  return {
    slugs,
    labels: bySlug,
    /** zod enum of the slugs, with a French message listing the accepted values. */
    schema: z.enum(slugs, { error: () => `Valeur inconnue ; valeurs possibles : ${slugs.join(', ')}.` }),
    /** Slug of a standard label (case-, accent- and spacing-tolerant), or undefined. */
    fromLabel: (label: string) => byLabel.get(normalizeLabel(label)),
    label: (slug: keyof T & string) => bySlug[slug],
  };
}

/** Lower case, no accents, single spaces, no space before "(" — for tolerant label matching. */
export function normalizeLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[«»"]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*/g, '(')
    .trim()
    .toLowerCase();
}

export const SERVICES = vocabulary({
  'aide-demarches-administratives': 'Aide aux démarches administratives',
  'maitrise-outils-numeriques': 'Maîtrise des outils numériques du quotidien',
  'insertion-professionnelle': 'Insertion professionnelle via le numérique',
  'utilisation-securisee': 'Utilisation sécurisée du numérique',
  'parentalite-education': 'Parentalité et éducation avec le numérique',
  'loisirs-creations': 'Loisirs et créations numériques',
  'comprehension-monde-numerique': 'Compréhension du monde numérique',
  'acces-internet-materiel': 'Accès internet et matériel informatique',
  'acquisition-materiel-prix-solidaire': 'Acquisition de matériel informatique à prix solidaire',
});

export const PUBLICS = vocabulary({
  jeunes: 'Jeunes',
  etudiants: 'Étudiants',
  familles: 'Familles et/ou enfants',
  seniors: 'Seniors',
  femmes: 'Femmes',
});

export const PRISE_EN_CHARGE = vocabulary({
  surdite: 'Surdité',
  'handicaps-moteurs': 'Handicaps moteurs',
  'handicaps-mentaux': 'Handicaps mentaux',
  illettrisme: 'Illettrisme',
  'langues-anglais': 'Langues étrangères (anglais)',
  'langues-autres': 'Langues étrangères (autres)',
  'deficience-visuelle': 'Déficience visuelle',
});

export const FRAIS = vocabulary({
  gratuit: 'Gratuit',
  'gratuit-sous-condition': 'Gratuit sous condition',
  payant: 'Payant',
});

export const ITINERANCE = vocabulary({ itinerant: 'Itinérant', fixe: 'Fixe' });

export const DISPOSITIFS = vocabulary({
  'aidants-connect': 'Aidants Connect',
  'bibliotheques-numerique-reference': 'Bibliothèques numérique de référence',
  'certification-pix': 'Certification PIX',
  'conseillers-numeriques': 'Conseillers numériques',
  'emmaus-connect': 'Emmaüs Connect',
  'france-services': 'France Services',
  'grande-ecole-numerique': 'Grande école du numérique',
  'croix-rouge': 'La Croix Rouge',
  'point-acces-numerique-caf': "Point d'accès numérique CAF",
  'promeneurs-du-net': 'Promeneurs du net',
  'relais-numerique-emmaus-connect': 'Relais numérique (Emmaüs Connect)',
});

export const FORMATIONS_LABELS = vocabulary({
  'mon-espace-sante': 'Formé à « Mon Espace Santé »',
  duplex: 'Formé à « DUPLEX » (illettrisme)',
  'arnia-mednum-bfc': 'Arnia/MedNum BFC (Bourgogne-Franche-Comté)',
  'collectif-reemploi-normandie': 'Collectif ressources et acteurs réemploi (Normandie)',
  // The standard's own pattern spells it without a space before the parenthesis.
  'etapes-numeriques': 'Étapes numériques(La Poste)',
  'fabriques-de-territoire': 'Fabriques de Territoire',
  'eclaireurs-numerique-drome': 'Les Éclaireurs du numérique (Drôme)',
  'mes-papiers-lyon': 'Mes Papiers (Métropole de Lyon)',
  'ordi-3-0': 'ORDI 3.0',
  'sud-labs': 'SUD LABS (PACA)',
});

export const MODALITES_ACCES = vocabulary({
  'se-presenter': 'Se présenter',
  telephoner: 'Téléphoner',
  'contacter-par-mail': 'Contacter par mail',
  'rdv-en-ligne': 'Prendre un RDV en ligne',
  'pas-de-public': "Ce lieu n'accueille pas de public",
  'fiche-prescription': 'Envoyer un mail avec une fiche de prescription',
});

export const MODALITES_ACCOMPAGNEMENT = vocabulary({
  autonomie: 'En autonomie',
  individuel: 'Accompagnement individuel',
  atelier: 'Dans un atelier collectif',
  distance: 'À distance',
});

/** Structure types of data.inclusion (typologie); free codes in upper case are tolerated. */
export const typologieSchema = z.string().regex(/^[A-Z0-9_]{2,40}$/, 'Typologie invalide (code en majuscules, ex. ASSO, COMMUNE, TIERS_LIEUX).');
