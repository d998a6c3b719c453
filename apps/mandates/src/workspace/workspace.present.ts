import type { EspaceHabilitationStatut } from '@pin/contracts';

export interface LatestHabilitation {
  id: string;
  statut: Exclude<EspaceHabilitationStatut, 'aucune'>;
  motif: string | null;
  depuis: Date;
  charte_signee_le: Date | null;
  formation_suivie_le: Date | null;
  pix_reussi_le: Date | null;
  certification_retiree_le: Date | null;
  charte_a_signer_version: number | null;
}

/** What is shown as missing depends on the configuration (`HABILITATION_PIX_REQUIRED`). */
export interface MissingOptions {
  pixRequired: boolean;
}

/** What an aidant still lacks to be habilitated in a structure, in French, in the order it happens. */
export function missingForHabilitation(h: LatestHabilitation | undefined, o: MissingOptions = { pixRequired: false }): string[] {
  if (!h) return ['Demande d’habilitation à faire par votre référent de structure.'];
  switch (h.statut) {
    case 'accordee': {
      // Never withdrawn automatically: the référent and the animateur see it and decide.
      const notes = h.certification_retiree_le ? ['Certification de formation retirée par le réseau : l’habilitation reste accordée, votre référent et l’animateur vont la réexaminer.'] : [];
      if (h.charte_a_signer_version) notes.push(`Charte à signer de nouveau : la version ${h.charte_a_signer_version} de la charte de l’aidant a été publiée (l’habilitation reste accordée).`);
      return notes;
    }
    case 'demandee': {
      const missing: string[] = [];
      if (!h.charte_signee_le) {
        missing.push(
          h.charte_a_signer_version
            ? `Charte à signer de nouveau : la version ${h.charte_a_signer_version} de la charte de l’aidant a été publiée (votre signature est prise en compte d’elle-même).`
            : 'Charte de l’aidant à signer (votre référent refait ensuite la demande).',
        );
      }
      if (!h.formation_suivie_le) {
        missing.push(
          h.certification_retiree_le
            ? 'Certification de formation retirée par le réseau : parcours aidant 7 h à suivre de nouveau (l’attestation est prise en compte d’elle-même).'
            : 'Parcours aidant 7 h à suivre : l’attestation de formation est prise en compte d’elle-même.',
        );
      }
      if (o.pixRequired && !h.pix_reussi_le) missing.push('Test PIX à réussir : votre référent enregistre le résultat, il est pris en compte de lui-même.');
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
