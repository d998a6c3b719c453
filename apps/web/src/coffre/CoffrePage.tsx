import { useRef, useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import type { SafeClosureState, SafeDocument, SafeJournalLine, SafeShare, SafeSpace, SafeUsage } from '@pin/contracts';
import { api } from '../app/api';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ChoiceGroup, ErrorSummary, errorFor, fieldErrorsFrom, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { SAFE_CATEGORIES as CATEGORIES } from '@pin/contracts/labels';
import { DepositForm } from './DepositForm';
import { frDate, frDateTime } from '../ui/dates';

const TITLE = 'Mon coffre-fort';


/** « 12 Ko » under a megabyte (a scanned page is not « 0 Mo »), else « 3,4 Mo ». */
const mo = (bytes: number) =>
  bytes > 0 && bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024).toLocaleString('fr-FR')} Ko` : `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;

/** Usager: my documents, encrypted; deposit with progress; shares; « qui a vu mes documents »; export; closure of the safe. */
export function CoffrePage() {
  return <Guard title={TITLE} policy={POLICIES.coffre.own}>{() => <Coffre />}</Guard>;
}

function Coffre() {
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  const docs = useApi(() => api.get<{ documents: SafeDocument[]; espace: SafeSpace }>('/api/v1/moi/coffre/documents'), [version]);
  // The last space read, kept while the page reloads after an action: the closure's section stays in place (and its notice).
  const lastSpace = useRef<SafeSpace | null>(null);
  if (docs.state.status === 'ok') lastSpace.current = docs.state.data.espace;
  const space = lastSpace.current;
  const closure = space?.fermeture ?? null;
  return (
    <Page title={TITLE} lead="Vos documents importants, chiffrés. Personne ne les voit sans votre accord : chaque consultation est inscrite dans votre journal.">
      {closure ? <DepositsClosed closure={closure} /> : <DepositSection onDone={bump} />}
      <Section id="documents" title="Mes documents">
        {docs.state.status === 'loading' ? <LiveStatus>Chargement de vos documents…</LiveStatus> : null}
        {docs.state.status === 'error' ? <p class="statut statut--erreur">{docs.state.failure.message}</p> : null}
        {docs.state.status === 'ok' ? <DocumentList documents={docs.state.data.documents} usage={docs.state.data.espace} onChange={bump} /> : null}
      </Section>
      <SharesSection version={version} onChange={bump} />
      <JournalSection version={version} />
      <ExportSection />
      {space ? <ClosureSection space={space} onChange={bump} /> : null}
    </Page>
  );
}

function DepositSection({ onDone }: { onDone: () => void }) {
  return (
    <Section id="depot" title="Déposer un document">
      <DepositForm<{ espace?: SafeUsage }>
        idPrefix="coffre"
        url="/api/v1/moi/coffre/documents"
        labels={{ categorie: 'Catégorie', fichier: 'Fichier (PDF, JPEG, PNG ou photo HEIC ; 20 Mo au plus)', expire: 'Date d’expiration (facultative)', submit: 'Déposer' }}
        succeeded={(answer) => (answer.espace?.alerte ? 'Document déposé. Attention : votre coffre-fort est presque plein.' : 'Document déposé et chiffré.')}
        onDone={onDone}
      />
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

/** While a closure is pending (or done), the safe refuses every deposit, the usager's and their aidant's. */
function DepositsClosed({ closure }: { closure: SafeClosureState }) {
  return (
    <Section id="depot" title="Déposer un document">
      {closure.effectueeLe ? (
        <p class="notice notice--alerte">Votre coffre-fort est fermé : plus aucun document ne peut y être déposé.</p>
      ) : (
        <div class="notice notice--alerte">
          <p>
            Dépôts suspendus : vous avez demandé la fermeture de votre coffre-fort. Ni vous ni votre aidant ne pouvez y déposer de document. Pour déposer de nouveau,{' '}
            <a href="#titre-fermeture">annulez la fermeture</a>.
          </p>
        </div>
      )}
    </Section>
  );
}

/**
 * « Fermer mon coffre-fort »: first an invitation to download everything, then the closure,
 * confirmed in a dialog. During the recovery period the safe stays readable and the closure can be
 * cancelled; then the data keys are destroyed (crypto-shredding): nothing can be read again.
 */
function ClosureSection({ space, onChange }: { space: SafeSpace; onChange: () => void }) {
  const [understood, setUnderstood] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'succes' | 'erreur'; text: string; key: number } | null>(null);
  const closure = space.fermeture;
  const days = space.delaiFermetureJours;

  const ask = (e: Event) => {
    e.preventDefault();
    setMessage(null);
    if (!understood.includes('oui')) {
      setErrors([{ field: 'fermeture-compris-0', message: 'Cochez la case pour confirmer que vous avez compris : vos documents seront détruits sans retour possible.' }]);
      return;
    }
    setErrors([]);
    setConfirming(true);
  };

  const close = async () => {
    setBusy(true);
    const r = await api.post<{ destructionLe: string }>('/api/v1/moi/coffre/fermeture', { confirmer: true });
    setBusy(false);
    setConfirming(false);
    if (!r.ok) {
      const details = fieldErrorsFrom(r.details, { confirmer: 'fermeture-compris-0' });
      setErrors(details.length ? details : [{ field: '', message: r.message }]);
      return;
    }
    setUnderstood([]);
    setMessage({ kind: 'succes', text: `Fermeture demandée. Vos documents seront détruits à partir du ${frDateTime(r.data.destructionLe)}. D’ici là, vous pouvez annuler la fermeture.`, key: Date.now() });
    onChange();
  };

  const cancel = async () => {
    setBusy(true);
    const r = await api.delete('/api/v1/moi/coffre/fermeture');
    setBusy(false);
    setMessage(r.ok ? { kind: 'succes', text: 'Fermeture annulée : votre coffre-fort reste ouvert et vous pouvez de nouveau y déposer des documents.', key: Date.now() } : { kind: 'erreur', text: r.message, key: Date.now() });
    onChange();
  };

  return (
    <Section id="fermeture" title={closure ? 'Fermeture de mon coffre-fort' : 'Fermer mon coffre-fort'}>
      {/* Before the notice: when the dialog closes it gives the focus back, then the notice takes it. */}
      <ConfirmDialog
        open={confirming}
        title="Fermer votre coffre-fort ?"
        confirmLabel="Confirmer la fermeture"
        cancelLabel="Garder mon coffre-fort"
        danger
        busy={busy}
        onConfirm={() => void close()}
        onClose={() => setConfirming(false)}
      >
        <p>
          Dans {days} jours, les clés de chiffrement de vos documents seront détruites : ni vous, ni votre aidant, ni personne ne pourra plus les lire. Jusque-là, vous pourrez annuler la fermeture.
        </p>
        <p>Avez-vous téléchargé tous vos documents ?</p>
      </ConfirmDialog>
      {message ? <Notice kind={message.kind} focusKey={message.key}><p>{message.text}</p></Notice> : null}
      {closure?.effectueeLe ? (
        <p>
          Votre coffre-fort a été fermé le {frDateTime(closure.effectueeLe)} : les clés de vos documents ont été détruites, ils ne peuvent plus être lus ni récupérés.
        </p>
      ) : closure ? (
        <>
          <p>
            Vous avez demandé la fermeture de votre coffre-fort le {frDateTime(closure.demandeeLe)}.{' '}
            <strong>À partir du {frDateTime(closure.destructionLe)}, les clés de vos documents seront détruites : plus rien ne pourra être récupéré.</strong>
          </p>
          <p>
            D’ici là, vous pouvez encore ouvrir vos documents et <a href="#titre-export">tout télécharger</a>, mais plus en déposer. Si vous changez d’avis, annulez la fermeture : rien n’est perdu.
          </p>
          <button type="button" class="bouton" disabled={busy} onClick={() => void cancel()}>Annuler la fermeture</button>
        </>
      ) : (
        <form onSubmit={ask} noValidate>
          <p>
            <strong>Avant de fermer votre coffre-fort, téléchargez tous vos documents</strong> avec <a href="#titre-export">« Tout télécharger »</a> : après la fermeture, ils ne pourront plus être récupérés.
          </p>
          <ul>
            <li>Pendant {days} jours après votre demande, vous pouvez annuler la fermeture. Vous pouvez encore ouvrir et télécharger vos documents, mais ni vous ni votre aidant ne pouvez plus en déposer.</li>
            <li>
              Ensuite, les clés de chiffrement de vos documents sont détruites, les fichiers effacés et vos partages retirés. Sans leur clé, personne ne peut plus lire vos documents : ni vous, ni votre
              aidant, ni l’équipe du service.
            </li>
          </ul>
          <ErrorSummary errors={errors} id="erreurs-fermeture" />
          <ChoiceGroup
            name="fermeture-compris"
            legend="Confirmation"
            type="checkbox"
            choices={[{ value: 'oui', label: `J’ai compris que mes documents seront détruits sans retour possible ${days} jours après ma demande.` }]}
            values={understood}
            onValues={setUnderstood}
            error={errorFor(errors, 'fermeture-compris-0')}
          />
          <p class="action">
            <button type="submit" class="bouton bouton--danger">Fermer mon coffre-fort</button>
          </p>
        </form>
      )}
    </Section>
  );
}
