/** What the printed attestations show; built by the service from its rows, rendered by attestation.pdf.ts. */

export interface AttestationDemarche {
  slug: string;
  label: string;
}

export interface AttestationParties {
  usager: { nom: string; prenoms: string; dateNaissance: string; lieuNaissance: string };
  aidant: { nom: string };
  structure: { nom: string; commune?: string | null };
}

export interface MandateAttestationData extends AttestationParties {
  mandatId: string;
  demarches: AttestationDemarche[];
  dureeJours: number;
  debut: Date;
  fin: Date;
  consentementLe: Date;
  /** One-time code with which the usager claims their own account; absent once used. */
  codeReclamation?: string | null;
  /** `<public base URL>/verifier/<token>`, encoded in the QR code. */
  verificationUrl: string;
  /** SHA-256 of the journal entry that recorded the creation (the verification page shows it too). */
  empreinte?: string | null;
  /** Printing time (kept in the PDF metadata, so that the same inputs give the same file). */
  editeLe: Date;
}

export interface RevocationAttestationData extends AttestationParties {
  mandatId: string;
  revoqueLe: Date;
  /** Who ended it: the usager from their space, or an aidant of the structure. */
  revoquePar: { role: 'usager' | 'aidant'; nom: string };
  /** The démarches whose autorisation ended now. */
  demarchesRevoquees: AttestationDemarche[];
  /** The démarches still covered (empty when the whole mandate is revoked). */
  demarchesMaintenues: AttestationDemarche[];
  debut: Date;
  fin: Date;
  verificationUrl: string;
  editeLe: Date;
}
