import type { SafeCategory } from '@pin/contracts';

export interface DocumentRow {
  id: string;
  usager_id: string;
  categorie: SafeCategory;
  delivre_le: string | null;
  expire_le: string | null;
  taille: string;
  object_key: string;
  kek_version: string | null;
  wrapped_key: Buffer | null;
  meta: Buffer;
  depose_par_sub: string;
  depose_par_role: 'usager' | 'aidant';
  structure_id: string | null;
  created_at: Date;
  deleted_at: Date | null;
  expiry_reminded_at: Date | null;
}

/** The encrypted part of a document's record (never stored in clear). */
export interface DocumentMeta {
  nom: string;
  description: string | null;
  type: string;
  sha256: string;
}

export const DOCUMENT_COLUMNS = `id, usager_id, categorie, to_char(delivre_le, 'YYYY-MM-DD') AS delivre_le, to_char(expire_le, 'YYYY-MM-DD') AS expire_le,
  taille, object_key, kek_version, wrapped_key, meta, depose_par_sub, depose_par_role, structure_id, created_at, deleted_at, expiry_reminded_at`;
