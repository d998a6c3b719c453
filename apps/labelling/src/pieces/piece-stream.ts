import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { fileTypeStream } from 'file-type/node';
import { DOSSIER_PIECE_MAX_BYTES, DOSSIER_PIECE_TYPES, PinError, type DossierPieceType } from '@pin/contracts';

export const pieceTooLarge = () => new PinError('DOSSIER.PIECE_TOO_LARGE', 'Fichier trop volumineux : 10 Mo au plus par pièce.');
const unsupported = () => new PinError('DOSSIER.PIECE_UNSUPPORTED_TYPE', 'Type de fichier refusé : seuls les PDF, JPEG et PNG sont acceptés.');

export interface TypedPiece {
  type: DossierPieceType;
  /** The bytes as received, limited in size; its error is the limit's PinError. */
  body: Readable;
  /** Size and SHA-256 of what went through `body` (read once `body` has ended). */
  summary(): { taille: number; sha256: string };
}

/**
 * Types an upload from its magic bytes (`file-type`: the name and the declared type are ignored),
 * and counts and hashes it on its way to the storage, failing past `max` bytes. The bytes are
 * stored as received: pieces are read by the network's animateurs, not published.
 */
export async function typedPiece(input: Readable, max = DOSSIER_PIECE_MAX_BYTES): Promise<TypedPiece> {
  const typed = await fileTypeStream(input, { sampleSize: 4100 });
  const mime = typed.fileType?.mime as DossierPieceType | undefined;
  if (!mime || !DOSSIER_PIECE_TYPES.includes(mime)) {
    typed.resume();
    throw unsupported();
  }
  const hash = createHash('sha256');
  let taille = 0;
  const body = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      taille += chunk.length;
      if (taille > max) return cb(pieceTooLarge());
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  typed.once('error', (err) => body.destroy(err));
  typed.pipe(body);
  let digest: string | undefined;
  return { type: mime, body, summary: () => ({ taille, sha256: (digest ??= hash.digest('hex')) }) };
}

/** The file name as shown and offered at download: no path, no control characters, 200 characters at most. */
export function pieceName(raw: unknown): string {
  const base = String(typeof raw === 'string' ? raw : '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? 'piece' : clean;
}
