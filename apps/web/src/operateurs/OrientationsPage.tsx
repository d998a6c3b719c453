import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { POLICIES } from '@pin/contracts/policies';
import type { CreatedOrientationView, OrientationView } from '@pin/contracts';
import { Badge } from '../ui/Badge';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DataTable } from '../ui/DataTable';
import { ChoiceGroup, SelectField, TextArea, TextField } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { DEMARCHES, demarcheLabel, frDateTime } from '../mandats/demarches';
import { LoadError } from '../mandats/parts';
import { ORIENTATION_CHOICES, ORIENTATION_NEXT, ORIENTATION_STATUS, operatorShortName } from './labels';
import { createOrientation, fetchOrientations, setOrientationStatus } from './operateurs.api';
import './operateurs.css';

const TITLE = 'Orientations reçues et envoyées';
const FILTERS = [{ value: '', label: 'Toutes' }, ...Object.entries(ORIENTATION_STATUS).map(([value, [label]]) => ({ value, label }))];
const SENS = [
  { value: 'recues', label: 'Reçues par mes lieux' },
  { value: 'envoyees', label: 'Envoyées par ma structure' },
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const label = (o: OrientationView) => o.reference ?? o.id.slice(0, 8);

/**
 * `/app/orientations`: people an operator or another structure's aidant sent to the lieux of the
 * caller's structures (never identified); the lieu accepts, schedules, completes or declines, and
 * the orienting operator learns it. The aidant orients a person here too (`?lieu=` prefills the
 * lieu from its page) and follows those sent by their structure.
 */
export function OrientationsPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.orientation.handle}>
      {() => <Orientations />}
    </Guard>
  );
}

function Orientations() {
  const { query } = useLocation();
  const [statut, setStatut] = useState('');
  const [sens, setSens] = useState<'recues' | 'envoyees'>('recues');
  const { state, reload } = useApi(() => fetchOrientations(statut || undefined, sens), [statut, sens]);
  const [editing, setEditing] = useState<OrientationView | null>(null);
  const [choice, setChoice] = useState<string[]>([]);
  const [rdv, setRdv] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ n: number; kind: 'succes' | 'erreur'; text: string } | null>(null);
  const save = async () => {
    if (!editing || !choice[0]) return;
    setBusy(true);
    const res = await setOrientationStatus(editing.id, choice[0], choice[0] === 'planifiee' && rdv ? new Date(rdv).toISOString() : undefined);
    setBusy(false);
    setEditing(null);
    const n = (done?.n ?? 0) + 1;
    const who = editing.operateur ? 'L’opérateur en est informé.' : 'La structure qui a orienté la personne le voit.';
    setDone(res.ok ? { n, kind: 'succes', text: `Orientation ${label(editing)} : ${ORIENTATION_STATUS[choice[0]][0].toLowerCase()}. ${who}` } : { n, kind: 'erreur', text: res.message });
    await reload();
  };
  const choices = ORIENTATION_CHOICES.filter((c) => (ORIENTATION_NEXT[editing?.statut ?? ''] ?? []).includes(c.value));
  return (
    <Page title={TITLE} lead="Les opérateurs (CAF, CPAM…) et les aidants d’autres structures orientent des personnes vers vos lieux pour une démarche. PIN ne connaît pas leur identité. Acceptez, fixez un rendez-vous, puis dites ce qu’est devenue chaque orientation.">
      <NewOrientation initialLieu={UUID.test(query.lieu ?? '') ? query.lieu : ''} onCreated={() => { setSens('envoyees'); void reload(); }} />
      <Section id="orientations" title="Suivi des orientations">
        <SelectField id="orientations-sens" label="Orientations" value={sens} onValue={(v) => setSens(v === 'envoyees' ? 'envoyees' : 'recues')} options={SENS} />
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
            caption={sens === 'recues' ? 'Orientations vers vos lieux, les plus récentes d’abord' : 'Orientations envoyées par votre structure, les plus récentes d’abord'}
            rows={state.data.items}
            rowKey={(o) => o.id}
            empty={sens === 'recues' ? 'Aucune orientation vers vos lieux.' : 'Votre structure n’a orienté personne.'}
            columns={[
              { label: 'Référence', rowHeader: true, render: (o) => o.reference ?? (o.purgee_le ? `effacée le ${frDateTime(o.purgee_le)} (${o.id.slice(0, 8)})` : `sans référence (${o.id.slice(0, 8)})`) },
              { label: 'Origine', render: (o) => operatorShortName(o.operateur) },
              { label: 'Démarche', render: (o) => (o.demarche ? demarcheLabel(o.demarche) : 'non précisée') },
              { label: 'Besoin partagé', render: (o) => o.besoin ?? '—' },
              { label: 'Lieu', render: (o) => <a href={`/lieux/${encodeURIComponent(o.lieuId)}`}>Voir le lieu<span class="visuellement-cache"> de l’orientation {label(o)}</span></a> },
              { label: 'Reçue le', render: (o) => frDateTime(o.cree_le) },
              { label: 'Rendez-vous', render: (o) => (o.rendezVousLe ? frDateTime(o.rendezVousLe) : '—') },
              { label: 'Statut', render: (o) => { const [text, kind] = ORIENTATION_STATUS[o.statut] ?? [o.statut, 'neutre']; return <Badge kind={kind}>{text}</Badge>; } },
              {
                label: 'Action',
                hiddenLabel: true,
                render: (o) =>
                  sens === 'recues' && ORIENTATION_NEXT[o.statut] ? (
                    <button type="button" class="bouton bouton--secondaire" onClick={() => { setChoice([]); setRdv(''); setEditing(o); }}>
                      Mettre à jour<span class="visuellement-cache"> l’orientation {label(o)}</span>
                    </button>
                  ) : null,
              },
            ]}
          />
        ) : null}
      </Section>
      <ConfirmDialog open={editing !== null} title="Suite de l’orientation" confirmLabel="Enregistrer" busy={busy || !choice[0] || (choice[0] === 'planifiee' && !rdv)} onConfirm={() => void save()} onClose={() => setEditing(null)}>
        <ChoiceGroup name="orientation-statut" legend={`Où en est l’orientation ${editing ? label(editing) : ''} ?`} type="radio" choices={choices} values={choice} onValues={setChoice} />
        {choice[0] === 'planifiee' ? <TextField id="orientation-rdv" type="datetime-local" label="Date et heure du rendez-vous" required value={rdv} onValue={setRdv} /> : null}
      </ConfirmDialog>
    </Page>
  );
}

/** The aidant's form: a lieu of another structure, a démarche, what the person agreed to share, and their consent. */
function NewOrientation({ initialLieu, onCreated }: { initialLieu: string; onCreated: () => void }) {
  const [lieuId, setLieuId] = useState(initialLieu);
  const [demarche, setDemarche] = useState('');
  const [besoin, setBesoin] = useState('');
  const [consent, setConsent] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedOrientationView | null>(null);
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    if (!UUID.test(lieuId.trim())) return setError('Indiquez l’identifiant du lieu (il figure dans l’adresse de sa page, ou utilisez « Orienter une personne vers ce lieu » sur la page du lieu).');
    if (!demarche) return setError('Choisissez la démarche.');
    if (!consent.includes('oui')) return setError('La personne doit accepter que ces informations soient transmises au lieu.');
    setBusy(true);
    const res = await createOrientation({ lieuId: lieuId.trim(), demarche, besoin: besoin.trim() || undefined, consentement: true });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    setCreated(res.data);
    setBesoin('');
    setConsent([]);
    onCreated();
  };
  return (
    <Section id="orienter" title="Orienter une personne">
      <p>Vers le lieu d’une autre structure, pour une démarche. Ne saisissez ni nom ni numéro : seulement ce que la personne accepte de partager.</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField id="orientation-lieu" label="Identifiant du lieu" hint="Prérempli depuis la page du lieu." required value={lieuId} onValue={setLieuId} />
        <SelectField id="orientation-demarche" label="Démarche" required value={demarche} onValue={setDemarche} options={[{ value: '', label: 'Choisir…' }, ...DEMARCHES.map((d) => ({ value: d.slug, label: d.label }))]} />
        <TextArea id="orientation-besoin" label="Besoin à transmettre au lieu" hint="500 caractères au plus, sans nom ni numéro de dossier." value={besoin} onValue={setBesoin} rows={3} />
        <ChoiceGroup name="orientation-consentement" legend="Consentement" type="checkbox" required choices={[{ value: 'oui', label: 'La personne accepte que la démarche et ce besoin soient transmis au lieu' }]} values={consent} onValues={setConsent} />
        {error ? <LiveStatus error>{error}</LiveStatus> : null}
        <button type="submit" class="bouton" disabled={busy}>Orienter la personne</button>
      </form>
      {created ? (
        <Notice kind="succes" focusKey={created.id}>
          Orientation envoyée. Donnez à la personne son code de suivi : <strong class="code-suivi">{created.codeSuivi}</strong>. Il ne sera plus affiché. Avec ce code, elle suit son orientation ou l’annule sur la page « Mon orientation » (/mon-orientation).
        </Notice>
      ) : null}
    </Section>
  );
}
