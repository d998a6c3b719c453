import { POLICIES } from '@pin/contracts/policies';
import type { TrainingAttestation } from '@pin/contracts';
import { Badge } from '../ui/Badge';
import { DataTable } from '../ui/DataTable';
import { Guard } from '../ui/Guard';
import { LiveStatus } from '../ui/Notice';
import { Page } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { frDate } from '../mandats/demarches';
import { LoadError } from '../mandats/parts';
import { attestationPdfUrl, fetchMyAttestations } from './formations.api';
import { durationLabel } from './format';
import '../mandats/mandats.css';
import './formations.css';

const TITLE = 'Mes attestations';

/** `/app/formations/mes-attestations`: the caller's training attestations, each as a one-page PDF with its verification code. */
export function MesAttestationsPage() {
  return <Guard title={TITLE} policy={POLICIES.formation.mine}>{() => <MesAttestations />}</Guard>;
}

function MesAttestations() {
  const { state, reload } = useApi(fetchMyAttestations, []);
  return (
    <Page title={TITLE} lead="Les attestations des formations que vous avez suivies. Chacune porte un code que toute personne peut vérifier en ligne.">
      {state.status === 'loading' ? <LiveStatus>Chargement de vos attestations…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher vos attestations." failure={state.failure} retry={() => void reload()} /> : null}
      {state.status === 'ok' ? (
        <DataTable<TrainingAttestation>
          caption="Attestations de formation"
          rows={state.data.items}
          rowKey={(a) => a.id}
          empty="Vous n’avez pas encore d’attestation : elle est délivrée quand vous avez suivi toutes les demi-journées d’une session."
          columns={[
            {
              label: 'Formation',
              rowHeader: true,
              render: (a) => (
                <>
                  {a.intitule}
                  {a.retireeLe ? (
                    <>
                      {' '}
                      <Badge kind="revoque">Retirée par le réseau</Badge>
                    </>
                  ) : a.requisHabilitation ? (
                    <>
                      {' '}
                      <Badge kind="valide">Compte pour l’habilitation</Badge>
                    </>
                  ) : null}
                </>
              ),
            },
            { label: 'Type', render: (a) => (a.type === 'parcours' ? 'Parcours' : 'Module') },
            { label: 'Durée', render: (a) => durationLabel(a.dureeMinutes) },
            { label: 'Délivrée le', render: (a) => frDate(a.delivreeLe) },
            { label: 'Code de vérification', render: (a) => <span class="code-attestation">{a.code}</span> },
            {
              label: 'Actions',
              hiddenLabel: true,
              render: (a) => (
                <div class="actions">
                  <a class="bouton" href={attestationPdfUrl(a.id)} download>
                    Télécharger l’attestation (PDF)<span class="visuellement-cache"> : {a.intitule}</span>
                  </a>
                  <a href={`/app/formations/verifier/${a.code}`}>
                    Page de vérification<span class="visuellement-cache"> : {a.intitule}</span>
                  </a>
                </div>
              ),
            },
          ]}
        />
      ) : null}
    </Page>
  );
}
