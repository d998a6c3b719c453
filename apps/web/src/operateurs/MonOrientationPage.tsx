import { useState } from 'preact/hooks';
import type { PersonOrientationView } from '@pin/contracts';
import { Badge } from '../ui/Badge';
import { TextField } from '../ui/form';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { demarcheLabel, frDateTime } from '../mandats/demarches';
import { ORIENTATION_STATUS } from './labels';
import { cancelPersonOrientation, fetchPersonOrientation } from './operateurs.api';
import './operateurs.css';

/**
 * `/mon-orientation` (public): the person enters the code given when they were oriented (sent in
 * the POST body, never in the address), sees where they were sent and what became of it, and may
 * cancel while it is open. Nothing here identifies them.
 */
export function MonOrientationPage() {
  const [code, setCode] = useState('');
  const [shown, setShown] = useState<PersonOrientationView | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [cancelled, setCancelled] = useState(0);
  const look = async (e: Event) => {
    e.preventDefault();
    setError('');
    setShown(null);
    if (!/^[A-Za-z0-9 -]{8,12}$/.test(code.trim())) return setError('Saisissez les 8 caractères de votre code, par exemple ABCD-EFGH.');
    setBusy(true);
    const res = await fetchPersonOrientation(code.trim());
    setBusy(false);
    if (!res.ok) return setError(res.status === 404 ? 'Ce code ne correspond à aucune orientation en cours. Vérifiez-le auprès de la personne qui vous a orienté.' : res.message);
    setShown(res.data);
  };
  const cancel = async () => {
    setBusy(true);
    const res = await cancelPersonOrientation(code.trim());
    setBusy(false);
    setConfirm(false);
    if (!res.ok) return setError(res.message);
    setShown(res.data);
    setCancelled((n) => n + 1);
  };
  const [statusText, kind] = shown ? (ORIENTATION_STATUS[shown.statut] ?? [shown.statut, 'neutre']) : ['', 'neutre'];
  return (
    <Page title="Mon orientation" lead="Un organisme (CAF, CPAM…) ou un aidant vous a orienté vers un lieu pour vous aider dans une démarche. Avec le code qu’il vous a donné, suivez votre orientation ou annulez-la.">
      <Section id="code" title="Retrouver mon orientation">
        <form onSubmit={(e) => void look(e)} noValidate>
          <TextField id="code-suivi" label="Code de suivi" hint="8 caractères, par exemple ABCD-EFGH." required autocomplete="off" autocapitalize="characters" spellcheck={false} value={code} onValue={setCode} />
          {error ? <LiveStatus error>{error}</LiveStatus> : null}
          <button type="submit" class="bouton" disabled={busy}>Voir mon orientation</button>
        </form>
      </Section>
      {shown ? (
        <Section id="orientation" title="Votre orientation">
          {cancelled ? (
            <Notice kind="succes" focusKey={cancelled}>
              Votre orientation est annulée. Le lieu et l’organisme qui vous a orienté en sont informés.
            </Notice>
          ) : null}
          <dl class="orientation-personne">
            <dt>Statut</dt>
            <dd><Badge kind={kind}>{statusText}</Badge></dd>
            <dt>Démarche</dt>
            <dd>{shown.demarche ? demarcheLabel(shown.demarche) : 'non précisée'}</dd>
            <dt>Lieu</dt>
            <dd><a href={`/lieux/${encodeURIComponent(shown.lieuId)}`}>Voir le lieu, son adresse et ses horaires</a></dd>
            <dt>Rendez-vous</dt>
            <dd>{shown.rendezVousLe ? frDateTime(shown.rendezVousLe) : 'pas encore fixé : le lieu vous contactera ou vous pouvez vous y rendre'}</dd>
            <dt>Orientée le</dt>
            <dd>{frDateTime(shown.cree_le)}</dd>
          </dl>
          {shown.annulable && !confirm ? (
            <button type="button" class="bouton bouton--secondaire" onClick={() => setConfirm(true)}>Annuler mon orientation</button>
          ) : null}
          {shown.annulable && confirm ? (
            <div role="group" aria-labelledby="confirmer-annulation">
              <p id="confirmer-annulation">Voulez-vous vraiment annuler cette orientation ? Le lieu ne vous attendra plus.</p>
              <button type="button" class="bouton" disabled={busy} onClick={() => void cancel()}>Oui, annuler mon orientation</button>{' '}
              <button type="button" class="bouton bouton--secondaire" onClick={() => setConfirm(false)}>Non, la garder</button>
            </div>
          ) : null}
        </Section>
      ) : null}
    </Page>
  );
}
