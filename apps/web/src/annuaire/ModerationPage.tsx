import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { POLICIES } from '@pin/contracts/policies';
import { api } from '../app/api';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page } from '../ui/Page';
import { ErrorSummary, errorFor, TextArea, type FieldError } from '../ui/form';
import { dateLabel, fieldErrors, SIGNALEMENT_MOTIFS } from './format';
import { describeWeek, openingHoursToWeek } from './hours';
import type { SignalementListItem, SignalementListReply } from './types';
import './annuaire.css';

const motifLabel = (m: string) => SIGNALEMENT_MOTIFS.find((x) => x.value === m)?.label ?? m;
const countText = (n: number) => (n === 0 ? 'Aucun signalement à traiter.' : n === 1 ? '1 signalement à traiter.' : `${n} signalements à traiter.`);

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; items: SignalementListItem[] };

/** Moderation queue: open reports on the lieux the user may edit, what was reported next to the lieu's current value; « corrigé » or « rejeté » with a reason. */
export function ModerationPage() {
  return (
    <Guard title="Signalements à traiter" policy={POLICIES.signalement.moderate} forbidden="Cette page est réservée aux référents de structure et aux animateurs du réseau.">
      {() => <Moderation />}
    </Guard>
  );
}

function Moderation() {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [done, setDone] = useState<{ text: string; n: number } | null>(null);
  const load = useCallback(async () => {
    const r = await api.get<SignalementListReply | SignalementListItem[]>('/api/v1/signalements', { query: { statut: 'ouvert', pageSize: 100 } });
    if (!r.ok) {
      setLoaded({ state: 'error', message: `Impossible d’afficher les signalements. ${r.message}` });
      return undefined;
    }
    const items = Array.isArray(r.data) ? r.data : r.data.items;
    setLoaded({ state: 'done', items });
    return items.length;
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const resolved = async (text: string) => {
    const left = await load();
    setDone((o) => ({ text: left === undefined ? text : `${text} ${countText(left)}`, n: (o?.n ?? 0) + 1 }));
  };

  return (
    <Page title="Signalements à traiter">
      <LiveStatus error={loaded.state === 'error'}>{loaded.state === 'loading' ? 'Chargement des signalements…' : loaded.state === 'error' ? loaded.message : countText(loaded.items.length)}</LiveStatus>
      {done ? (
        <Notice kind="succes" focusKey={done.n}>
          {done.text}
        </Notice>
      ) : null}
      {loaded.state === 'done' && loaded.items.length ? (
        <ul class="signalements">
          {loaded.items.map((s) => (
            <SignalementCard key={s.id} s={s} onResolved={resolved} />
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

/** The lieu's current value, in plain French when it is opening hours the editor can read. */
function CurrentValue({ s }: { s: SignalementListItem }) {
  const text = s.valeur_actuelle_texte;
  if (!text) return <p>{s.motif === 'autre' ? 'Sans objet : le signalement ne porte pas sur un champ précis.' : 'Non renseignée.'}</p>;
  if (s.motif === 'horaires' && typeof s.valeur_actuelle?.horaires === 'string') {
    const read = openingHoursToWeek(s.valeur_actuelle.horaires);
    if (read.ok) {
      return (
        <>
          <ul>
            {describeWeek(read.week).map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          <p class="aide">
            Saisie : <span class="brut">{text}</span>
          </p>
        </>
      );
    }
  }
  return <p>{text}</p>;
}

function SignalementCard({ s, onResolved }: { s: SignalementListItem & { lieu?: { id?: string; nom?: string } }; onResolved: (text: string) => Promise<void> }) {
  const lieuId = s.lieu?.id ?? s.lieu_id;
  const nom = s.lieu?.nom ?? s.lieu_nom ?? 'Lieu';
  const titleId = `signalement-${s.id}`;
  const reasonId = `decision-${s.id}`;
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const summary = useMemo(() => errors.map((e) => (e.field ? { ...e, message: `Motif de la décision : ${e.message}` } : e)), [errors]);

  const decide = async (action: 'corriger' | 'rejeter') => {
    const motif = reason.trim();
    if (!motif) {
      setErrors([{ field: reasonId, message: action === 'rejeter' ? 'Indiquez pourquoi ce signalement est rejeté.' : 'Indiquez ce qui a été corrigé.' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    const r = await api.post<unknown>(`/api/v1/signalements/${encodeURIComponent(s.id)}/resolution`, { action, motif });
    setBusy(false);
    if (!r.ok) {
      const fields = fieldErrors(r.details).filter((f) => f.field === 'motif');
      setErrors(fields.length ? fields.map((f) => ({ field: reasonId, message: f.message })) : [{ field: '', message: r.message }]);
      return;
    }
    await onResolved(action === 'rejeter' ? `Signalement sur « ${nom} » rejeté.` : `Signalement sur « ${nom} » marqué comme corrigé.`);
  };

  return (
    <li class="carte signalement">
      <h2 id={titleId}>{nom}</h2>
      <p>
        <strong>{motifLabel(s.motif)}</strong> — reçu le {dateLabel(s.created_at)}
        {s.lieu_commune ? ` · ${s.lieu_commune}` : ''}
      </p>
      <div class="valeurs">
        <div>
          <h3>Valeur signalée</h3>
          {s.commentaire ? <blockquote>{s.commentaire}</blockquote> : <p>Aucune précision donnée.</p>}
        </div>
        <div>
          <h3>Valeur actuelle de la fiche</h3>
          <CurrentValue s={s} />
        </div>
      </div>
      <p>
        <a href={`/app/mes-lieux/${encodeURIComponent(lieuId)}`}>
          Corriger la fiche du lieu<span class="visuellement-cache"> {nom}</span>
        </a>
      </p>
      <form
        class="resolution"
        noValidate
        aria-labelledby={titleId}
        onSubmit={(e) => {
          e.preventDefault();
          void decide(((e as SubmitEvent).submitter as HTMLButtonElement | null)?.value === 'rejeter' ? 'rejeter' : 'corriger');
        }}
      >
        <ErrorSummary id={`erreurs-${s.id}`} errors={summary} />
        <TextArea
          id={reasonId}
          label="Motif de la décision"
          required
          rows={2}
          hint="Ex. « Horaires corrigés sur la fiche » ou « Horaires vérifiés par téléphone : ils sont justes »."
          value={reason}
          onValue={setReason}
          error={errorFor(errors, reasonId)}
        />
        <p class="action">
          <button type="submit" class="bouton" name="action" value="corriger" disabled={busy}>
            Marquer comme corrigé
          </button>
          <button type="submit" class="bouton bouton--secondaire" name="action" value="rejeter" disabled={busy}>
            Rejeter le signalement
          </button>
        </p>
      </form>
    </li>
  );
}
