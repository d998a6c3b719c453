import { useState } from 'preact/hooks';
import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser, StructureMember, TrainingSession } from '@pin/contracts';
import { ChoiceGroup, ErrorSummary, fieldErrorsFrom, type FieldError } from '../ui/form';
import { LiveStatus, Notice } from '../ui/Notice';
import { useApi } from '../ui/useApi';
import { LoadError, structureLabel } from '../mandats/parts';
import { fetchMembers, registerToSession } from './formations.api';
import { registrationOutcome } from './format';

/**
 * A session's registration actions: « M’inscrire » for an aidant, a médiateur or a référent, and
 * for a référent « Inscrire un aidant » among the members of their structure.
 */
export function RegisterActions({ session, user, onChange }: { session: TrainingSession; user: CurrentUser; onChange: () => void }) {
  const [outcome, setOutcome] = useState<{ kind: 'succes' | 'erreur' | 'info'; text: string; at: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [forMember, setForMember] = useState(false);
  const self = allows(user, POLICIES.formation.mine);
  const referent = user.roles.includes('referent') && user.structures.some((s) => s !== '*');
  const full = session.placesRestantes === 0;

  async function registerSelf() {
    setBusy(true);
    const res = await registerToSession(session.id);
    setBusy(false);
    if (res.ok) {
      setOutcome({ kind: res.data.statut === 'inscrit' ? 'succes' : 'info', text: registrationOutcome(res.data, 'self'), at: Date.now() });
      onChange();
    } else setOutcome({ kind: 'erreur', text: res.message, at: Date.now() });
  }

  return (
    <div class="session__actions">
      {outcome ? (
        <Notice kind={outcome.kind} focusKey={outcome.at}>
          <p>{outcome.text}</p>
          {outcome.kind !== 'erreur' ? (
            <p>
              <a href="/app/formations/mes-inscriptions">Voir mes inscriptions</a>
            </p>
          ) : null}
        </Notice>
      ) : null}
      <div class="actions">
        {self ? (
          <button type="button" class="bouton" disabled={busy} onClick={() => void registerSelf()}>
            {full ? 'M’inscrire sur la liste d’attente' : 'M’inscrire'}
            <span class="visuellement-cache"> : {session.intitule}</span>
          </button>
        ) : null}
        {referent ? (
          <button type="button" class="bouton bouton--secondaire" aria-expanded={forMember} onClick={() => setForMember(!forMember)}>
            Inscrire un aidant de ma structure<span class="visuellement-cache"> : {session.intitule}</span>
          </button>
        ) : null}
      </div>
      {referent && forMember ? (
        <MemberRegistration
          session={session}
          user={user}
          onDone={(text, waiting) => {
            setForMember(false);
            setOutcome({ kind: waiting ? 'info' : 'succes', text, at: Date.now() });
            onChange();
          }}
        />
      ) : null}
    </div>
  );
}

function MemberRegistration({ session, user, onDone }: { session: TrainingSession; user: CurrentUser; onDone: (text: string, waiting: boolean) => void }) {
  const structures = user.structures.filter((s) => s !== '*');
  const [structure, setStructure] = useState<string[]>([structures[0]]);
  const structureId = structure[0];
  const members = useApi(() => fetchMembers(structureId), [structureId]);
  const [member, setMember] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const name = `membre-${session.id.slice(0, 8)}`;
  const eligible: StructureMember[] = members.state.status === 'ok' ? members.state.data.items.filter((m) => m.username !== user.username && m.roles.some((r) => r === 'aidant' || r === 'mediateur')) : [];

  async function submit(e: Event) {
    e.preventDefault();
    const chosen = eligible.find((m) => m.username === member[0]);
    if (!chosen) {
      setErrors([{ field: `${name}-0`, message: 'Choisissez l’aidant à inscrire parmi les membres de la structure.' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    const res = await registerToSession(session.id, { structureId, aidant: { username: chosen.username, ...(chosen.nom ? { nom: chosen.nom } : {}) } });
    setBusy(false);
    if (!res.ok) {
      const fields = fieldErrorsFrom(res.details, { aidant: `${name}-0` });
      setErrors(fields.length ? fields : [{ field: '', message: res.message }]);
      return;
    }
    onDone(registrationOutcome(res.data, chosen.nom ?? chosen.username), res.data.statut !== 'inscrit');
  }

  return (
    <form class="session__formulaire" noValidate onSubmit={(e) => void submit(e)}>
      <ErrorSummary errors={errors} id={`erreurs-${name}`} />
      {structures.length > 1 ? (
        <ChoiceGroup name={`structure-${name}`} legend="Structure" type="radio" choices={structures.map((id) => ({ value: id, label: structureLabel(id) }))} values={structure} onValues={setStructure} />
      ) : null}
      {members.state.status === 'loading' ? <LiveStatus>Chargement des membres de la structure…</LiveStatus> : null}
      {members.state.status === 'error' ? <LoadError text="Impossible d’afficher les membres de la structure." failure={members.state.failure} retry={() => void members.reload()} /> : null}
      {members.state.status === 'ok' ? (
        eligible.length ? (
          <ChoiceGroup
            name={name}
            legend="Aidant à inscrire"
            type="radio"
            hint="Les aidants et médiateurs de la structure qui se sont déjà connectés à PIN."
            choices={eligible.map((m) => ({ value: m.username, label: m.nom ?? m.username }))}
            values={member}
            onValues={setMember}
            error={errors.find((x) => x.field === `${name}-0`)?.message}
          />
        ) : (
          <p>Aucun aidant de la structure ne s’est encore connecté à PIN.</p>
        )
      ) : null}
      {eligible.length ? (
        <p class="action">
          <button type="submit" class="bouton" disabled={busy}>
            Inscrire à cette session
          </button>
        </p>
      ) : null}
    </form>
  );
}
