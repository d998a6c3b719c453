/** French labels of the operators' pages. */

/** Display names of the operators' client ids known today (the web bundle imports no contracts at run time). */
const OPERATOR_NAMES: Record<string, string> = { 'pin-caf': 'CAF', 'pin-cpam': 'CPAM' };

/** « CAF (pin-caf) » for a known operator, its client id otherwise. */
export const operatorLabel = (clientId: string) => (OPERATOR_NAMES[clientId] ? `${OPERATOR_NAMES[clientId]} (${clientId})` : clientId);
export const operatorShortName = (clientId: string | null) => (clientId === null ? 'Structure d’aidants' : (OPERATOR_NAMES[clientId] ?? clientId));

const EVENT_TYPES: Record<string, string> = {
  'pin.directory.lieu.created.v1': 'Lieu créé',
  'pin.directory.lieu.updated.v1': 'Lieu modifié',
  'pin.directory.lieu.closed.v1': 'Lieu fermé',
  'pin.mandates.autorisation.revoked.v1': 'Démarche d’un mandat révoquée',
  'pin.operators.announcement.acknowledged.v1': 'Annonce lue',
  'pin.operators.orientation.status-changed.v1': 'Suite d’une orientation',
};
export const eventTypeLabel = (type: string) => EVENT_TYPES[type] ?? type;

export const DELIVERY_STATUS: Record<string, [string, string]> = {
  'en-attente': ['En attente', 'avenir'],
  livree: ['Livrée', 'valide'],
  echec: ['En échec', 'revoque'],
  abandonnee: ['Abandonnée', 'expire'],
};

const DISABLED_REASONS: Record<string, string> = {
  gone: 'le destinataire a répondu 410 (n’existe plus)',
  echecs: 'échecs répétés pendant plusieurs jours',
  operateur: 'désactivé par l’opérateur',
  administration: 'désactivé par l’équipe du Département',
};
export const disabledReason = (motif: string | null) => (motif ? (DISABLED_REASONS[motif] ?? motif) : 'motif inconnu');

export const ORIENTATION_STATUS: Record<string, [string, string]> = {
  envoyee: ['À traiter', 'avenir'],
  acceptee: ['Acceptée', 'info'],
  planifiee: ['Rendez-vous fixé', 'info'],
  accompagnee: ['Accompagnée', 'valide'],
  'non-venue': ['Non venue', 'expire'],
  reorientee: ['Réorientée', 'info'],
  refusee: ['Refusée par le lieu', 'revoque'],
  annulee: ['Annulée par la personne', 'expire'],
};
/** What the lieu may say became of an orientation. */
export const ORIENTATION_CHOICES = [
  { value: 'acceptee', label: 'Le lieu accepte d’accompagner la personne' },
  { value: 'planifiee', label: 'Un rendez-vous est fixé' },
  { value: 'accompagnee', label: 'La personne a été accompagnée' },
  { value: 'non-venue', label: 'La personne n’est pas venue' },
  { value: 'reorientee', label: 'La personne a été réorientée' },
  { value: 'refusee', label: 'Le lieu ne peut pas accompagner la personne' },
];
/** The statuses the lieu may choose from each one (same rule as the service's, which answers 409 otherwise). */
export const ORIENTATION_NEXT: Record<string, string[]> = {
  envoyee: ['acceptee', 'planifiee', 'accompagnee', 'non-venue', 'reorientee', 'refusee'],
  acceptee: ['planifiee', 'accompagnee', 'non-venue', 'reorientee', 'refusee'],
  planifiee: ['planifiee', 'accompagnee', 'non-venue', 'reorientee'],
};

/** The territory of a subscription or an announcement, in words. */
export function territoryText(t: { departements: string[]; epcis: string[]; communes: string[] }): string {
  const parts = [
    t.departements.length ? `départements ${t.departements.join(', ')}` : null,
    t.epcis.length ? `EPCI ${t.epcis.join(', ')}` : null,
    t.communes.length ? `communes ${t.communes.join(', ')}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' ; ') : 'toute la France';
}
