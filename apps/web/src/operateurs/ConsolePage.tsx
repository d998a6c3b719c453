import { POLICIES } from '@pin/contracts/policies';
import type { OperatorOverview } from '@pin/contracts';
import { Badge } from '../ui/Badge';
import { DataTable } from '../ui/DataTable';
import { Guard } from '../ui/Guard';
import { LiveStatus } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { frDateTime } from '../mandats/demarches';
import { LoadError } from '../mandats/parts';
import { operatorLabel } from './labels';
import { fetchOperators } from './operateurs.api';

const TITLE = 'Opérateurs';

/**
 * `/app/operateurs`: the Département's staff (animateurs, admins) follow the operators (CAF, CPAM…)
 * that receive PIN's events: their endpoints, subscriptions and deliveries waiting or failed.
 * Operators themselves are machine clients of the API; this console is not theirs.
 */
export function ConsolePage() {
  return (
    <Guard title={TITLE} policy={POLICIES.operator.supervise}>
      {() => <Console />}
    </Guard>
  );
}

function Console() {
  const { state, reload } = useApi(fetchOperators, []);
  return (
    <Page title={TITLE} lead="Les opérateurs de services publics (CAF, CPAM…) reçoivent les événements de PIN sur leurs points de réception (webhooks) ou leur canal JetStream. Suivez ici leurs abonnements et leurs livraisons.">
      <Section id="operateurs" title="Opérateurs abonnés">
        {state.status === 'loading' ? <LiveStatus>Chargement des opérateurs…</LiveStatus> : null}
        {state.status === 'error' ? <LoadError text="Impossible d’afficher les opérateurs." failure={state.failure} retry={() => void reload()} /> : null}
        {state.status === 'ok' ? (
          <DataTable<OperatorOverview>
            caption="Opérateurs, points de réception et livraisons"
            rows={state.data.items}
            rowKey={(o) => o.operateur}
            empty="Aucun opérateur n’est encore abonné aux événements de PIN."
            columns={[
              { label: 'Opérateur', rowHeader: true, render: (o) => <a href={`/app/operateurs/${encodeURIComponent(o.operateur)}`}>{operatorLabel(o.operateur)}</a> },
              {
                label: 'Points de réception',
                render: (o) => (
                  <>
                    {o.webhooks}
                    {o.webhooks_desactives ? (
                      <>
                        {' '}
                        <Badge kind="revoque">{o.webhooks_desactives === 1 ? '1 désactivé' : `${o.webhooks_desactives} désactivés`}</Badge>
                      </>
                    ) : null}
                  </>
                ),
              },
              { label: 'Abonnements', render: (o) => o.abonnements },
              { label: 'Livraisons en attente', render: (o) => o.en_attente },
              { label: 'Livraisons en échec', render: (o) => (o.en_echec ? <Badge kind="revoque">{o.en_echec}</Badge> : '0') },
              { label: 'Dernière livraison', render: (o) => (o.derniere_livraison ? frDateTime(o.derniere_livraison) : 'aucune') },
            ]}
          />
        ) : null}
      </Section>
    </Page>
  );
}
