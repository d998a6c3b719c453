import { useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import { Badge } from '../ui/Badge';
import { ErrorSummary, TextField, errorFor, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { changeMyPassword, createAppPassword, fetchAppPasswords, fetchMyMailbox, fetchMyQuota, revokeAppPassword, STATUT_LABELS } from './messagerie.api';
import { frDate, frDateTime } from '../ui/dates';

const TITLE = 'Ma messagerie';

/** Usager: choose my password (the provisional one of the letter first), my app passwords, my space. */
export function MaMessageriePage() {
  return (
    <Guard title={TITLE} policy={POLICIES.messagerie.self}>
      {() => <MaMessagerie />}
    </Guard>
  );
}

function MaMessagerie() {
  const [version, setVersion] = useState(0);
  const { state } = useApi(fetchMyMailbox, [version]);
  const mailbox = state.status === 'ok' ? state.data : undefined;
  return (
    <Page title={TITLE} lead="Votre boîte aux lettres électronique : hébergée en Europe, sans publicité, vos données ne sont jamais réutilisées.">
      {state.status === 'loading' ? <LiveStatus>Chargement…</LiveStatus> : null}
      {mailbox ? (
        <Section id="ma-boite" title="Ma boîte">
          <dl class="recap">
            <dt>Adresse</dt>
            <dd>{mailbox.adresse}</dd>
            <dt>État</dt>
            <dd>
              <Badge kind={mailbox.statut === 'active' ? 'valide' : 'alerte'}>{STATUT_LABELS[mailbox.statut]}</Badge>
            </dd>
          </dl>
          <QuotaBlock />
        </Section>
      ) : null}
      <PasswordSection address={mailbox?.adresse} onChanged={() => setVersion((v) => v + 1)} />
      {mailbox ? <AppPasswordsSection version={version} /> : null}
    </Page>
  );
}

function QuotaBlock() {
  const { state } = useApi(fetchMyQuota, []);
  if (state.status !== 'ok') return null;
  const q = state.data;
  return (
    <>
      <p>
        <label for="quota">{`Espace utilisé : ${q.utiliseMo} Mo sur ${q.quotaMo} Mo (${q.pourcentage} %)`}</label>{' '}
        <progress id="quota" max={100} value={Math.min(100, q.pourcentage)} />
      </p>
      {q.alerte ? <p class="statut statut--erreur">Votre boîte est presque pleine : supprimez des messages ou demandez plus d’espace à votre aidant.</p> : null}
    </>
  );
}

function PasswordSection({ address, onChanged }: { address?: string; onChanged: () => void }) {
  const [adresse, setAdresse] = useState(address ?? '');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState(0);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const res = await changeMyPassword({ adresse: address ?? adresse, motDePasseActuel: current, nouveauMotDePasse: next });
    setBusy(false);
    if (!res.ok) {
      setErrors([{ field: res.code === 'MESSAGERIE.WRONG_PASSWORD' ? 'mdp-actuel' : 'mdp-nouveau', message: res.message }]);
      return;
    }
    setErrors([]);
    setCurrent('');
    setNext('');
    setDone((n) => n + 1);
    onChanged();
  };
  return (
    <Section id="mot-de-passe" title={address ? 'Changer mon mot de passe' : 'Choisir mon mot de passe'}>
      {done ? (
        <Notice kind="succes" focusKey={done}>
          <p>Votre mot de passe est changé. Vos mots de passe d’application ont été révoqués : créez-en un nouveau pour chaque appareil.</p>
        </Notice>
      ) : null}
      {!address ? <p>Saisissez l’adresse et le mot de passe provisoire imprimés sur le courrier remis par votre aidant, puis choisissez votre mot de passe.</p> : null}
      <form noValidate aria-labelledby="titre-mot-de-passe" onSubmit={(e) => void submit(e)}>
        <ErrorSummary errors={errors} />
        {!address ? <TextField id="mdp-adresse" label="Adresse électronique" type="email" autocomplete="username" required value={adresse} onValue={setAdresse} /> : null}
        <TextField id="mdp-actuel" label={address ? 'Mot de passe actuel' : 'Mot de passe provisoire'} type="password" autocomplete="current-password" required value={current} onValue={setCurrent} error={errorFor(errors, 'mdp-actuel')} />
        <TextField id="mdp-nouveau" label="Nouveau mot de passe" hint="12 caractères au moins ; une phrase facile à retenir convient." type="password" autocomplete="new-password" required value={next} onValue={setNext} error={errorFor(errors, 'mdp-nouveau')} />
        <button type="submit" class="bouton" disabled={busy}>
          Enregistrer mon mot de passe
        </button>
        {busy ? <LiveStatus>Enregistrement…</LiveStatus> : null}
      </form>
    </Section>
  );
}

function AppPasswordsSection({ version }: { version: number }) {
  const [bump, setBump] = useState(0);
  const { state } = useApi(fetchAppPasswords, [version, bump]);
  const [nom, setNom] = useState('');
  const [created, setCreated] = useState<{ nom: string; motDePasse: string } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const create = async (event: Event) => {
    event.preventDefault();
    const res = await createAppPassword(nom);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setError(undefined);
    setNom('');
    setCreated({ nom: res.data.nom, motDePasse: res.data.motDePasse });
    setBump((n) => n + 1);
  };
  return (
    <Section id="appareils" title="Mes appareils (mots de passe d’application)">
      <p>Sur un téléphone ou un logiciel de messagerie, utilisez un mot de passe d’application, un par appareil : vous pourrez le révoquer si l’appareil est perdu.</p>
      {created ? (
        <Notice kind="succes" focusKey={created}>
          <p>{`Mot de passe pour « ${created.nom} » (il ne sera plus affiché) :`}</p>
          <p>
            <code>{created.motDePasse}</code>
          </p>
        </Notice>
      ) : null}
      {state.status === 'ok' && state.data.items.length ? (
        <ul>
          {state.data.items.map((a) => (
            <li key={a.id}>
              {a.nom}
              <span class="appareil-dates">{` — créé le ${frDate(a.cree_le)}, ${a.derniere_utilisation ? `dernière connexion le ${frDateTime(a.derniere_utilisation)}` : 'jamais utilisé'}`}</span>{' '}
              <button
                type="button"
                class="bouton bouton--secondaire"
                onClick={() => void revokeAppPassword(a.id).then(() => setBump((n) => n + 1))}
                aria-label={`Révoquer le mot de passe de l’appareil ${a.nom}`}
              >
                Révoquer
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form noValidate aria-labelledby="titre-appareils" onSubmit={(e) => void create(e)}>
        <TextField id="appareil-nom" label="Nom de l’appareil" hint="Par exemple « Téléphone »." required value={nom} onValue={setNom} error={error} />
        <button type="submit" class="bouton">
          Créer un mot de passe d’application
        </button>
      </form>
    </Section>
  );
}
