import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { allows, POLICIES } from '@pin/contracts/policies';
import { useUser } from '../app/session';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { ErrorSummary, TextField, type FieldError } from '../ui/form';
import { useApi } from '../ui/useApi';
import { dayLabel, durationLabel } from './format';
import { verifyAttestation } from './formations.api';
import { WithdrawCertificationForm } from './WithdrawCertificationForm';
import '../mandats/mandats.css';
import './formations.css';

const CODE = /^F-[A-Z0-9]{5}-[A-Z0-9]{5}$/;
const normalize = (v: string) => v.trim().toUpperCase().replace(/\s+/g, '');

/**
 * `/app/formations/verifier/:code` (the QR code of a printed attestation) and `/app/formations/verifier`
 * (typing the code): public, no personal data.
 */
export function VerificationAttestationPage() {
  const { params } = useRoute();
  const code = normalize(params.code ?? '');
  return (
    <Page title="Vérifier une attestation de formation" lead="Cette page confirme qu’une attestation de formation a bien été délivrée par le réseau. Elle n’affiche aucune donnée personnelle.">
      {code ? <Result code={code} /> : null}
      <CodeForm initial={code} />
    </Page>
  );
}

function Result({ code }: { code: string }) {
  const user = useUser();
  const [withdrawn, setWithdrawn] = useState<number | null>(null);
  const { state, reload } = useApi(
    () => (CODE.test(code) ? verifyAttestation(code) : Promise.resolve({ ok: false as const, status: 404, code: 'ATTESTATION.NOT_FOUND', message: '' })),
    [code],
  );
  if (state.status === 'loading') return <LiveStatus>Vérification de l’attestation…</LiveStatus>;
  if (state.status === 'error') {
    return (
      <LiveStatus error>
        {state.failure.status === 404 || state.failure.status === 400
          ? `Aucune attestation ne porte le code ${code}. Vérifiez le code saisi ou scannez à nouveau le QR code.`
          : `Impossible de vérifier l’attestation pour le moment. ${state.failure.message}`}
      </LiveStatus>
    );
  }
  const a = state.data;
  // A certification withdrawn by the network (granted by mistake) no longer counts: say so plainly.
  const retiree = a.statut === 'retiree';
  return (
    <>
      <p class="visuellement-cache" role="status">
        {retiree ? 'Vérification terminée : attestation retirée par le réseau.' : 'Vérification terminée : attestation valide.'}
      </p>
      <section class="carte verification" aria-labelledby="etat-attestation">
        <h2 id="etat-attestation" class={`verification__etat verification__etat--${retiree ? 'retiree' : 'valide'}`}>
          {retiree ? 'Attestation retirée : elle n’est plus valable' : 'Attestation valide'}
        </h2>
        <dl class="recap">
          <dt>{a.type === 'parcours' ? 'Parcours' : 'Module'}</dt>
          <dd>{a.intitule}</dd>
          <dt>Durée</dt>
          <dd>{durationLabel(a.dureeMinutes)}</dd>
          <dt>Délivrée le</dt>
          <dd>{dayLabel(a.delivreeLe)}</dd>
          <dt>Code</dt>
          <dd class="code-attestation">{a.code}</dd>
        </dl>
      </section>
      {withdrawn ? (
        <Notice kind="succes" focusKey={withdrawn}>
          Certification retirée : l’attestation {a.code} n’est plus valable.
        </Notice>
      ) : null}
      {!retiree && a.certification && user && allows(user, POLICIES.formation.withdraw) ? (
        <WithdrawCertificationForm
          attestation={a}
          onWithdrawn={async () => {
            await reload();
            setWithdrawn(Date.now());
          }}
        />
      ) : null}
    </>
  );
}

function CodeForm({ initial }: { initial: string }) {
  const { route } = useLocation();
  const [value, setValue] = useState(initial);
  const [errors, setErrors] = useState<FieldError[]>([]);
  function submit(e: Event) {
    e.preventDefault();
    const code = normalize(value);
    if (!CODE.test(code)) {
      setErrors([{ field: 'code-attestation', message: 'Code de vérification : format F-XXXXX-XXXXX attendu (sous le QR code de l’attestation).' }]);
      return;
    }
    setErrors([]);
    route(`/app/formations/verifier/${code}`);
  }
  return (
    <Section id="saisir-code" title="Saisir un code de vérification">
      <form noValidate onSubmit={submit}>
        <ErrorSummary errors={errors} id="erreurs-code" />
        <TextField
          id="code-attestation"
          label="Code de vérification"
          hint="Il figure sous le QR code de l’attestation, par exemple F-ABCDE-FGHJK."
          required
          value={value}
          onValue={setValue}
          error={errors[0]?.message}
          autocapitalize="characters"
          spellcheck={false}
        />
        <p class="action">
          <button type="submit" class="bouton">
            Vérifier
          </button>
        </p>
      </form>
    </Section>
  );
}
