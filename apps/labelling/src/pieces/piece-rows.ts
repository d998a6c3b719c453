import type { EntityManager } from 'typeorm';
import type { DossierPieceType, DossierPieceView } from '@pin/contracts';

export interface PieceRow {
  id: string;
  dossier_id: string;
  critere_id: string;
  cle: string;
  nom: string;
  type: DossierPieceType;
  taille: number;
  sha256: string;
  depose_par: string;
  depose_le: Date;
}

export function presentPiece(p: PieceRow): DossierPieceView {
  return { id: p.id, critereId: p.critere_id, nom: p.nom, type: p.type, taille: p.taille, sha256: p.sha256, deposeLe: p.depose_le.toISOString() };
}

/** A dossier's pieces, oldest first (metadata only). */
export async function piecesOf(m: EntityManager, dossierId: string): Promise<DossierPieceView[]> {
  const rows = (await m.query(`SELECT * FROM dossier_piece WHERE dossier_id = $1 ORDER BY depose_le, id`, [dossierId])) as PieceRow[];
  return rows.map(presentPiece);
}
