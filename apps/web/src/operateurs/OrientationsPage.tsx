import { useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import type { OrientationView } from '@pin/contracts';
import { Badge } from '../ui/Badge';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DataTable } from '../ui/DataTable';
import { ChoiceGroup, SelectField } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { demarcheLabel, frDateTime } from '../mandats/demarches';
import { LoadError } from '../mandats/parts';
import { ORIENTATION_CHOICES, ORIENTATION_STATUS, operatorShortName } from './labels';
import { fetchOrientations, setOrientationStatus } from './operateurs.api';
import './operateurs.css';

const TITLE = 'Orientations reçues';
const FILTERS = [{ value: '', label: 'Toutes' }, ...Object.entries(ORIENTATION_STATUS).map(([value, [label]]) => ({ value, label }))];

/**
 * `/app/orientations`: people an operator sent to the lieux of the caller's structures (known by the
 * operator's opaque reference only); the lieu says what became of each one, and the operator learns it.
 */
export function OrientationsPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.orientation.handle}>
      {() => <Orientations />}
    </Guard>
  );
}

function Orientations() {
  const [statut, setStatut] = useState('');
  const { state, reload } = useApi(() => fetchOrientations(statut || undefined), [statut]);
  const [editing, setEditing] = useState<OrientationView | null>(null);
  const [choice, setChoice] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ n: number; kind: 'succes' | 'erreur'; text: string } | null>(null);
  const save = async () => {
    if (!editing || !choice[0]) return;
    setBusy(true);
    const res = await setOrientationStatus(editing.id, choice[0]);
    setBusy(false);
    setEditing(null);
    const n = (done?.n ?? 0) + 1;
    setDone(res.ok ? { n, kind: 'succes', text: `Orientation ${editing.reference ?? editing.id.slice(0, 8)} : ${ORIENTATION_STATUS[choice[0]][0].toLowerCase()}. L’opérateur en est informé.` } : { n, kind: 'erreur', text: res.message });
    await reload();
  };
  return (
    <Page title={TITLE} lead="Les opérateurs (CAF, CPAM…) orientent des personnes vers vos lieux pour une démarche. PIN ne connaît pas leur identité : seulement la référence du dossier chez l’opérateur. Dites ce qu’est devenue chaque orientation.">
      <Section id="orientations" title="Orientations vers vos lieux">
        <SelectField id="orientations-statut" label="Statut" value={statut} onValue={setStatut} options={FILTERS} />
        {state.status === 'loading' ? <LiveStatus>Chargement des orientations…</LiveStatus> : null}
        {state.status === 'error' ? <LoadError text="Impossible d’afficher les orientations." failure={state.failure} retry={() => void reload()} /> : null}
        {done ? (
          <Notice kind={done.kind} focusKey={done.n}>
            {done.text}
          </Notice>
        ) : null}
        {state.status === 'ok' ? (
          <DataTable<OrientationView>
            caption="Orientations, les plus récentes d’abord"
            rows={state.data.items}
            rowKey={(o) => o.id}
            empty="Aucune orientation vers vos lieux."
            columns={[
              { label: 'Référence', rowHeader: true, render: (o) => o.reference ?? (o.purgee_le ? `effacée le ${frDateTime(o.purgee_le)} (${o.id.slice(0, 8)})` : `sans référence (${o.id.slice(0, 8)})`) },
              { label: 'Opérateur', render: (o) => operatorShortName(o.operateur) },
              { label: 'Démarche', render: (o) => (o.demarche ? demarcheLabel(o.demarche) : 'non précisée') },
              { label: 'Lieu', render: (o) => <a href={`/lieux/${encodeURIComponent(o.lieuId)}`}>Voir le lieu<span class="visuellement-cache"> de l’orientation {o.reference ?? o.id.slice(0, 8)}</span></a> },
              { label: 'Reçue le', render: (o) => frDateTime(o.cree_le) },
              { label: 'Statut', render: (o) => { const [label, kind] = ORIENTATION_STATUS[o.statut] ?? [o.statut, 'neutre']; return <Badge kind={kind}>{label}</Badge>; } },
              {
                label: 'Action',
                hiddenLabel: true,
                render: (o) => (
                  <button type="button" class="bouton bouton--secondaire" onClick={() => { setChoice(o.statut === 'envoyee' ? [] : [o.statut]); setEditing(o); }}>
                    Mettre à jour<span class="visuellement-cache"> l’orientation {o.reference ?? o.id.slice(0, 8)}</span>
                  </button>
                ),
              },
            ]}
          />
        ) : null}
      </Section>
      <ConfirmDialog open={editing !== null} title="Suite de l’orientation" confirmLabel="Enregistrer" busy={busy || !choice[0]} onConfirm={() => void save()} onClose={() => setEditing(null)}>
        <ChoiceGroup name="orientation-statut" legend={`Qu’est devenue l’orientation ${editing?.reference ?? ''} ?`} type="radio" choices={ORIENTATION_CHOICES} values={choice} onValues={setChoice} />
      </ConfirmDialog>
    </Page>
  );
}
