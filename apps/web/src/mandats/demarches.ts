/** The ten démarches of Aidants Connect, with what each covers (shown as hints in the wizard). */
export const DEMARCHES: ReadonlyArray<{ slug: string; label: string; description: string }> = [
  { slug: 'papiers', label: 'Papiers - Citoyenneté', description: 'État civil, passeport, élections, carte d’identité…' },
  { slug: 'famille', label: 'Famille - Scolarité', description: 'Allocations familiales, naissance, mariage, pacs, scolarité…' },
  { slug: 'social', label: 'Social - Santé', description: 'Carte vitale, complémentaire santé, handicap, RSA…' },
  { slug: 'travail', label: 'Travail - Formation', description: 'Recherche d’emploi, chômage, formation, retraite…' },
  { slug: 'logement', label: 'Logement', description: 'Aides au logement, logement social, déménagement…' },
  { slug: 'transports', label: 'Transports', description: 'Carte grise, permis de conduire, contraventions…' },
  { slug: 'argent', label: 'Argent - Impôts - Consommation', description: 'Impôts, consommation, banque, litiges…' },
  { slug: 'justice', label: 'Justice', description: 'Casier judiciaire, aide juridictionnelle, plaintes…' },
  { slug: 'etranger', label: 'Étranger - Europe', description: 'Titre de séjour, naturalisation, séjour en Europe…' },
  { slug: 'loisirs', label: 'Loisirs - Sports - Culture', description: 'Chasse, pêche, associations, culture…' },
];

export function demarcheLabel(slug: string): string {
  return DEMARCHES.find((d) => d.slug === slug)?.label ?? slug;
}

export const DUREES: ReadonlyArray<{ jours: number; label: string; hint: string }> = [
  { jours: 1, label: '1 jour', hint: 'Pour une démarche ponctuelle, réalisée aujourd’hui.' },
  { jours: 31, label: '1 mois (31 jours)', hint: 'Pour une démarche qui demande plusieurs rendez-vous.' },
  { jours: 182, label: '6 mois (182 jours)', hint: 'Pour un accompagnement suivi.' },
  { jours: 365, label: '1 an (365 jours)', hint: 'Pour un accompagnement de longue durée.' },
];

const dateFr = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
const dateTimeFr = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });

export const frDate = (iso: string) => dateFr.format(new Date(iso));
export const frDateTime = (iso: string) => dateTimeFr.format(new Date(iso));
/** `YYYY-MM-DD` as « 02/03/1950 », without a time-zone shift. */
export const frCalendarDate = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');
