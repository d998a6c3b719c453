import { useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import type { SafeCategory, SafeDocument, SafeJournalLine, SafeShare, SafeUsage } from '@pin/contracts';
import { api } from '../app/api';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { uploadWithProgress } from './upload';
import { frDate, frDateTime } from '../ui/dates';

const TITLE = 'Mon coffre-fort';

/** The labels of the safe's categories (the keys are the contracts' slugs). */
export const CATEGORIES: Record<SafeCategory, string> = {
  identite: 'Identité',
  sante: 'Santé - Carte Vitale',
  logement: 'Logement',
  emploi: 'Emploi - CV',
  impots: 'Impôts',
  famille: 'Famille',
  ressources: 'Ressources - CAF',
  autre: 'Autre',
};

const mo = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;

/** Usager: my documents, encrypted; deposit with progress; shares; « qui a vu mes documents »; export. */
export function CoffrePage() {
  return <Guard title={TITLE} policy={POLICIES.coffre.own}>{() => <Coffre />}</Guard>;
}

function Coffre() {
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  const docs = useApi(() => api.get<{ documents: SafeDocument[]; espace: SafeUsage }>('/api/v1/moi/coffre/documents'), [version]);
  return (
    <Page title={TITLE} lead="Vos documents importants, chiffrés. Personne ne les voit sans votre accord : chaque consultation est inscrite dans votre journal.">
      <DepositSection onDone={bump} />
      <Section id="documents" title="Mes documents">
        {docs.state.status === 'loading' ? <LiveStatus>Chargement de vos documents…</LiveStatus> : null}
        {docs.state.status === 'error' ? <p class="statut statut--erreur">{docs.state.failure.message}</p> : null}
        {docs.state.status === 'ok' ? <DocumentList documents={docs.state.data.documents} usage={docs.state.data.espace} onChange={bump} /> : null}
      </Section>
      <SharesSection version={version} onChange={bump} />
      <JournalSection version={version} />
      <ExportSection />
    </Page>
  );
}

function DepositSection({ onDone }: { onDone: () => void }) {
  const [categorie, setCategorie] = useState<SafeCategory>('identite');
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: 'succes' | 'erreur'; text: string; key: number } | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const input = form.querySelector<HTMLInputElement>('#coffre-fichier');
    const file = input?.files?.[0];
    if (!file) {
      setMessage({ kind: 'erreur', text: 'Choisissez un fichier (PDF, photo JPEG, PNG ou HEIC).', key: Date.now() });
      return;
    }
    const data = new FormData();
    data.append('categorie', categorie);
    data.append('nom', file.name);
    const expire = form.querySelector<HTMLInputElement>('#coffre-expire')?.value;
    if (expire) data.append('expireLe', expire);
    data.append('fichier', file, file.name);
    setProgress(0);
    const r = await uploadWithProgress<{ espace?: SafeUsage }>('/api/v1/moi/coffre/documents', data, setProgress);
    setProgress(null);
    if (r.ok) {
      setMessage({ kind: 'succes', text: r.data.espace?.alerte ? 'Document déposé. Attention : votre coffre-fort est presque plein.' : 'Document déposé et chiffré.', key: Date.now() });
      form.reset();
      onDone();
    } else setMessage({ kind: 'erreur', text: r.message, key: Date.now() });
  };
  return (
    <Section id="depot" title="Déposer un document">
      {message ? <Notice kind={message.kind} focusKey={message.key}><p>{message.text}</p></Notice> : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div class="champ">
          <label for="coffre-categorie">Catégorie</label>
          <select id="coffre-categorie" value={categorie} onChange={(e) => setCategorie((e.currentTarget as HTMLSelectElement).value as SafeCategory)}>
            {Object.entries(CATEGORIES).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </div>
        <div class="champ">
          <label for="coffre-fichier">Fichier (PDF, JPEG, PNG ou photo HEIC ; 20 Mo au plus)</label>
          <input id="coffre-fichier" type="file" accept="application/pdf,image/jpeg,image/png,image/heic,image/heif" capture="environment" />
        </div>
        <div class="champ">
          <label for="coffre-expire">Date d’expiration (facultative)</label>
          <input id="coffre-expire" type="date" />
        </div>
        <button type="submit" class="bouton" disabled={progress !== null}>Déposer</button>
        {progress !== null ? (
          <p>
            <label for="coffre-progression">Envoi en cours</label> <progress id="coffre-progression" max={100} value={progress}>{progress} %</progress>
          </p>
        ) : null}
      </form>
    </Section>
  );
}

function DocumentList({ documents, usage, onChange }: { documents: SafeDocument[]; usage: SafeUsage; onChange: () => void }) {
  const [status, setStatus] = useState('');
  const open = async (d: SafeDocument) => {
    const r = await api.post<{ url: string }>(`/api/v1/moi/coffre/documents/${d.id}/lien`, {});
    if (r.ok) location.assign(r.data.url);
    else setStatus(r.message);
  };
  const remove = async (d: SafeDocument) => {
    if (!confirm(`Supprimer « ${d.nom} » ? Sa clé de chiffrement sera détruite : il ne pourra plus être lu.`)) return;
    const r = await api.delete(`/api/v1/moi/coffre/documents/${d.id}`);
    setStatus(r.ok ? `« ${d.nom} » supprimé.` : r.message);
    onChange();
  };
  const soon = Date.now() + 60 * 86_400_000;
  return (
    <>
      <p>
        Espace utilisé : {mo(usage.octets)} sur {mo(usage.quota)}.
      </p>
      {usage.alerte ? <Notice kind="alerte"><p>Votre coffre-fort est presque plein.</p></Notice> : null}
      {status ? <LiveStatus>{status}</LiveStatus> : null}
      {documents.length === 0 ? <p>Aucun document pour l’instant.</p> : null}
      <RenewSoon documents={documents} />
      <ul>
        {documents.map((d) => (
          <li key={d.id}>
            <strong>{d.nom}</strong> — {CATEGORIES[d.categorie]}, déposé le {frDate(d.deposeLe)}
            {d.deposePar === 'aidant' ? ' par votre aidant' : ''}
            {d.expireLe ? `, expire le ${frDate(d.expireLe)}` : ''}
            {d.expireLe && new Date(d.expireLe).getTime() < soon ? <strong> (bientôt expiré : pensez à le renouveler)</strong> : null}{' '}
            <button type="button" class="bouton bouton--secondaire" onClick={() => void open(d)} aria-label={`Télécharger ${d.nom}`}>Télécharger</button>{' '}
            <button type="button" class="bouton bouton--danger" onClick={() => void remove(d)} aria-label={`Supprimer ${d.nom}`}>Supprimer</button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** « À renouveler bientôt » : the documents whose expiry reminder was recorded (the safe's scheduled scan). */
function RenewSoon({ documents }: { documents: SafeDocument[] }) {
  const due = documents.filter((d) => d.aRenouveler && d.expireLe);
  if (due.length === 0) return null;
  return (
    <Notice kind="alerte">
      <h3>À renouveler bientôt</h3>
      <ul>
        {due.map((d) => (
          <li key={d.id}>
            {d.nom} ({CATEGORIES[d.categorie]}) : expire le {frDate(d.expireLe!)}
          </li>
        ))}
      </ul>
    </Notice>
  );
}

function SharesSection({ version, onChange }: { version: number; onChange: () => void }) {
  const shares = useApi(() => api.get<SafeShare[]>('/api/v1/moi/coffre/partages'), [version]);
  const revoke = async (s: SafeShare) => {
    await api.delete(`/api/v1/moi/coffre/partages/${s.id}`);
    onChange();
  };
  return (
    <Section id="partages" title="Mes partages">
      <p>Un partage permet à une structure qui vous accompagne, sous mandat, de consulter un document ou une catégorie jusqu’à une date.</p>
      {shares.state.status === 'ok' && shares.state.data.length === 0 ? <p>Aucun partage.</p> : null}
      {shares.state.status === 'ok' ? (
        <ul>
          {shares.state.data.map((s) => (
            <li key={s.id}>
              {s.categorie ? `Catégorie ${CATEGORIES[s.categorie]}` : 'Un document'} — jusqu’au {frDate(s.jusquAu)}
              {s.revoqueLe ? ` (retiré le ${frDate(s.revoqueLe)})` : (
                <>
                  {' '}
                  <button type="button" class="bouton bouton--secondaire" onClick={() => void revoke(s)}>Retirer ce partage</button>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </Section>
  );
}

function JournalSection({ version }: { version: number }) {
  const journal = useApi(() => api.get<SafeJournalLine[]>('/api/v1/moi/coffre/journal'), [version]);
  return (
    <Section id="journal-coffre" title="Qui a vu mes documents">
      {journal.state.status === 'ok' && journal.state.data.length === 0 ? <p>Personne n’a encore ouvert vos documents.</p> : null}
      {journal.state.status === 'ok' ? (
        <ol reversed>
          {journal.state.data.map((l) => (
            <li key={l.seq}>
              <time dateTime={l.date}>{frDateTime(l.date)}</time> — {l.texte}
            </li>
          ))}
        </ol>
      ) : null}
    </Section>
  );
}

function ExportSection() {
  const [status, setStatus] = useState('');
  const exportAll = async () => {
    const r = await api.post<{ url: string }>('/api/v1/moi/coffre/export', {});
    if (r.ok) location.assign(r.data.url);
    else setStatus(r.message);
  };
  return (
    <Section id="export" title="Tout télécharger">
      <p>Une archive ZIP avec tous vos documents, leur description et leurs empreintes, et votre journal.</p>
      {status ? <LiveStatus error>{status}</LiveStatus> : null}
      <button type="button" class="bouton" onClick={() => void exportAll()}>Tout télécharger</button>
    </Section>
  );
}
