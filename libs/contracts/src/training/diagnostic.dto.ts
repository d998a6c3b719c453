import { z } from 'zod';
import { defineEvent } from '../cloud-event';

/**
 * The diagnostic de premier niveau: five questions asked in a short conversation, each with its
 * possible answers (slugs in the API, French labels for people), ending in an orientation.
 */
export const DIAGNOSTIC_QUESTIONS = {
  equipement: { question: 'De quel équipement disposez-vous ?', reponses: { aucun: 'Aucun', smartphone: 'Un smartphone', ordinateur: 'Un ordinateur ou une tablette', 'les-deux': 'Un smartphone et un ordinateur' } },
  email: { question: 'Avez-vous une adresse électronique que vous savez utiliser ?', reponses: { aucune: 'Non, aucune', oubliee: 'Oui, mais je ne sais plus y accéder', utilisee: 'Oui, je l’utilise' } },
  aisance: { question: 'Vous sentez-vous à l’aise avec le numérique ?', reponses: { aucune: 'Pas du tout', faible: 'Un peu', moyenne: 'Assez', bonne: 'Tout à fait' } },
  urgence: { question: 'Avez-vous une démarche urgente ?', reponses: { aucune: 'Non', droits: 'Oui : droits sociaux (CAF, RSA…)', sante: 'Oui : santé', emploi: 'Oui : emploi', logement: 'Oui : logement', autre: 'Oui : autre' } },
  aideSouhaitee: { question: 'Quelle aide souhaitez-vous ?', reponses: { 'faire-pour-moi': 'Qu’on fasse la démarche pour moi', 'faire-avec-moi': 'Qu’on la fasse avec moi', apprendre: 'Apprendre à la faire seul·e' } },
} as const;

export const ORIENTATIONS = {
  'aidant-habilite': 'Un aidant habilité fait la démarche pour la personne, avec un mandat.',
  'france-services': 'Un conseiller France Services l’accompagne sur place, avec un poste en accès libre.',
  mediateur: 'Un médiateur numérique l’accompagne individuellement (« faire avec »).',
  atelier: 'Un atelier collectif pour débutants l’aide à gagner en autonomie.',
  autonome: 'La personne est autonome : lui indiquer les ressources en ligne et le lieu le plus proche en cas de besoin.',
} as const;
export type Orientation = keyof typeof ORIENTATIONS;

type Q = typeof DIAGNOSTIC_QUESTIONS;
const answer = <K extends keyof Q>(k: K) =>
  z.enum(Object.keys(DIAGNOSTIC_QUESTIONS[k].reponses) as [keyof Q[K]['reponses'] & string, ...Array<keyof Q[K]['reponses'] & string>], {
    message: `${DIAGNOSTIC_QUESTIONS[k].question} : réponse inconnue (${Object.keys(DIAGNOSTIC_QUESTIONS[k].reponses).join(', ')}).`,
  });

export const diagnosticAnswersSchema = z.strictObject({
  equipement: answer('equipement'),
  email: answer('email'),
  aisance: answer('aisance'),
  urgence: answer('urgence'),
  aideSouhaitee: answer('aideSouhaitee'),
});
export type DiagnosticAnswers = z.infer<typeof diagnosticAnswersSchema>;

export const createDiagnosticSchema = z.strictObject({
  structureId: z.uuid({ message: 'Structure : identifiant invalide.' }).optional(),
  /** The commune where the person lives (INSEE code): only counts by territory leave the service. */
  codeInsee: z.string({ message: 'Code INSEE : texte attendu.' }).regex(/^(\d{5}|2[AB]\d{3})$/, { message: 'Code INSEE : cinq caractères attendus.' }),
  reponses: diagnosticAnswersSchema,
  /** The person agrees that their answers are kept (without their name); otherwise only the anonymous count remains. */
  consentement: z.boolean({ message: 'Consentement : booléen attendu.' }),
});

/**
 * The running count of diagnostics for one territory (département, EPCI), one month and one
 * orientation: anonymous (no id, no commune), the latest `total` of a cell replaces the previous one.
 */
export const DiagnosticCountedV1 = defineEvent(
  'pin.training.diagnostic.counted.v1',
  z.strictObject({
    departement: z.string(),
    epci: z.string().nullable(),
    mois: z.string().regex(/^\d{4}-\d{2}$/),
    orientation: z.enum(Object.keys(ORIENTATIONS) as [Orientation, ...Orientation[]]),
    total: z.number().int().min(1),
  }),
);
