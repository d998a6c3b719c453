import { useState } from 'preact/hooks';
import type { TrainingSession } from '@pin/contracts';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorSummary, errorFor, TextArea, type FieldError } from '../ui/form';
import { Section } from '../ui/Page';
import { cancelSession } from './formations.api';

/**
 * The network cancels a session, with the reason the participants will read in the calendar and in
 * « Mes inscriptions »; attendance closes. Confirmed in a dialog (it cannot be undone).
 */
export function CancelSessionForm({ session, onCancelled }: { session: TrainingSession; onCancelled: () => Promise<void> }) {
  const [motif, setMotif] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  function ask(e: Event) {
    e.preventDefault();
    if (!motif.trim()) {
      setErrors([{ field: 'annulation-motif', message: 'Indiquez le motif de l’annulation : les personnes inscrites le liront.' }]);
      return;
    }
    setErrors([]);
    setConfirming(true);
  }

  async function confirm() {
    // The dialog closes first (it gives the focus back to its opener): the outcome then takes it.
    setConfirming(false);
    setBusy(true);
    const res = await cancelSession(session.id, motif.trim());
    setBusy(false);
    if (!res.ok) {
      setErrors([{ field: res.details ? 'annulation-motif' : '', message: res.message }]);
      return;
    }
    await onCancelled();
  }

  const people = session.inscrits + session.enAttente;
  return (
    <Section id="annulation" title="Annuler la session">
      <form noValidate onSubmit={ask}>
        <ErrorSummary errors={errors} id="erreurs-annulation" />
        <TextArea id="annulation-motif" label="Motif de l’annulation" hint="Affiché aux personnes inscrites et dans le calendrier." required value={motif} onValue={setMotif} rows={3} error={errorFor(errors, 'annulation-motif')} />
        <p class="action">
          <button type="submit" class="bouton bouton--danger" disabled={busy}>
            Annuler la session
          </button>
        </p>
      </form>
      <ConfirmDialog
        open={confirming}
        title="Annuler la session"
        confirmLabel="Confirmer l’annulation"
        cancelLabel="Garder la session"
        danger
        busy={busy}
        onConfirm={() => void confirm()}
        onClose={() => setConfirming(false)}
      >
        <p>
          « {session.intitule} » sera annulée{people ? ` pour ${people} ${people > 1 ? 'personnes inscrites ou en attente' : 'personne inscrite ou en attente'}` : ''}. L’émargement ne sera plus possible. Cette action est
          définitive.
        </p>
      </ConfirmDialog>
    </Section>
  );
}
