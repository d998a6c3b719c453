import { useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import type { MyTrainingRegistration } from '@pin/contracts';
import { Badge } from '../ui/Badge';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { LoadError } from '../mandats/parts';
import { calendarUrl, cancelRegistration, fetchMyRegistrations } from './formations.api';
import { halfDayLabel, placeLabel } from './format';
import '../mandats/mandats.css';
import './formations.css';

const TITLE = 'Mes inscriptions';

/** `/app/formations/mes-inscriptions`: the caller's sessions, their place on the waiting list, the agenda file, cancellation. */
export function MesInscriptionsPage() {
  return <Guard title={TITLE} policy={POLICIES.formation.mine}>{() => <MesInscriptions />}</Guard>;
}

function statusOf(r: MyTrainingRegistration): [string, string] {
  if (r.statut === 'annule') return ['Inscription annulée', 'expire'];
  if (r.session.statut === 'annulee') return ['Session annulée', 'revoque'];
  if (r.statut === 'attente') return [`Liste d’attente : position ${r.rangAttente ?? '?'}`, 'avenir'];
  return ['Inscrit·e', 'valide'];
}

/** A seat in an open session whose reminder was recorded (days before it) and whose last half-day is not past. */
function isReminded(r: MyTrainingRegistration): boolean {
  const last = r.session.demiJournees.at(-1);
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
  return r.statut === 'inscrit' && r.session.statut === 'ouverte' && r.rappelLe !== null && !!last && last.date >= today;
}

function MesInscriptions() {
  const { state, reload } = useApi(fetchMyRegistrations, []);
  const [cancelling, setCancelling] = useState<MyTrainingRegistration | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'succes' | 'erreur'; text: string; at: number } | null>(null);

  async function confirmCancel() {
    if (!cancelling) return;
    setBusy(true);
    const res = await cancelRegistration(cancelling.id);
    setBusy(false);
    const title = cancelling.session.intitule;
    setCancelling(null);
    if (res.ok) {
      setNotice({ kind: 'succes', text: `Votre inscription à « ${title} » est annulée.`, at: Date.now() });
      await reload();
    } else setNotice({ kind: 'erreur', text: res.message, at: Date.now() });
  }

  const items = state.status === 'ok' ? state.data.items : [];
  const current = items.filter((r) => r.statut !== 'annule');
  const past = items.filter((r) => r.statut === 'annule');
  const reminded = current.filter(isReminded);
  return (
    <Page title={TITLE} lead="Les sessions de formation auxquelles vous êtes inscrit·e ou en liste d’attente.">
      {notice ? (
        <Notice kind={notice.kind} focusKey={notice.at}>
          {notice.text}
        </Notice>
      ) : null}
      {state.status === 'loading' ? <LiveStatus>Chargement de vos inscriptions…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher vos inscriptions." failure={state.failure} retry={() => void reload()} /> : null}
      {reminded.length ? (
        <section class="rappel" aria-labelledby="rappel-titre">
          <h2 id="rappel-titre">Rappel : {reminded.length > 1 ? 'vos formations commencent bientôt' : 'votre formation commence bientôt'}</h2>
          <ul class="liste-simple">
            {reminded.map((r) => (
              <li key={r.id}>
                « {r.session.intitule} » : {halfDayLabel(r.session.demiJournees[0]!)} — {placeLabel(r.session)}
              </li>
            ))}
          </ul>
          <p>Si vous ne pouvez pas venir, annulez votre inscription : votre place ira à la personne suivante de la liste d’attente.</p>
        </section>
      ) : null}
      {state.status === 'ok' && current.length === 0 ? (
        <p>
          Vous n’êtes inscrit·e à aucune session. <a href="/app/formations">Voir les prochaines sessions</a>
        </p>
      ) : null}
      {current.length ? (
        <ul class="sessions">
          {current.map((r) => (
            <Registration key={r.id} r={r} onCancel={() => setCancelling(r)} />
          ))}
        </ul>
      ) : null}
      {past.length ? (
        <details class="carte">
          <summary>Inscriptions annulées ({past.length})</summary>
          <ul class="liste-simple">
            {past.map((r) => (
              <li key={r.id}>{r.session.intitule}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <ConfirmDialog
        open={cancelling !== null}
        title="Annuler l’inscription"
        confirmLabel="Annuler mon inscription"
        cancelLabel="Garder mon inscription"
        danger
        busy={busy}
        onConfirm={() => void confirmCancel()}
        onClose={() => setCancelling(null)}
      >
        <p>
          Vous ne serez plus inscrit·e à « {cancelling?.session.intitule} ».
          {cancelling?.statut === 'inscrit' ? ' Votre place sera proposée à la première personne de la liste d’attente.' : ''}
        </p>
      </ConfirmDialog>
    </Page>
  );
}

function Registration({ r, onCancel }: { r: MyTrainingRegistration; onCancel: () => void }) {
  const [label, kind] = statusOf(r);
  const s = r.session;
  return (
    <li class="session">
      <h2 class="session__titre">{s.intitule}</h2>
      <p class="session__etat">
        <Badge kind={kind}>{label}</Badge>
      </p>
      {s.statut === 'annulee' && s.motifAnnulation ? <p>Motif de l’annulation : {s.motifAnnulation}</p> : null}
      {r.statut === 'attente' ? <p>La place vous est attribuée automatiquement dès qu’une personne se désiste : votre inscription apparaîtra alors ici comme confirmée.</p> : null}
      <dl class="recap">
        <dt>{s.demiJournees.length > 1 ? 'Demi-journées' : 'Demi-journée'}</dt>
        <dd>
          <ul class="liste-simple">
            {s.demiJournees.map((h) => (
              <li key={h.rang}>{halfDayLabel(h)}</li>
            ))}
          </ul>
        </dd>
        <dt>Lieu</dt>
        <dd>{placeLabel(s)}</dd>
        {r.visio ? (
          <>
            <dt>Lien de visioconférence</dt>
            <dd>
              <a href={r.visio} rel="noopener noreferrer" target="_blank" class="empreinte">
                {r.visio}
                <span class="visuellement-cache"> (nouvelle fenêtre)</span>
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      <div class="actions">
        <a class="bouton bouton--secondaire" href={calendarUrl(r.id)} download>
          Ajouter à mon agenda (.ics)<span class="visuellement-cache"> : {s.intitule}</span>
        </a>
        {s.statut === 'ouverte' ? (
          <button type="button" class="bouton bouton--danger" onClick={onCancel}>
            Annuler mon inscription<span class="visuellement-cache"> : {s.intitule}</span>
          </button>
        ) : null}
      </div>
    </li>
  );
}
