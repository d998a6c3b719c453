import { useState } from 'preact/hooks';
import type { DossierPieceView } from '@pin/contracts';
import { uploadWithProgress } from '../coffre/upload';
import { TextField } from '../ui/form';
import { pieceUrl, removePiece } from './labellisation.api';

// The contract's DOSSIER_PIECE_MAX_BYTES and DOSSIER_PIECE_TYPES (the bundle takes types only from @pin/contracts).
const MAX_BYTES = 10 * 1024 * 1024;
const TYPES: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };
const EXTENSIONS = /\.(pdf|jpe?g|png)$/i;
const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo` : `${Math.max(1, Math.round(n / 1024))} ko`);

/** The pieces of one criterion: download links for whoever reads the dossier, « Retirer » while it is editable. */
export function PieceList({ dossierId, pieces, titre, onRemoved }: { dossierId: string; pieces: readonly DossierPieceView[]; titre: string; onRemoved?: (message: string, ok: boolean) => void }) {
  if (pieces.length === 0) return null;
  const remove = async (p: DossierPieceView) => {
    const r = await removePiece(dossierId, p.id);
    onRemoved?.(r.ok ? `Pièce « ${p.nom} » retirée.` : r.message, r.ok);
  };
  return (
    <ul class="pieces" aria-label={`Pièces justificatives : ${titre}`}>
      {pieces.map((p) => (
        <li key={p.id}>
          <a href={pieceUrl(dossierId, p.id)} download={p.nom}>
            {p.nom}
          </a>{' '}
          ({TYPES[p.type] ?? p.type}, {size(p.taille)})
          {onRemoved ? (
            <>
              {' '}
              <button type="button" class="bouton bouton--secondaire" aria-label={`Retirer ${p.nom}`} onClick={() => void remove(p)}>
                Retirer
              </button>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * A file input per criterion (outside the answers' form: no nested forms). The type and size are
 * checked here for a quick French message; the service decides from the file's bytes.
 */
export function PieceUpload({ dossierId, critereId, titre, onDone }: { dossierId: string; critereId: string; titre: string; onDone: (message: string, ok: boolean) => void }) {
  const id = `piece-${critereId}`;
  const [error, setError] = useState<string | undefined>();
  const [progress, setProgress] = useState<number | null>(null);
  const send = async () => {
    const input = document.getElementById(id) as HTMLInputElement | null;
    const file = input?.files?.[0];
    if (!file) return setError('Choisissez un fichier à joindre.');
    if (!(file.type in TYPES) && !EXTENSIONS.test(file.name)) return setError('Type de fichier refusé : seuls les PDF, JPEG et PNG sont acceptés.');
    if (file.size > MAX_BYTES) return setError(`Fichier trop volumineux (${size(file.size)}) : 10 Mo au plus par pièce.`);
    const data = new FormData();
    data.append('fichier', file, file.name);
    setProgress(0);
    const r = await uploadWithProgress<DossierPieceView>(`/api/v1/labellisation/dossiers/${encodeURIComponent(dossierId)}/criteres/${encodeURIComponent(critereId)}/pieces`, data, setProgress);
    setProgress(null);
    if (!r.ok) return setError(r.message);
    setError(undefined);
    if (input) input.value = '';
    onDone(`Pièce « ${r.data.nom} » jointe.`, true);
  };
  return (
    <div class="piece-depot">
      <TextField id={id} type="file" accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png" label={`Pièce justificative : ${titre}`} hint="PDF, JPEG ou PNG ; 10 Mo au plus." error={error} />
      <button type="button" class="bouton bouton--secondaire" disabled={progress !== null} onClick={() => void send()}>
        Joindre le fichier
      </button>
      {progress !== null ? (
        <p>
          <label for={`${id}-progression`}>Envoi en cours</label> <progress id={`${id}-progression`} max={100} value={progress}>{progress} %</progress>
        </p>
      ) : null}
    </div>
  );
}
