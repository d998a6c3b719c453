import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser, TrainingSessionSheet } from '@pin/contracts';
import { DataTable } from '../ui/DataTable';
import { ChoiceGroup, ErrorSummary, fieldErrorsFrom, type FieldError } from '../ui/form';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { LoadError } from '../mandats/parts';
import { CancelSessionForm } from './CancelSessionForm';
import { CapacityForm } from './CapacityForm';
import { fetchSheet, recordAttendance, validateModule } from './formations.api';
import { halfDayLabel, placeLabel } from './format';
import '../mandats/mandats.css';
import './formations.css';

const TITLE = 'Feuille d’émargement';

type Participant = TrainingSessionSheet['items'][number];
const nameOf = (p: Participant) => p.participant.nom ?? p.participant.username;

/**
 * `/app/formations/sessions/:id/emargement`: the session's trainer ticks who is present at each
 * half-day; the others are recorded absent. A participant present at every half-day gets the attestation.
 */
export function EmargementPage() {
  const { params } = useRoute();
  return <Guard title={TITLE} policy={POLICIES.formation.train}>{(user) => <Emargement user={user} sessionId={params.id ?? ''} />}</Guard>;
}

function Emargement({ user, sessionId }: { user: CurrentUser; sessionId: string }) {
  const { state, reload } = useApi(() => fetchSheet(sessionId), [sessionId]);
  if (state.status === 'loading') return <Page title={TITLE}><LiveStatus>Chargement de la session…</LiveStatus></Page>;
  if (state.status === 'error') {
    return (
      <Page title={TITLE}>
        <LoadError
          text={state.failure.code === 'SESSION.NOT_TRAINER' ? 'Seul le formateur de la session (ou un animateur du réseau) peut émarger.' : 'Impossible d’afficher la session.'}
          failure={state.failure.code === 'SESSION.NOT_TRAINER' ? { message: '' } : state.failure}
          retry={state.failure.code === 'SESSION.NOT_TRAINER' ? undefined : () => void reload()}
        />
        <p>
          <a href="/app/formations">Revenir aux formations</a>
        </p>
      </Page>
    );
  }
  return <Sheet sheet={state.data} reload={reload} manage={allows(user, POLICIES.formation.manage)} />;
}

function Sheet({ sheet, reload, manage }: { sheet: TrainingSessionSheet; reload: () => Promise<void>; manage: boolean }) {
  const s = sheet.session;
  const seated = sheet.items.filter((p) => p.statut === 'inscrit');
  const waiting = sheet.items.filter((p) => p.statut === 'attente');
  const [halfDay, setHalfDay] = useState<string[]>([String(s.demiJournees[0]?.rang ?? 1)]);
  const rang = Number(halfDay[0]);
  const presentAt = (r: number) => seated.filter((p) => p.presences.some((x) => x.demiJournee === r && x.present)).map((p) => p.id);
  // What the trainer ticked, per half-day; a half-day not touched shows its recorded attendance.
  const [ticked, setTicked] = useState<Record<number, string[]>>({});
  const present = ticked[rang] ?? presentAt(rang);
  const setPresent = (ids: string[]) => setTicked({ ...ticked, [rang]: ids });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ text: string; at: number } | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (seated.length === 0) return;
    setErrors([]);
    setBusy(true);
    const res = await recordAttendance(s.id, rang, seated.map((p) => ({ inscriptionId: p.id, present: present.includes(p.id) })));
    setBusy(false);
    if (!res.ok) {
      const fields = fieldErrorsFrom(res.details, { demiJournee: 'demi-journee-0', presences: 'presents-0' });
      setErrors(fields.length ? fields : [{ field: '', message: res.message }]);
      return;
    }
    const names = new Map(seated.map((p) => [p.id, nameOf(p)]));
    const issued = res.data.attestations.map((a) => names.get(a.inscriptionId) ?? '');
    const n = present.length;
    // The table below shows the recorded sheet before the notice is read.
    await reload();
    setNotice({
      text:
        `Émargement de la demi-journée ${rang} enregistré : ${n} ${n > 1 ? 'présents' : 'présent'}, ${seated.length - n} ${seated.length - n > 1 ? 'absents' : 'absent'}.` +
        (issued.length ? ` ${issued.length > 1 ? 'Attestations délivrées' : 'Attestation délivrée'} : ${issued.join(', ')}.` : ''),
      at: Date.now(),
    });
  }

  /** A module followed in part (present at least once): the trainer may still deliver its attestation. */
  async function validate(p: Participant) {
    setBusy(true);
    const res = await validateModule(p.id);
    setBusy(false);
    if (!res.ok) {
      setErrors([{ field: '', message: res.message }]);
      return;
    }
    setErrors([]);
    await reload();
    setNotice({ text: `Module validé : attestation délivrée à ${nameOf(p)} (code ${res.data.code}).`, at: Date.now() });
  }

  const cancelled = s.statut === 'annulee';
  return (
    <Page title={TITLE} lead={`${s.intitule} — ${placeLabel(s)}`}>
      {notice ? (
        <Notice kind="succes" focusKey={notice.at}>
          {notice.text}
        </Notice>
      ) : null}
      {cancelled ? (
        <p class="statut statut--erreur">
          Cette session est annulée{s.motifAnnulation ? ` (motif : ${s.motifAnnulation})` : ''} : l’émargement n’est plus possible.
        </p>
      ) : null}
      {!cancelled && seated.length === 0 ? <p>Personne n’est encore inscrit à cette session.</p> : null}
      {!cancelled && seated.length ? (
        <Section id="emargement" title="Émarger une demi-journée">
          <form noValidate onSubmit={(e) => void submit(e)}>
            <ErrorSummary errors={errors} id="erreurs-emargement" />
            <ChoiceGroup
              name="demi-journee"
              legend="Demi-journée"
              type="radio"
              choices={s.demiJournees.map((h) => ({ value: String(h.rang), label: `${h.rang}. ${halfDayLabel(h)}` }))}
              values={halfDay}
              onValues={setHalfDay}
            />
            <ChoiceGroup
              name="presents"
              legend="Personnes présentes"
              type="checkbox"
              required={false}
              hint="Cochez les personnes présentes ; les autres sont notées absentes."
              choices={seated.map((p) => ({ value: p.id, label: nameOf(p) }))}
              values={present}
              onValues={setPresent}
              error={errors.find((x) => x.field === 'presents-0')?.message}
            />
            <p class="action">
              <button type="submit" class="bouton" disabled={busy}>
                Enregistrer l’émargement
              </button>
            </p>
          </form>
        </Section>
      ) : null}
      {seated.length ? (
        <Section id="presences" title="Présences enregistrées">
          <DataTable<Participant>
            caption="Présences par demi-journée"
            rows={seated}
            rowKey={(p) => p.id}
            columns={[
              { label: 'Participant', rowHeader: true, render: nameOf },
              ...s.demiJournees.map((h) => ({
                label: `Demi-journée ${h.rang}`,
                render: (p: Participant) => {
                  const mark = p.presences.find((x) => x.demiJournee === h.rang);
                  return mark ? (mark.present ? 'Présent·e' : 'Absent·e') : '—';
                },
              })),
              ...(s.moduleId && !cancelled
                ? [
                    {
                      label: 'Module',
                      render: (p: Participant) => {
                        const came = p.presences.filter((x) => x.present).length;
                        // Present at every half-day: the attestation was delivered with the attendance.
                        if (came === 0 || came === s.demiJournees.length) return came ? 'Suivi en entier' : '—';
                        return (
                          <button type="button" class="bouton bouton--secondaire" disabled={busy} onClick={() => void validate(p)}>
                            Valider le module<span class="visuellement-cache"> : {nameOf(p)}</span>
                          </button>
                        );
                      },
                    },
                  ]
                : []),
            ]}
          />
        </Section>
      ) : null}
      {manage && !cancelled ? <CapacityForm session={s} onChange={reload} /> : null}
      {manage && !cancelled ? (
        <CancelSessionForm
          session={s}
          onCancelled={async () => {
            await reload();
            setNotice({ text: `Session annulée : « ${s.intitule} ». Les personnes inscrites voient le motif dans leurs inscriptions.`, at: Date.now() });
          }}
        />
      ) : null}
      {waiting.length ? (
        <Section id="attente" title="Liste d’attente">
          <ol class="liste-simple">
            {waiting.map((p) => (
              <li key={p.id}>{nameOf(p)}</li>
            ))}
          </ol>
        </Section>
      ) : null}
      <p>
        <a href="/app/formations">Revenir aux formations</a>
      </p>
    </Page>
  );
}
