import { normalizeLabel } from '@pin/contracts';
import { V102_VOCABULARIES, type VocabularyField } from '../../standard/v1-0-2';
import { list, str } from './cell-values';
import { EMAIL_SEPARATOR, emptySlugs, MULTI_SEPARATOR, unknownValue, type Slugs, type VersionColumns } from './version-columns';

/** Where a v0.1 value goes in v1.0.2: a slug of one of the v1.0.2 vocabularies (or nowhere). */
type Target = { [F in VocabularyField]: { field: F; slug: (typeof V102_VOCABULARIES)[F]['slugs'][number] } }[VocabularyField];
const to = <F extends VocabularyField>(field: F, slug: (typeof V102_VOCABULARIES)[F]['slugs'][number]) => ({ field, slug }) as Target;

/**
 * v0.1 → v1.0.2. v0.1 had 15 user-worded services, 11 publics, 5 access conditions, 4 support
 * modes and "labels nationaux"; v1.0.2 regrouped them. The mapping follows the meaning of each
 * label; values with no v1.0.2 equivalent map to nothing (`[]`) and are reported as warnings
 * (except "Adultes", which just means the general public).
 */
const V01_MAP: Record<string, Record<string, Target[]>> = {
  services: {
    'Devenir autonome dans les démarches administratives': [to('services', 'aide-demarches-administratives')],
    'Réaliser des démarches administratives avec un accompagnement': [to('services', 'aide-demarches-administratives')],
    'Accompagner les démarches de santé': [to('services', 'aide-demarches-administratives')],
    'Prendre en main un smartphone ou une tablette': [to('services', 'maitrise-outils-numeriques')],
    'Prendre en main un ordinateur': [to('services', 'maitrise-outils-numeriques')],
    'Utiliser le numérique au quotidien': [to('services', 'maitrise-outils-numeriques')],
    'Approfondir ma culture numérique': [to('services', 'comprehension-monde-numerique')],
    'Promouvoir la citoyenneté numérique': [to('services', 'comprehension-monde-numerique')],
    'Favoriser mon insertion professionnelle': [to('services', 'insertion-professionnelle')],
    'Créer et développer mon entreprise': [to('services', 'insertion-professionnelle')],
    'Accéder à une connexion internet': [to('services', 'acces-internet-materiel')],
    'Accéder à du matériel': [to('services', 'acces-internet-materiel')],
    "S'équiper en matériel informatique": [to('services', 'acquisition-materiel-prix-solidaire')],
    'Créer avec le numérique': [to('services', 'loisirs-creations')],
    "Soutenir la parentalité et l'éducation avec le numérique": [to('services', 'parentalite-education')],
  },
  publics_accueillis: {
    'Seniors (+ 65 ans)': [to('publics_specifiquement_adresses', 'seniors')],
    'Familles/enfants': [to('publics_specifiquement_adresses', 'familles')],
    Adultes: [],
    'Jeunes (16-26 ans)': [to('publics_specifiquement_adresses', 'jeunes')],
    'Uniquement femmes': [to('publics_specifiquement_adresses', 'femmes')],
    'Public langues étrangères': [to('prise_en_charge_specifique', 'langues-autres')],
    'Déficience visuelle': [to('prise_en_charge_specifique', 'deficience-visuelle')],
    Surdité: [to('prise_en_charge_specifique', 'surdite')],
    // v1.0.2 has no psychic-disability value; "Handicaps mentaux" is the closest it offers.
    'Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes comportementales': [to('prise_en_charge_specifique', 'handicaps-mentaux')],
    "Handicaps mentaux : déficiences limitant les activités d'une personne": [to('prise_en_charge_specifique', 'handicaps-mentaux')],
    "Personnes en situation d'illettrisme": [to('prise_en_charge_specifique', 'illettrisme')],
  },
  conditions_acces: {
    'Gratuit : Je peux accéder gratuitement au lieu et à ses services': [to('frais_a_charge', 'gratuit')],
    'Gratuit sous condition : La gratuité est conditionnée à des critères (situation familiale, convention avec un organisme social...)': [
      to('frais_a_charge', 'gratuit-sous-condition'),
    ],
    "Payant : L'accès au lieu et/ou à ses services est payant": [to('frais_a_charge', 'payant')],
    // A membership fee is a cost to the user.
    "Adhésion : L'accès au lieu et/ou à ses services nécessite d'y adhérer": [to('frais_a_charge', 'payant')],
    // The Pass numérique (APTIC vouchers) has no v1.0.2 field.
    'Accepte le Pass numérique : Il est possible d\'utiliser un Pass numérique pour accéder au lieu': [],
  },
  modalites_accompagnement: {
    "Seul : j'ai accès à du matériel et une connexion": [to('modalites_accompagnement', 'autonomie')],
    "Avec de l'aide : je suis accompagné seul dans l'usage du numérique": [to('modalites_accompagnement', 'individuel')],
    "Dans un atelier : j'apprends collectivement à utiliser le numérique": [to('modalites_accompagnement', 'atelier')],
    'A ma place : une personne habilitée fait les démarches à ma place': [to('modalites_accompagnement', 'individuel')],
  },
  labels_nationaux: {
    'France Services': [to('dispositif_programmes_nationaux', 'france-services')],
    CNFS: [to('dispositif_programmes_nationaux', 'conseillers-numeriques')],
    'Aidants Connect': [to('dispositif_programmes_nationaux', 'aidants-connect')],
    'Grandes écoles du numérique': [to('dispositif_programmes_nationaux', 'grande-ecole-numerique')],
    'Point relais CAF': [to('dispositif_programmes_nationaux', 'point-acces-numerique-caf')],
    'Point numérique CAF': [to('dispositif_programmes_nationaux', 'point-acces-numerique-caf')],
    'Fabriques de Territoire': [to('formations_labels', 'fabriques-de-territoire')],
    // APTIC, Relais pôle emploi, French Tech, Campus connecté: kept as free labels (autres_formations_labels).
  },
};

const V01_INDEX = Object.fromEntries(
  Object.entries(V01_MAP).map(([column, values]) => [column, new Map(Object.entries(values).map(([label, targets]) => [normalizeLabel(label), targets]))]),
);

/** The v1.0.2 targets of a v0.1 label, or undefined when the label is not a v0.1 value of that column. */
export function mapV01Value(column: string, label: string): Target[] | undefined {
  return V01_INDEX[column]?.get(normalizeLabel(label));
}

const multi = MULTI_SEPARATOR['v0.1'];
/** v0.1 columns holding labels of a vocabulary (labels_nationaux: also free labels). */
const V01_VOCABULARY_COLUMNS = ['services', 'publics_accueillis', 'conditions_acces', 'modalites_accompagnement', 'labels_nationaux'];
/** v0.1 allowed 500 characters in the summary, v1.0.2 allows 280. */
const V102_RESUME_MAX = 280;

/** The v0.1 columns of a row in v1.0.2 terms: vocabularies, free labels, e-mails, accessibility, presentation. */
export function readV01Columns(values: Record<string, unknown>, warn: (motif: string) => void): VersionColumns {
  const slugs = emptySlugs();
  const autresLabels: string[] = [];
  for (const column of V01_VOCABULARY_COLUMNS) {
    for (const label of list(values[column], multi)) addV01Label(slugs, autresLabels, column, label, warn);
  }
  autresLabels.push(...list(values.labels_autres, multi));
  return {
    slugs,
    autresLabels,
    courriels: list(values.courriel, EMAIL_SEPARATOR),
    ficheAccesLibre: str(values.accessibilite),
    ...v01Presentation(str(values.presentation_resume), str(values.presentation_detail)),
  };
}

function addV01Label(slugs: Slugs, autresLabels: string[], column: string, label: string, warn: (motif: string) => void): void {
  const targets = mapV01Value(column, label);
  if (targets) {
    for (const t of targets) slugs[t.field].add(t.slug);
    return;
  }
  // Producers sometimes mix in v1.0.2 labels.
  const slug = column === 'services' ? V102_VOCABULARIES.services.fromLabel(label) : undefined;
  if (slug) slugs.services.add(slug);
  else if (column === 'labels_nationaux') autresLabels.push(label);
  else warn(unknownValue(label, column));
}

/** A summary too long for v1.0.2 is shortened; its full text moves to the detail (unless there is one). */
function v01Presentation(resume: string | undefined, detail: string | undefined) {
  if (!resume || resume.length <= V102_RESUME_MAX) return { presentationResume: resume, presentationDetail: detail };
  return { presentationResume: `${resume.slice(0, V102_RESUME_MAX - 1).trimEnd()}…`, presentationDetail: detail ?? resume };
}
