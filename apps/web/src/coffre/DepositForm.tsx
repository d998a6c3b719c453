import { useState } from 'preact/hooks';
import type { SafeCategory } from '@pin/contracts';
import { Notice } from '../ui/Notice';
import { SAFE_CATEGORIES as CATEGORIES } from '@pin/contracts/labels';
import { uploadWithProgress } from './upload';

/** What differs between the usager's own deposit and an aidant's deposit for a usager. */
export interface DepositFormProps<T> {
  /** Prefix of the fields' ids (`<prefix>-categorie`, `-fichier`, `-expire`, `-progression`). */
  idPrefix: string;
  /** The deposit route (multipart POST). */
  url: string;
  structureId?: string;
  labels: { categorie: string; fichier: string; expire: string; submit: string };
  /** The success notice, from the service's answer. */
  succeeded: (answer: T) => string;
  onDone: () => void;
}

/**
 * A deposit into a safe: category, file (or a photo from the phone's camera), optional expiry
 * date, upload with progress; the outcome in a notice that takes the focus.
 */
export function DepositForm<T>({ idPrefix, url, structureId, labels, succeeded, onDone }: DepositFormProps<T>) {
  const [categorie, setCategorie] = useState<SafeCategory>('identite');
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: 'succes' | 'erreur'; text: string; key: number } | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const file = form.querySelector<HTMLInputElement>(`#${idPrefix}-fichier`)?.files?.[0];
    if (!file) {
      setMessage({ kind: 'erreur', text: 'Choisissez un fichier (PDF, photo JPEG, PNG ou HEIC).', key: Date.now() });
      return;
    }
    const data = new FormData();
    data.append('categorie', categorie);
    data.append('nom', file.name);
    const expire = form.querySelector<HTMLInputElement>(`#${idPrefix}-expire`)?.value;
    if (expire) data.append('expireLe', expire);
    data.append('fichier', file, file.name);
    setProgress(0);
    const r = await uploadWithProgress<T>(url, data, setProgress, { structureId });
    setProgress(null);
    if (r.ok) {
      setMessage({ kind: 'succes', text: succeeded(r.data), key: Date.now() });
      form.reset();
      onDone();
    } else setMessage({ kind: 'erreur', text: r.message, key: Date.now() });
  };
  return (
    <>
      {message ? (
        <Notice kind={message.kind} focusKey={message.key}>
          <p>{message.text}</p>
        </Notice>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div class="champ">
          <label for={`${idPrefix}-categorie`}>{labels.categorie}</label>
          <select id={`${idPrefix}-categorie`} value={categorie} onChange={(e) => setCategorie((e.currentTarget as HTMLSelectElement).value as SafeCategory)}>
            {Object.entries(CATEGORIES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="champ">
          <label for={`${idPrefix}-fichier`}>{labels.fichier}</label>
          <input id={`${idPrefix}-fichier`} type="file" accept="application/pdf,image/jpeg,image/png,image/heic,image/heif" capture="environment" />
        </div>
        <div class="champ">
          <label for={`${idPrefix}-expire`}>{labels.expire}</label>
          <input id={`${idPrefix}-expire`} type="date" />
        </div>
        <button type="submit" class="bouton" disabled={progress !== null}>
          {labels.submit}
        </button>
        {progress !== null ? (
          <p>
            <label for={`${idPrefix}-progression`}>Envoi en cours</label>{' '}
            <progress id={`${idPrefix}-progression`} max={100} value={progress}>
              {progress} %
            </progress>
          </p>
        ) : null}
      </form>
    </>
  );
}
