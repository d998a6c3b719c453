import { FORMATIONS_LABELS, PRISE_EN_CHARGE, PUBLICS, SERVICES } from '@pin/contracts';
import { V102_VOCABULARIES, type LieuWriteData } from '../standard/v1-0-2';
import type { ExportLieu } from './standard-record';

/* Exports in data.inclusion's v1 schemas: each lieu as a structure, and each of its services as a service. */

/** data.inclusion's ids are "<source>--<id in the source>". */
export const dataInclusionStructureId = (l: ExportLieu) => `${l.source}--${l.source_id}`;

/** Programmes and labels of the standard that are data.inclusion "réseaux porteurs". */
const RESEAUX: Record<string, string> = {
  'aidants-connect': 'aidants-connect',
  'conseillers-numeriques': 'conseillers-numeriques',
  'france-services': 'france-service',
  'croix-rouge': 'croix-rouge',
  'emmaus-connect': 'emmaus',
  'relais-numerique-emmaus-connect': 'emmaus',
  'grande-ecole-numerique': 'grandes-ecoles-du-numerique',
  'point-acces-numerique-caf': 'caf',
  'fabriques-de-territoire': 'fabrique-de-territoire',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** data.inclusion wants RFC 3986 URIs (percent-encoded) of 2083 characters at most. */
function uri(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const href = new URL(value).href;
    return href.length <= 2083 ? href : null;
  } catch {
    return null;
  }
}
const firstEmail = (list: readonly string[]) => list.find((e) => EMAIL.test(e)) ?? null;

/** data.inclusion wants 3–150 characters not ending with a dot. */
function diNom(nom: string, fallback: string): string {
  let n = nom.trim().replace(/\.+$/, '').slice(0, 150).trim();
  if (n.length < 3) n = `${n} (${fallback})`.slice(0, 150);
  return n;
}

const description = (d: LieuWriteData) => {
  const text = d.presentation_detail ?? d.presentation_resume;
  return text && text.length >= 5 ? text.slice(0, 10_000) : null;
};

/** The address, position and contact fields, the same in a structure and in a service. */
const addressAndContact = (d: LieuWriteData) => ({
  commune: d.commune,
  code_postal: d.code_postal,
  code_insee: d.code_insee ?? null,
  adresse: d.adresse,
  complement_adresse: d.complement_adresse ?? null,
  longitude: d.longitude,
  latitude: d.latitude,
  telephone: d.telephone ?? null,
  courriel: firstEmail(d.courriels),
});

/** A lieu as a data.inclusion v1 structure. */
export function toDataInclusionStructure(l: ExportLieu): Record<string, unknown> {
  const d = l.data;
  const reseaux = [...new Set([...d.dispositif_programmes_nationaux, ...d.formations_labels].map((s) => RESEAUX[s]).filter(Boolean))];
  return {
    source: l.source,
    id: dataInclusionStructureId(l),
    nom: diNom(d.nom, d.commune),
    date_maj: l.date_maj,
    siret: d.pivot && /^\d{14}$/.test(d.pivot) ? d.pivot : null,
    ...addressAndContact(d),
    site_web: uri(d.site_web[0]),
    description: description(d),
    lien_source: null,
    horaires_accueil: d.horaires ?? null,
    accessibilite_lieu: uri(d.fiche_acces_libre),
    reseaux_porteurs: reseaux.length ? reseaux : null,
  };
}

type ServiceSlug = (typeof SERVICES.slugs)[number];

/** Each service of the standard as a data.inclusion service: type, thématiques, description. */
const SERVICE_MAP: Record<ServiceSlug, { type: string; thematiques: string[]; description: string }> = {
  'aide-demarches-administratives': {
    type: 'accompagnement',
    thematiques: ['difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives', 'numerique--acceder-a-des-services-en-ligne'],
    description: 'Accompagnement aux démarches administratives en ligne (CAF, impôts, Ameli, France Travail, titres…).',
  },
  'maitrise-outils-numeriques': {
    type: 'accompagnement',
    thematiques: ['numerique--maitriser-les-fondamentaux-du-numerique'],
    description: "Apprendre à utiliser un ordinateur, un smartphone ou une tablette et les outils numériques du quotidien.",
  },
  'insertion-professionnelle': {
    type: 'accompagnement',
    thematiques: ['preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation', 'preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi'],
    description: "Utiliser le numérique pour chercher un emploi : CV, candidatures en ligne, espace France Travail.",
  },
  'utilisation-securisee': {
    type: 'accompagnement',
    thematiques: ['numerique--maitriser-les-fondamentaux-du-numerique'],
    description: 'Utiliser le numérique en sécurité : mots de passe, arnaques, données personnelles.',
  },
  'parentalite-education': {
    type: 'accompagnement',
    thematiques: ['famille--soutien-a-la-parentalite-et-a-leducation'],
    description: "Accompagner les parents dans les usages numériques de leurs enfants et dans le suivi de la scolarité en ligne.",
  },
  'loisirs-creations': {
    type: 'atelier',
    thematiques: ['numerique--maitriser-les-fondamentaux-du-numerique'],
    description: 'Ateliers de loisirs et de création numériques (photo, vidéo, fabrication…).',
  },
  'comprehension-monde-numerique': {
    type: 'information',
    thematiques: ['numerique--maitriser-les-fondamentaux-du-numerique'],
    description: "Comprendre le monde numérique : information, réseaux sociaux, citoyenneté numérique.",
  },
  'acces-internet-materiel': {
    type: 'aide-materielle',
    thematiques: ['numerique--acceder-a-une-connexion-internet'],
    description: 'Accès libre ou accompagné à une connexion internet et à du matériel informatique.',
  },
  'acquisition-materiel-prix-solidaire': {
    type: 'aide-materielle',
    thematiques: ['numerique--acquerir-un-equipement'],
    description: 'Acquérir du matériel informatique reconditionné à prix solidaire.',
  },
};

const PUBLIC_MAP: Record<(typeof PUBLICS.slugs)[number], string> = {
  jeunes: 'jeunes', etudiants: 'etudiants', familles: 'familles', seniors: 'seniors', femmes: 'femmes',
};
const HANDICAP = new Set<(typeof PRISE_EN_CHARGE.slugs)[number]>(['surdite', 'handicaps-moteurs', 'handicaps-mentaux', 'deficience-visuelle']);

/** How a user reaches the lieu's services, in data.inclusion's terms. */
function modesMobilisation(d: LieuWriteData): Set<string> {
  const modes = new Set<string>();
  for (const m of d.modalites_acces) {
    if (m === 'se-presenter') modes.add('se-presenter');
    if (m === 'telephoner') modes.add('telephoner');
    if (m === 'contacter-par-mail' || m === 'fiche-prescription') modes.add('envoyer-un-courriel');
    if (m === 'rdv-en-ligne' && d.prise_rdv) modes.add('utiliser-lien-mobilisation');
  }
  return modes;
}

/** On site unless the lieu only works remotely; remote too when it does. */
function modesAccueilOf(d: LieuWriteData): string[] {
  const onlyRemote = d.modalites_accompagnement.length > 0 && d.modalites_accompagnement.every((m) => m === 'distance');
  return [...(onlyRemote ? [] : ['en-presentiel']), ...(d.modalites_accompagnement.includes('distance') ? ['a-distance'] : [])];
}

/** A lieu's services as data.inclusion v1 services (one per service of the standard). */
export function toDataInclusionServices(l: ExportLieu): Record<string, unknown>[] {
  const d = l.data;
  const publics = [...new Set([
    ...d.publics_specifiquement_adresses.map((p) => PUBLIC_MAP[p]),
    ...(d.prise_en_charge_specifique.some((p) => HANDICAP.has(p)) ? ['personnes-en-situation-de-handicap'] : []),
  ])];
  const precisions = d.prise_en_charge_specifique.map((p) => PRISE_EN_CHARGE.label(p)).join(', ');
  const frais = d.frais_a_charge.includes('payant') ? 'payant' : d.frais_a_charge.length && d.frais_a_charge.every((f) => f === 'gratuit') ? 'gratuit' : null;
  const modes = modesMobilisation(d);
  const modesAccueil = modesAccueilOf(d);
  const labels = [...d.dispositif_programmes_nationaux.map((s) => V102_VOCABULARIES.dispositif_programmes_nationaux.labels[s]), ...d.formations_labels.map((s) => FORMATIONS_LABELS.label(s))];
  return d.services.map((slug) => {
    const m = SERVICE_MAP[slug];
    return {
      source: l.source,
      id: `${dataInclusionStructureId(l)}--${slug}`,
      structure_id: dataInclusionStructureId(l),
      nom: SERVICES.label(slug),
      description: `${m.description}${labels.length ? ` Lieu : ${labels.join(', ')}.` : ''}`,
      date_maj: l.date_maj,
      type: m.type,
      thematiques: m.thematiques,
      frais,
      frais_precisions: d.frais_a_charge.includes('gratuit-sous-condition') ? 'Gratuit sous condition' : null,
      publics: publics.length ? publics : ['tous-publics'],
      publics_precisions: precisions || null,
      modes_accueil: modesAccueil,
      modes_mobilisation: modes.size ? [...modes] : null,
      mobilisable_par: d.modalites_acces.includes('fiche-prescription') ? ['usagers', 'professionnels'] : ['usagers'],
      lien_mobilisation: modes.has('utiliser-lien-mobilisation') ? uri(d.prise_rdv) : null,
      ...addressAndContact(d),
      horaires_accueil: d.horaires ?? null,
      zone_eligibilite: null,
    };
  });
}
