import type { TrainingAttestationVerification } from '@pin/contracts';
import { ReasonConfirmForm } from '../ui/ReasonConfirmForm';
import { withdrawCertification } from './formations.api';

/**
 * The network withdraws a training certification granted by mistake: the public verification then
 * says « retirée » and « formation suivie » is cleared from the pending habilitation requests that
 * relied on it (a granted habilitation is flagged for the référent and the animateur, not withdrawn).
 */
export function WithdrawCertificationForm({ attestation, onWithdrawn }: { attestation: TrainingAttestationVerification; onWithdrawn: () => Promise<void> }) {
  return (
    <ReasonConfirmForm
      id="retrait"
      title="Retirer la certification"
      intro={<p>Réservé au réseau : pour une certification délivrée par erreur. La vérification publique dira « retirée » et la formation ne comptera plus pour les demandes d’habilitation en attente.</p>}
      reasonLabel="Motif du retrait"
      missingReason="Indiquez le motif du retrait : il est conservé avec l’attestation."
      submitLabel="Retirer la certification"
      dialog={{
        confirmLabel: 'Confirmer le retrait',
        cancelLabel: 'Ne pas retirer',
        body: (
          <p>
            L’attestation {attestation.code} (« {attestation.intitule} ») ne sera plus valable. Une habilitation déjà accordée n’est pas retirée : elle est signalée au référent et à l’animateur,
            qui décident. Cette action est définitive.
          </p>
        ),
      }}
      send={(motif) => withdrawCertification(attestation.id, motif)}
      onDone={onWithdrawn}
    />
  );
}
