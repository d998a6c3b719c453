import { useState } from 'preact/hooks';
import type { SafeDocument } from '@pin/contracts';
import { api } from '../app/api';
import { LiveStatus } from '../ui/Notice';
import { Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { SAFE_CATEGORIES as CATEGORIES } from '@pin/contracts/labels';
import { DepositForm } from './DepositForm';
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
  return (
    <>
      <h3>Déposer un document pour la personne</h3>
      <p>Le dépôt demande un mandat en cours qui couvre la démarche de la catégorie (par exemple « Papiers » pour l’identité).</p>
      <DepositForm
        idPrefix="coffre-aidant"
        url={`/api/v1/usagers/${usagerId}/coffre/documents`}
        structureId={structureId}
        labels={{ categorie: 'Catégorie du document', fichier: 'Fichier ou photo (PDF, JPEG, PNG ou HEIC ; 20 Mo au plus)', expire: 'Date d’expiration du document (facultative)', submit: 'Déposer pour la personne' }}
        succeeded={() => 'Document déposé et chiffré dans le coffre-fort de la personne.'}
        onDone={onDone}
      />
    </>
  );
}
