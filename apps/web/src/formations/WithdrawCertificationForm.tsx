import { useState } from 'preact/hooks';
import type { TrainingAttestationVerification } from '@pin/contracts';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorSummary, errorFor, TextArea, type FieldError } from '../ui/form';
import { Section } from '../ui/Page';
import { withdrawCertification } from './formations.api';

/**
 * The network withdraws a training certification granted by mistake: the public verification then
 * says « retirée » and « formation suivie » is cleared from the pending habilitation requests that
 * relied on it (a granted habilitation is flagged for the référent and the animateur, not withdrawn).
 */
export function WithdrawCertificationForm({ attestation, onWithdrawn }: { attestation: TrainingAttestationVerification; onWithdrawn: () => Promise<void> }) {
  const [motif, setMotif] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  function ask(e: Event) {
    e.preventDefault();
    if (!motif.trim()) {
      setErrors([{ field: 'retrait-motif', message: 'Indiquez le motif du retrait : il est conservé avec l’attestation.' }]);
      return;
    }
    setErrors([]);
    setConfirming(true);
  }

  async function confirm() {
    // The dialog closes first (it gives the focus back to its opener): the outcome then takes it.
    setConfirming(false);
    setBusy(true);
    const res = await withdrawCertification(attestation.id, motif.trim());
    setBusy(false);
    if (!res.ok) {
      setErrors([{ field: res.details ? 'retrait-motif' : '', message: res.message }]);
      return;
    }
    await onWithdrawn();
  }

  return (
    <Section id="retrait" title="Retirer la certification">
      <p>Réservé au réseau : pour une certification délivrée par erreur. La vérification publique dira « retirée » et la formation ne comptera plus pour les demandes d’habilitation en attente.</p>
      <form noValidate onSubmit={ask}>
        <ErrorSummary errors={errors} id="erreurs-retrait" />
        <TextArea id="retrait-motif" label="Motif du retrait" required rows={3} value={motif} onValue={setMotif} error={errorFor(errors, 'retrait-motif')} />
        <p class="action">
          <button type="submit" class="bouton bouton--danger" disabled={busy}>
            Retirer la certification
          </button>
        </p>
      </form>
      <ConfirmDialog
        open={confirming}
        title="Retirer la certification"
        confirmLabel="Confirmer le retrait"
        cancelLabel="Ne pas retirer"
        danger
        busy={busy}
        onConfirm={() => void confirm()}
        onClose={() => setConfirming(false)}
      >
        <p>
          L’attestation {attestation.code} (« {attestation.intitule} ») ne sera plus valable. Une habilitation déjà accordée n’est pas retirée : elle est signalée au référent et à
          l’animateur, qui décident. Cette action est définitive.
        </p>
      </ConfirmDialog>
    </Section>
  );
}
