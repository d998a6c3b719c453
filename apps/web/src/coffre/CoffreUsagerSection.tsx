import { useState } from 'preact/hooks';
import type { SafeCategory, SafeDocument } from '@pin/contracts';
import { api } from '../app/api';
import { LiveStatus, Notice } from '../ui/Notice';
import { Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { CATEGORIES } from './CoffrePage';
import { uploadWithProgress } from './upload';
import { frDate } from '../ui/dates';

/**
 * Aidant, on a usager's page: the documents of the usager's safe shared with them or their
 * structure (and until when), opened by a single-use link; a deposit for the usager under a mandate
 * covering the démarche of the category (from the phone's camera too). Every opening and deposit
 * is written in the usager's safe journal.
 */
export function CoffreUsagerSection({ usagerId, structureId }: { usagerId: string; structureId?: string }) {
  const [version, setVersion] = useState(0);
  const docs = useApi(() => api.get<{ documents: SafeDocument[] }>(`/api/v1/usagers/${usagerId}/coffre/documents`, { structureId }), [usagerId, version]);
  return (
    <Section id="coffre" title="Coffre-fort numérique">
      <p>Les documents que la personne a partagés avec vous ou votre structure, tant que le partage et un mandat couvrant la démarche sont en cours. Chaque ouverture est inscrite dans son journal.</p>
      <p>
        <a href="/app/coffre/partages">Tous les documents partagés avec moi</a> (toutes les personnes que vous accompagnez)
      </p>
      {docs.state.status === 'loading' ? <LiveStatus>Chargement des documents partagés…</LiveStatus> : null}
      {docs.state.status === 'error' ? <p class="statut statut--erreur">{docs.state.failure.message}</p> : null}
      {docs.state.status === 'ok' ? <SharedList usagerId={usagerId} structureId={structureId} documents={docs.state.data.documents} /> : null}
      <DepositForUsager usagerId={usagerId} structureId={structureId} onDone={() => setVersion((v) => v + 1)} />
    </Section>
  );
}

function SharedList({ usagerId, structureId, documents }: { usagerId: string; structureId?: string; documents: SafeDocument[] }) {
  const [status, setStatus] = useState('');
  const open = async (d: SafeDocument) => {
    const r = await api.post<{ url: string }>(`/api/v1/usagers/${usagerId}/coffre/documents/${d.id}/lien`, {}, { structureId });
    if (r.ok) location.assign(r.data.url);
    else setStatus(r.message);
  };
  if (documents.length === 0) return <p>Aucun document partagé avec vous pour l’instant.</p>;
  return (
    <>
      {status ? <LiveStatus error>{status}</LiveStatus> : null}
      <h3>Documents partagés</h3>
      <ul>
        {documents.map((d) => (
          <li key={d.id}>
            <strong>{d.nom}</strong> — {CATEGORIES[d.categorie]}
            {d.expireLe ? `, expire le ${frDate(d.expireLe)}` : ''}
            {d.partageJusquAu ? `, partagé jusqu’au ${frDate(d.partageJusquAu)}` : ''}{' '}
            <button type="button" class="bouton bouton--secondaire" onClick={() => void open(d)} aria-label={`Télécharger ${d.nom}`}>
              Télécharger
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function DepositForUsager({ usagerId, structureId, onDone }: { usagerId: string; structureId?: string; onDone: () => void }) {
  const [categorie, setCategorie] = useState<SafeCategory>('identite');
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: 'succes' | 'erreur'; text: string; key: number } | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const file = form.querySelector<HTMLInputElement>('#coffre-aidant-fichier')?.files?.[0];
    if (!file) {
      setMessage({ kind: 'erreur', text: 'Choisissez un fichier (PDF, photo JPEG, PNG ou HEIC).', key: Date.now() });
      return;
    }
    const data = new FormData();
    data.append('categorie', categorie);
    data.append('nom', file.name);
    const expire = form.querySelector<HTMLInputElement>('#coffre-aidant-expire')?.value;
    if (expire) data.append('expireLe', expire);
    data.append('fichier', file, file.name);
    setProgress(0);
    const r = await uploadWithProgress(`/api/v1/usagers/${usagerId}/coffre/documents`, data, setProgress, { structureId });
    setProgress(null);
    if (r.ok) {
      setMessage({ kind: 'succes', text: 'Document déposé et chiffré dans le coffre-fort de la personne.', key: Date.now() });
      form.reset();
      onDone();
    } else setMessage({ kind: 'erreur', text: r.message, key: Date.now() });
  };
  return (
    <>
      <h3>Déposer un document pour la personne</h3>
      <p>Le dépôt demande un mandat en cours qui couvre la démarche de la catégorie (par exemple « Papiers » pour l’identité).</p>
      {message ? (
        <Notice kind={message.kind} focusKey={message.key}>
          <p>{message.text}</p>
        </Notice>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div class="champ">
          <label for="coffre-aidant-categorie">Catégorie du document</label>
          <select id="coffre-aidant-categorie" value={categorie} onChange={(e) => setCategorie((e.currentTarget as HTMLSelectElement).value as SafeCategory)}>
            {Object.entries(CATEGORIES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="champ">
          <label for="coffre-aidant-fichier">Fichier ou photo (PDF, JPEG, PNG ou HEIC ; 20 Mo au plus)</label>
          <input id="coffre-aidant-fichier" type="file" accept="application/pdf,image/jpeg,image/png,image/heic,image/heif" capture="environment" />
        </div>
        <div class="champ">
          <label for="coffre-aidant-expire">Date d’expiration du document (facultative)</label>
          <input id="coffre-aidant-expire" type="date" />
        </div>
        <button type="submit" class="bouton" disabled={progress !== null}>
          Déposer pour la personne
        </button>
        {progress !== null ? (
          <p>
            <label for="coffre-aidant-progression">Envoi en cours</label>{' '}
            <progress id="coffre-aidant-progression" max={100} value={progress}>
              {progress} %
            </progress>
          </p>
        ) : null}
      </form>
    </>
  );
}
