import { useState } from 'preact/hooks';
import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser } from '@pin/contracts';
import { ErrorSummary, TextArea, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { fetchCharte, publishCharte, signCharte } from './labellisation.api';

const TITLE = 'Charte de l’aidant';
const frDate = (iso: string) => new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });

/** The charte de l'aidant: its current version; aidants sign it; the network publishes new versions. */
export function ChartePage() {
  return (
    <Guard title={TITLE} policy={POLICIES.labelling.charterRead}>
      {(user) => <Charte user={user} />}
    </Guard>
  );
}

function Charte({ user }: { user: CurrentUser }) {
  const charte = useApi(() => fetchCharte(), []);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'succes' | 'erreur'; text: string; n: number } | null>(null);
  const canSign = allows(user, POLICIES.labelling.charterSign);
  const sign = async (version: number) => {
    setBusy(true);
    const r = await signCharte(version);
    setBusy(false);
    setMessage((m) => ({ kind: r.ok ? 'succes' : 'erreur', text: r.ok ? `Vous avez signé la version ${version} de la charte.` : r.message, n: (m?.n ?? 0) + 1 }));
    if (r.ok) await charte.reload();
  };
  return (
    <Page title={TITLE} lead="Les valeurs communes des aidants et des médiateurs du réseau : chacun signe la version en vigueur avant d’accompagner des personnes.">
      {charte.state.status === 'loading' ? <LiveStatus>Chargement de la charte…</LiveStatus> : null}
      {charte.state.status === 'error' ? <p class="statut statut--erreur">{charte.state.failure.message}</p> : null}
      {charte.state.status === 'ok' ? (
        <Section id="charte" title={`Version ${charte.state.data.version}, publiée le ${frDate(charte.state.data.publieeLe)}`}>
          <div class="charte-texte">
            {charte.state.data.texte.split(/\n{2,}/).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </div>
          {charte.state.data.signeeLe ? (
            <p class="statut">Vous avez signé cette version le {frDate(charte.state.data.signeeLe)}.</p>
          ) : canSign ? (
            <>
              {charte.state.data.derniereVersionSignee ? (
                <p>La charte a changé depuis votre signature (version {charte.state.data.derniereVersionSignee}) : lisez-la et signez la nouvelle version.</p>
              ) : null}
              <button type="button" class="bouton" disabled={busy} onClick={() => void sign((charte.state as { data: { version: number } }).data.version)}>
                Je signe la charte
              </button>
            </>
          ) : null}
          {busy ? <LiveStatus>Signature en cours…</LiveStatus> : null}
          {message ? (
            <Notice kind={message.kind} focusKey={message.n}>
              {message.text}
            </Notice>
          ) : null}
        </Section>
      ) : null}
      {allows(user, POLICIES.labelling.manage) ? <PublishSection onDone={() => void charte.reload()} /> : null}
    </Page>
  );
}

function PublishSection({ onDone }: { onDone: () => void }) {
  const [texte, setTexte] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<{ version: number } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await publishCharte(texte);
    if (!r.ok) {
      setErrors([{ field: 'charte-texte', message: r.message }]);
      return;
    }
    setErrors([]);
    setTexte('');
    setDone(r.data);
    onDone();
  };
  return (
    <Section id="publier" title="Publier une nouvelle version">
      <form noValidate onSubmit={(e) => void submit(e)}>
        <ErrorSummary errors={errors} title="La version n’a pas été publiée" />
        <TextArea id="charte-texte" label="Texte de la charte" hint="Chaque aidant devra signer à nouveau." required rows={8} value={texte} onValue={setTexte} error={errors[0]?.message} />
        <button type="submit" class="bouton">
          Publier la version
        </button>
        {done ? (
          <Notice kind="succes" focusKey={done.version}>
            Version {done.version} publiée : chacun est invité à la signer ; les habilitations indiquent « charte à signer de nouveau » jusqu’à la signature.
          </Notice>
        ) : null}
      </form>
    </Section>
  );
}
