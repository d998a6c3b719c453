import { useEffect, useState } from 'preact/hooks';
import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser } from '@pin/contracts';
import { ChoiceGroup, ErrorSummary, TextField, errorFor, fieldErrorsFrom, type FieldError } from '../ui/form';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DataTable } from '../ui/DataTable';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { frDateTime } from './demarches';
import { decideHabilitation, fetchHabilitations, requestHabilitation, selectedStructure, type HabilitationDecision } from './mandats.api';
import { LoadError, structureLabel, useVersion } from './parts';
import type { Habilitation } from './types';

const TITLE = 'Habilitations des aidants';
const STATUS_LABELS: Record<string, string> = { demandee: 'Demandée', accordee: 'Accordée', refusee: 'Refusée', retiree: 'Retirée', annulee: 'Annulée' };
const DONE: Record<HabilitationDecision, string> = { accorder: 'accordée', refuser: 'refusée', retirer: 'retirée' };

export const aidantName = (h: Habilitation) => h.aidant.nom ?? h.aidant.username;

/** Référent: ask for an aidant's habilitation; animateur: grant or refuse the requests. */
export function HabilitationsPage() {
  return (
    <Guard title={TITLE} policy={POLICIES.habilitation.request}>
      {(user) => <Habilitations user={user} />}
    </Guard>
  );
}

function Habilitations({ user }: { user: CurrentUser }) {
  const [version, bump] = useVersion();
  const isReferent = user.roles.includes('referent');
  return (
    <Page title={TITLE} lead="Seul un aidant habilité peut établir des mandats. Le référent de la structure demande l’habilitation ; l’animateur du réseau la valide.">
      {isReferent ? <RequestSection structures={user.structures} onDone={bump} /> : null}
      <HabilitationsList canGrant={allows(user, POLICIES.habilitation.grant)} canWithdraw={allows(user, POLICIES.habilitation.decide)} version={version} />
    </Page>
  );
}

function RequestSection({ structures, onDone }: { structures: readonly string[]; onDone: () => void }) {
  const [structure, setStructure] = useState<string[]>(() => {
    const s = selectedStructure(structures);
    return s ? [s] : [];
  });
  const [aidant, setAidant] = useState('');
  const [nom, setNom] = useState('');
  const [prerequis, setPrerequis] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [summaryTitle, setSummaryTitle] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(0);
  const submit = async (event: Event) => {
    event.preventDefault();
    setSummaryTitle(undefined);
    const username = aidant.trim();
    if (!username) {
      setErrors([{ field: 'habilitation-aidant', message: 'Indiquez l’identifiant de l’aidant.' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    const res = await requestHabilitation({
      structureId: structure[0] ?? structures[0],
      aidant: username,
      aidantNom: nom.trim() || undefined,
      charteSignee: prerequis.includes('charte'),
      formationSuivie: prerequis.includes('formation'),
    });
    setBusy(false);
    if (!res.ok) {
      const fields = fieldErrorsFrom(res.details, { aidant: 'habilitation-aidant', aidantNom: 'habilitation-aidant-nom' });
      setSummaryTitle('La demande n’a pas été envoyée');
      setErrors(fields.length ? fields : [{ field: 'habilitation-aidant', message: res.message }]);
      return;
    }
    setAidant('');
    setNom('');
    setPrerequis([]);
    setSent((n) => n + 1);
    onDone();
  };
  return (
    <Section id="demande" title="Demander une habilitation">
      <form noValidate aria-labelledby="titre-demande" onSubmit={(e) => void submit(e)}>
        <ErrorSummary errors={errors} title={summaryTitle} />
        {structures.length > 1 ? (
          <ChoiceGroup name="habilitation-structure" legend="Structure" type="radio" choices={structures.map((id) => ({ value: id, label: structureLabel(id) }))} values={structure} onValues={setStructure} />
        ) : null}
        <TextField id="habilitation-aidant" label="Identifiant de l’aidant" hint="Son identifiant de connexion PIN, par exemple « aidant »." required value={aidant} onValue={setAidant} error={errorFor(errors, 'habilitation-aidant')} />
        <TextField id="habilitation-aidant-nom" label="Nom et prénom de l’aidant" value={nom} onValue={setNom} error={errorFor(errors, 'habilitation-aidant-nom')} />
        <ChoiceGroup
          name="habilitation-prerequis"
          legend="Prérequis"
          type="checkbox"
          required={false}
          hint="L’animateur ne peut accorder l’habilitation que lorsque les deux sont remplis."
          choices={[
            { value: 'charte', label: 'L’aidant a signé la charte de l’aidant.' },
            { value: 'formation', label: 'L’aidant a suivi la formation Aidants Connect.' },
          ]}
          values={prerequis}
          onValues={setPrerequis}
        />
        <button type="submit" class="bouton" disabled={busy}>
          Demander l’habilitation
        </button>
        {busy ? <LiveStatus>Envoi de la demande…</LiveStatus> : null}
        {sent > 0 ? (
          <Notice kind="succes" focusKey={sent}>
            Demande envoyée à l’animateur du réseau.
          </Notice>
        ) : null}
      </form>
    </Section>
  );
}

function HabilitationsList({ canGrant, canWithdraw, version }: { canGrant: boolean; canWithdraw: boolean; version: number }) {
  const { state, reload } = useApi(fetchHabilitations, [version]);
  const [message, setMessage] = useState<{ text: string; kind: 'succes' | 'erreur'; n: number } | null>(null);
  const [refusing, setRefusing] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState<Habilitation | null>(null);
  const [busy, setBusy] = useState(false);
  const decide = async (hab: Habilitation, decision: HabilitationDecision, motif?: string) => {
    setBusy(true);
    const res = await decideHabilitation(hab.id, decision, motif);
    setBusy(false);
    setRefusing(null);
    setWithdrawing(null);
    await reload();
    setMessage((m) => ({
      n: (m?.n ?? 0) + 1,
      kind: res.ok ? 'succes' : 'erreur',
      text: res.ok ? `Habilitation de ${aidantName(hab)} : ${DONE[decision]}.` : `L’action a échoué. ${res.message}`,
    }));
  };
  const items = state.status === 'ok' ? state.data.items : [];
  const canAct = canGrant || canWithdraw;
  return (
    <Section id="liste-habilitations" title="Demandes et habilitations">
      {message ? (
        <Notice kind={message.kind} focusKey={message.n}>
          {message.text}
        </Notice>
      ) : null}
      {state.status === 'loading' ? <LiveStatus>Chargement des habilitations…</LiveStatus> : null}
      {state.status === 'error' ? <LoadError text="Impossible d’afficher les habilitations." failure={state.failure} retry={() => void reload()} /> : null}
      {state.status === 'ok' ? (
        <DataTable
          caption={`${items.length} habilitation${items.length > 1 ? 's' : ''}`}
          rows={items}
          rowKey={(h) => h.id}
          empty="Aucune demande d’habilitation."
          columns={[
            { label: 'Aidant', rowHeader: true, render: aidantName },
            { label: 'Structure', render: (h) => structureLabel(h.structureId, h.structure?.nom) },
            { label: 'État', render: (h) => `${STATUS_LABELS[h.statut] ?? h.statut}${h.motif ? ` (${h.motif})` : ''}` },
            { label: 'Prérequis', render: (h) => `Charte ${h.charteSignee ? 'signée' : 'non signée'} ; formation ${h.formationSuivie ? 'suivie' : 'non suivie'}` },
            { label: 'Demandée le', render: (h) => frDateTime(h.demandeeLe) },
            ...(canAct
              ? [
                  {
                    label: 'Actions',
                    hiddenLabel: true,
                    render: (h: Habilitation) =>
                      refusing === h.id ? (
                        <RefusalForm hab={h} busy={busy} onConfirm={(motif) => void decide(h, 'refuser', motif)} onCancel={() => setRefusing(null)} />
                      ) : (
                        <div class="actions">
                          {canGrant && h.statut === 'demandee' ? (
                            <button type="button" class="bouton" disabled={busy} onClick={() => void decide(h, 'accorder')}>
                              Accorder<span class="visuellement-cache"> : {aidantName(h)}</span>
                            </button>
                          ) : null}
                          {canGrant && h.statut === 'demandee' ? (
                            <button type="button" class="bouton bouton--danger" onClick={() => setRefusing(h.id)}>
                              Refuser<span class="visuellement-cache"> : {aidantName(h)}</span>
                            </button>
                          ) : null}
                          {h.statut === 'accordee' ? (
                            <button type="button" class="bouton bouton--danger" onClick={() => setWithdrawing(h)}>
                              Retirer<span class="visuellement-cache"> : {aidantName(h)}</span>
                            </button>
                          ) : null}
                        </div>
                      ),
                  },
                ]
              : []),
          ]}
        />
      ) : null}
      <ConfirmDialog
        open={withdrawing !== null}
        title="Retirer l’habilitation"
        confirmLabel="Retirer l’habilitation"
        danger
        busy={busy}
        onConfirm={() => withdrawing && void decide(withdrawing, 'retirer')}
        onClose={() => setWithdrawing(null)}
      >
        <p>{withdrawing ? `${aidantName(withdrawing)} ne pourra plus établir de mandats pour ${structureLabel(withdrawing.structureId, withdrawing.structure?.nom)}. Les mandats déjà établis restent valables.` : ''}</p>
      </ConfirmDialog>
    </Section>
  );
}

/** A refusal says why (the référent reads it): the reason is asked in place of the buttons. */
function RefusalForm({ hab, busy, onConfirm, onCancel }: { hab: Habilitation; busy: boolean; onConfirm: (motif: string) => void; onCancel: () => void }) {
  const [motif, setMotif] = useState('');
  const [error, setError] = useState<string | undefined>();
  const id = `motif-refus-${hab.id}`;
  useEffect(() => document.getElementById(id)?.focus(), [id]);
  return (
    <form
      noValidate
      class="refus"
      onSubmit={(e) => {
        e.preventDefault();
        if (!motif.trim()) {
          setError('Indiquez le motif du refus.');
          document.getElementById(id)?.focus();
          return;
        }
        onConfirm(motif.trim());
      }}
    >
      <TextField id={id} label={`Motif du refus pour ${aidantName(hab)}`} hint="Il est communiqué au référent de la structure." required value={motif} onValue={setMotif} error={error} />
      <div class="actions">
        <button type="submit" class="bouton bouton--danger" disabled={busy}>
          Confirmer le refus
        </button>
        <button type="button" class="bouton bouton--secondaire" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </form>
  );
}
