/** The ten démarches of Aidants Connect (slug → French label). Never rename a slug. */
export const DEMARCHES = {
  papiers: 'Papiers - Citoyenneté',
  famille: 'Famille - Scolarité',
  social: 'Social - Santé',
  travail: 'Travail - Formation',
  logement: 'Logement',
  transports: 'Transports',
  argent: 'Argent - Impôts - Consommation',
  justice: 'Justice',
  etranger: 'Étranger - Europe',
  loisirs: 'Loisirs - Sports - Culture',
} as const;

export type Demarche = keyof typeof DEMARCHES;
export const DEMARCHE_SLUGS = Object.keys(DEMARCHES) as Demarche[];

export function isDemarche(value: unknown): value is Demarche {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DEMARCHES, value);
}

/** Mandate durations offered by Aidants Connect, in days. */
export const DUREES_MANDAT = [1, 31, 182, 365] as const;
export type DureeMandat = (typeof DUREES_MANDAT)[number];

export const MANDAT_STATUTS = ['valide', 'a_venir', 'revoque', 'expire'] as const;
export type MandatStatut = (typeof MANDAT_STATUTS)[number];
export const AUTORISATION_STATUTS = ['active', 'a_venir', 'revoquee', 'expiree'] as const;
export type AutorisationStatut = (typeof AUTORISATION_STATUTS)[number];
export const HABILITATION_STATUTS = ['demandee', 'accordee', 'refusee', 'retiree', 'annulee'] as const;
export type HabilitationStatut = (typeof HABILITATION_STATUTS)[number];
