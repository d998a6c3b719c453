import type { TrainingSession } from '@pin/contracts';
import { ReasonConfirmForm } from '../ui/ReasonConfirmForm';
import { cancelSession } from './formations.api';

/**
 * The network cancels a session, with the reason the participants will read in the calendar and in
 * « Mes inscriptions »; attendance closes. Confirmed in a dialog (it cannot be undone).
 */
export function CancelSessionForm({ session, onCancelled }: { session: TrainingSession; onCancelled: () => Promise<void> }) {
  const people = session.inscrits + session.enAttente;
  return (
    <ReasonConfirmForm
      id="annulation"
      title="Annuler la session"
      reasonLabel="Motif de l’annulation"
      reasonHint="Affiché aux personnes inscrites et dans le calendrier."
      missingReason="Indiquez le motif de l’annulation : les personnes inscrites le liront."
      submitLabel="Annuler la session"
      dialog={{
        confirmLabel: 'Confirmer l’annulation',
        cancelLabel: 'Garder la session',
        body: (
          <p>
            « {session.intitule} » sera annulée{people ? ` pour ${people} ${people > 1 ? 'personnes inscrites ou en attente' : 'personne inscrite ou en attente'}` : ''}. L’émargement ne sera plus possible. Cette
            action est définitive.
          </p>
        ),
      }}
      send={(motif) => cancelSession(session.id, motif)}
      onDone={onCancelled}
    />
  );
}
