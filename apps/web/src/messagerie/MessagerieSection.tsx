import { useEffect, useState } from 'preact/hooks';
import type { MailboxView } from '@pin/contracts';
import { Badge } from '../ui/Badge';
import { ErrorSummary, TextField, errorFor, fieldErrorsFrom, type FieldError } from '../ui/form';
import { LiveStatus, Notice } from '../ui/Notice';
import { Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { fetchLetter, fetchUsagerMailbox, mailboxAction, proposeAddresses, requestMailbox, STATUT_LABELS } from './messagerie.api';

/**
 * Aidant, on a usager's page: request an ethical mailbox (under a mandate covering « Papiers » or
 * « Social »), follow its creation, print the letter, reset the password, suspend or reactivate.
 */
export function MessagerieSection({ usagerId, prenom, nom }: { usagerId: string; prenom: string; nom: string }) {
  const { state, reload } = useApi(() => fetchUsagerMailbox(usagerId), [usagerId]);
  const mailbox = state.status === 'ok' ? state.data : undefined;
  const creating = mailbox && (mailbox.statut === 'demandee' || mailbox.statut === 'en_cours');
  useEffect(() => {
    if (!creating) return;
    const timer = setInterval(() => void reload(), 1_000);
    return () => clearInterval(timer);
  }, [creating]);
  return (
    <Section id="messagerie" title="Boîte aux lettres électronique">
      {state.status === 'loading' ? <LiveStatus>Chargement…</LiveStatus> : null}
      {state.status === 'error' && state.failure.status !== 404 ? <p class="statut statut--erreur">{state.failure.message}</p> : null}
      {(state.status === 'error' && state.failure.status === 404) || mailbox?.statut === 'supprimee' || mailbox?.statut === 'echec' ? (
        <RequestForm usagerId={usagerId} prenom={prenom} nom={nom} onDone={() => void reload()} />
      ) : null}
      {mailbox && mailbox.statut !== 'supprimee' && mailbox.statut !== 'echec' ? <MailboxBlock mailbox={mailbox} onChange={() => void reload()} /> : null}
    </Section>
  );
}

function RequestForm({ usagerId, prenom: p0, nom: n0, onDone }: { usagerId: string; prenom: string; nom: string; onDone: () => void }) {
  const [prenom, setPrenom] = useState(p0);
  const [nom, setNom] = useState(n0);
  const [demarche, setDemarche] = useState('papiers');
  const [consent, setConsent] = useState(false);
  const [proposals, setProposals] = useState<string[]>([]);
  const [chosen, setChosen] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const propose = async () => {
    setBusy(true);
    const res = await proposeAddresses(usagerId, prenom, nom);
    setBusy(false);
    if (!res.ok) {
      setErrors([{ field: 'messagerie-nom', message: res.message }, ...fieldErrorsFrom(res.details)]);
      return;
    }
    setErrors([]);
    setProposals(res.data.propositions);
    setChosen(res.data.propositions[0] ?? '');
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!consent) {
      setErrors([{ field: 'messagerie-consentement', message: 'Le consentement de la personne est nécessaire.' }]);
      return;
    }
    setBusy(true);
    const res = await requestMailbox(usagerId, { prenom, nom, demarche, consentement: true, localPart: chosen ? chosen.split('@')[0] : undefined });
    setBusy(false);
    if (!res.ok) {
      setErrors([{ field: 'messagerie-nom', message: res.message }]);
      return;
    }
    onDone();
  };
  return (
    <form noValidate aria-labelledby="titre-messagerie" onSubmit={(e) => void submit(e)}>
      <p>La personne n’a pas encore d’adresse électronique PIN. Hébergée en Europe, sans publicité, ses données ne sont jamais réutilisées.</p>
      <ErrorSummary errors={errors} />
      <TextField id="messagerie-prenom" label="Prénom" required value={prenom} onValue={setPrenom} error={errorFor(errors, 'messagerie-prenom')} />
      <TextField id="messagerie-nom" label="Nom" required value={nom} onValue={setNom} error={errorFor(errors, 'messagerie-nom')} />
      <p>
        <button type="button" class="bouton bouton--secondaire" disabled={busy} onClick={() => void propose()}>
          Proposer une adresse
        </button>
      </p>
      {proposals.length ? (
        <fieldset class="champ">
          <legend>Adresse</legend>
          {proposals.map((a) => (
            <div class="choix" key={a}>
              <input type="radio" id={`adresse-${a}`} name="adresse" checked={chosen === a} onChange={() => setChosen(a)} />
              <label for={`adresse-${a}`}>{a}</label>
            </div>
          ))}
        </fieldset>
      ) : null}
      <fieldset class="champ">
        <legend>Mandat utilisé</legend>
        {[['papiers', 'Papiers - Citoyenneté'], ['social', 'Social - Santé']].map(([value, label]) => (
          <div class="choix" key={value}>
            <input type="radio" id={`messagerie-demarche-${value}`} name="demarche" checked={demarche === value} onChange={() => setDemarche(value)} />
            <label for={`messagerie-demarche-${value}`}>{label}</label>
          </div>
        ))}
      </fieldset>
      <div class="choix">
        <input type="checkbox" id="messagerie-consentement" checked={consent} onChange={(e) => setConsent((e.currentTarget as HTMLInputElement).checked)} />
        <label for="messagerie-consentement">La personne a été informée des conditions du service et accepte la création de sa boîte aux lettres.</label>
      </div>
      {errorFor(errors, 'messagerie-consentement') ? <p class="champ__erreur">{errorFor(errors, 'messagerie-consentement')}</p> : null}
      <p>
        <button type="submit" class="bouton" disabled={busy}>
          Créer la boîte aux lettres
        </button>
      </p>
      {busy ? <LiveStatus>Envoi…</LiveStatus> : null}
    </form>
  );
}

function MailboxBlock({ mailbox: m, onChange }: { mailbox: MailboxView; onChange: () => void }) {
  const [notice, setNotice] = useState<{ kind: 'succes' | 'erreur'; text: string } | undefined>();
  const act = async (action: Parameters<typeof mailboxAction>[1], done: string) => {
    const res = await mailboxAction(m.id, action);
    setNotice(res.ok ? { kind: 'succes', text: done } : { kind: 'erreur', text: res.message });
    onChange();
  };
  const print = async () => {
    const res = await fetchLetter(m.id);
    if (!res.ok) {
      setNotice({ kind: 'erreur', text: res.message });
      return;
    }
    window.open(URL.createObjectURL(res.data.blob), '_blank');
  };
  return (
    <>
      {notice ? (
        <Notice kind={notice.kind} focusKey={notice}>
          <p>{notice.text}</p>
        </Notice>
      ) : null}
      <dl class="recap">
        <dt>Adresse</dt>
        <dd>{m.adresse}</dd>
        <dt>État</dt>
        <dd>
          <Badge kind={m.statut === 'active' ? 'valide' : m.statut === 'en_cours' || m.statut === 'demandee' ? 'info' : 'alerte'}>{STATUT_LABELS[m.statut]}</Badge>
        </dd>
        <dt>Espace</dt>
        <dd>{m.quotaMo} Mo</dd>
      </dl>
      {m.statut === 'demandee' || m.statut === 'en_cours' ? (
        <>
          <label for="messagerie-progression">Création de la boîte</label>{' '}
          <progress id="messagerie-progression" max={100} value={m.progression}>
            {m.progression} %
          </progress>
          <LiveStatus>{`Création en cours : ${m.progression} %`}</LiveStatus>
        </>
      ) : null}
      <p class="actions">
        {m.courrierDisponible ? (
          <button type="button" class="bouton" onClick={() => void print()}>
            Imprimer le courrier
          </button>
        ) : null}
        {m.statut === 'active' || m.statut === 'suspendue' ? (
          <button type="button" class="bouton bouton--secondaire" onClick={() => void act('reinitialisation', 'Nouveau mot de passe provisoire : imprimez le nouveau courrier.')}>
            Réinitialiser le mot de passe
          </button>
        ) : null}
        {m.statut === 'active' ? (
          <button type="button" class="bouton bouton--secondaire" onClick={() => void act('suspension', 'Connexion suspendue ; le courrier continue d’arriver.')}>
            Suspendre
          </button>
        ) : null}
        {m.statut === 'suspendue' || m.statut === 'desactivee' || m.statut === 'suppression_programmee' ? (
          <button type="button" class="bouton bouton--secondaire" onClick={() => void act('reactivation', 'Boîte réactivée.')}>
            Réactiver
          </button>
        ) : null}
      </p>
    </>
  );
}
