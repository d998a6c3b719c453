import { z } from 'zod';

/**
 * Attachments (« pièces justificatives ») of a dossier's criterion answers. Files never travel over
 * NATS: the gateway streams uploads and downloads to the labelling service's internal HTTP port
 * (paths below), signing the verified user context (`@pin/auth` edge token, audience
 * `DOSSIER_PIECES_EDGE.audience`). Removal carries no file and is an ordinary declared route.
 */
export const DOSSIER_PIECE_MAX_BYTES = 10 * 1024 * 1024;
/** Types accepted, read from the file's magic bytes (never from its name or declared type). */
export const DOSSIER_PIECE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DossierPieceType = (typeof DOSSIER_PIECE_TYPES)[number];
export const DOSSIER_PIECES_PER_CRITERION = 10;

const uuid = (label: string) => z.uuid({ message: `${label} : identifiant invalide.` });
const slug = z.string().regex(/^[a-z0-9-]{1,60}$/, 'Identifiant attendu (lettres minuscules, chiffres, tirets).');

export const dossierPieceParamsSchema = z.strictObject({ id: uuid('Dossier'), pieceId: uuid('Pièce') });
export const dossierPieceUploadParamsSchema = z.strictObject({ id: uuid('Dossier'), critereId: slug });

/** The labelling service's internal file port: the gateway's only way to send or fetch a piece. */
export const DOSSIER_PIECES_EDGE = {
  audience: 'pin-labelling',
  upload: (dossierId: string, critereId: string) => `/internal/dossiers/${dossierId}/criteres/${critereId}/pieces`,
  download: (dossierId: string, pieceId: string) => `/internal/dossiers/${dossierId}/pieces/${pieceId}`,
} as const;

/** A piece as listed in a dossier (metadata only; the bytes come from the download route). */
export interface DossierPieceView {
  id: string;
  critereId: string;
  nom: string;
  type: DossierPieceType;
  taille: number;
  sha256: string;
  deposeLe: string;
}
