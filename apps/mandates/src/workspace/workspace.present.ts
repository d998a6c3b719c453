import type { EspaceHabilitationStatut } from '@pin/contracts';

export interface LatestHabilitation {
  id: string;
  statut: Exclude<EspaceHabilitationStatut, 'aucune'>;
  motif: string | null;
  depuis: Date;
  charte_signee_le: Date | null;
  formation_suivie_le: Date | null;
}

/** What an aidant still lacks to be habilitated in a structure, in French, in the order it happens. */
export function missingForHabilitation(h: LatestHabilitation | undefined): string[] {
  if (!h) return ['Demande d’habilitation à faire par votre référent de structure.'];
  switch (h.statut) {
    case 'accordee':
      return [];
    case 'demandee': {
      const missing: string[] = [];
      if (!h.charte_signee_le) missing.push('Charte de l’aidant à signer (votre référent refait ensuite la demande).');
      if (!h.formation_suivie_le) missing.push('Parcours aidant 7 h à suivre : l’attestation de formation est prise en compte d’elle-même.');
      missing.push('En attente de validation par l’animateur du réseau.');
      return missing;
    }
    case 'refusee':
      return [`Demande refusée par l’animateur du réseau${h.motif ? ` (motif : ${h.motif})` : ''} : votre référent peut faire une nouvelle demande.`];
    case 'retiree':
      return [`Habilitation retirée${h.motif ? ` (motif : ${h.motif})` : ''} : votre référent peut faire une nouvelle demande.`];
    case 'annulee':
      return ['Demande annulée par votre référent : une nouvelle demande est à faire.'];
  }
}

/** « Prénoms Nom », or null once the usager's personal data was purged. */
export function usagerDisplayName(r: { prenoms: string | null; nom: string | null }): string | null {
  const name = [r.prenoms, r.nom].filter((p): p is string => !!p).join(' ');
  return name || null;
}
