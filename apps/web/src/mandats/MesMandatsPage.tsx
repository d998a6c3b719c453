import { useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import type { CurrentUser } from '@pin/contracts';
import { ErrorSummary, TextField, errorFor, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { claimUsager, fetchMyJournal, fetchMyMandats } from './mandats.api';
import { JournalSection, MandatsSection, useVersion } from './parts';

const TITLE = 'Mes mandats';

/** Usager: my mandates (revoke them), my journal, and the one-time code printed on a mandate. */
export function MesMandatsPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.self.read}>
      {(user) => <MesMandats user={user} />}
    </Guard>
  );
}

function MesMandats({ user }: { user: CurrentUser }) {
  const [version, bump] = useVersion();
  // Whether a dossier is already linked: then the code form waits behind a button.
  const { state } = useApi(fetchMyMandats, [version]);
  const linked = state.status === 'ok' && state.data.items.length > 0;
  return (
    <Page title={TITLE} lead="Les mandats que vous avez donnés à un aidant pour faire des démarches à votre place. Vous pouvez les révoquer à tout moment.">
      <ClaimSection linked={linked} onClaimed={bump} />
      <MandatsSection load={fetchMyMandats} deps={[version]} asUsager onChange={bump} />
      <JournalSection load={fetchMyJournal} deps={[version]} reader={{ kind: 'usager', name: user.name }} title="Mon journal" />
    </Page>
  );
}

/**
 * The code printed on the attestation links the person's account to their dossier. Once used, the
 * form gives way to what happened; a person followed by another structure links that dossier too,
 * with the code printed there.
 */
export function ClaimSection({ linked, onClaimed }: { linked: boolean; onClaimed: () => void }) {
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [claimed, setClaimed] = useState(0);
  const [formShown, setFormShown] = useState(false);
  const showForm = formShown || (!linked && claimed === 0);
  const submit = async (event: Event) => {
    event.preventDefault();
    const value = code.trim().toUpperCase();
    if (!value) {
      setErrors([{ field: 'code-reclamation', message: 'Saisissez le code imprimé sur votre mandat.' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    const res = await claimUsager(value);
    setBusy(false);
    if (!res.ok) {
      setErrors([{ field: 'code-reclamation', message: res.message }]);
      return;
    }
    setCode('');
    setFormShown(false);
    setClaimed((n) => n + 1);
    onClaimed();
  };
  return (
    <Section id="code" title="Relier un mandat à mon compte">
      {claimed > 0 ? (
        <Notice kind="succes" focusKey={claimed}>
          <p>Vos mandats sont maintenant reliés à votre compte.</p>
          <p>Le code a servi : il ne fonctionne plus. Vos mandats et votre journal s’affichent ci-dessous.</p>
        </Notice>
      ) : null}
      {showForm ? (
        <>
          <p>
            Lors de votre premier mandat, l’aidant vous a remis une attestation avec un code à usage unique. Saisissez-le pour voir vos mandats ici. Si plusieurs structures vous
            accompagnent, chacune vous a remis son code : saisissez-les l’un après l’autre.
          </p>
          <form noValidate aria-labelledby="titre-code" onSubmit={(e) => void submit(e)}>
            <ErrorSummary errors={errors} />
            <TextField
              id="code-reclamation"
              label="Code à usage unique"
              hint="Il figure sur l’attestation de votre mandat, par exemple K7QF-3XMP-9TRA."
              required
              autocomplete="one-time-code"
              value={code}
              onValue={setCode}
              error={errorFor(errors, 'code-reclamation')}
            />
            <button type="submit" class="bouton" disabled={busy}>
              Relier mes mandats
            </button>
            {busy ? <LiveStatus>Vérification du code…</LiveStatus> : null}
          </form>
        </>
      ) : (
        <>
          {claimed === 0 ? <p>Vos mandats sont reliés à votre compte. Une autre structure vous accompagne ? Saisissez le code imprimé sur le mandat établi par elle.</p> : null}
          <p>
            <button
              type="button"
              class="bouton bouton--secondaire"
              onClick={() => {
                setFormShown(true);
                requestAnimationFrame(() => document.getElementById('code-reclamation')?.focus());
              }}
            >
              Relier un dossier d’une autre structure
            </button>
          </p>
        </>
      )}
    </Section>
  );
}
