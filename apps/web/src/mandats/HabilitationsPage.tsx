import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser, StructureMember } from '@pin/contracts';
import { roleLabels } from '../roles';
import { ChoiceGroup, ErrorSummary, TextField, errorFor, fieldErrorsFrom, type FieldError } from '../ui/form';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DataTable } from '../ui/DataTable';
import { Guard } from '../ui/Guard';
import { LiveStatus, Notice } from '../ui/Notice';
import { Page, Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { frDate, frDateTime } from './demarches';
import { decideHabilitation, fetchHabilitations, fetchMembers, requestHabilitation, selectedStructure, type HabilitationDecision } from './mandats.api';
import { LoadError, structureLabel, useVersion } from './parts';
import type { Habilitation } from './types';

const TITLE = 'Habilitations des aidants';
const STATUS_LABELS: Record<string, string> = { demandee: 'Demandée', accordee: 'Accordée', refusee: 'Refusée', retiree: 'Retirée', annulee: 'Annulée' };
const DONE: Record<HabilitationDecision, (name: string) => string> = {
  accorder: (n) => `Habilitation de ${n} : accordée.`,
  refuser: (n) => `Habilitation de ${n} : refusée.`,
  retirer: (n) => `Habilitation de ${n} : retirée.`,
  annuler: (n) => `Demande d’habilitation de ${n} : annulée.`,
};
/** A new request is possible when the member has none, or only an ended one. */
const REQUESTABLE = new Set(['refusee', 'retiree', 'annulee']);

export const aidantName = (h: Habilitation) => h.aidant.nom ?? h.aidant.username;
export const memberName = (m: StructureMember) => m.nom ?? `Membre sans nom connu (identifiant ${m.username})`;

/** Référent: pick a member of the structure and ask for their habilitation, cancel or withdraw it; animateur: grant or refuse. */
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
      {isReferent ? <RequestSection structures={user.structures} version={version} onDone={bump} /> : null}
      <HabilitationsList canGrant={allows(user, POLICIES.habilitation.grant)} version={version} onChange={bump} />
    </Page>
  );
}

function RequestSection({ structures, version, onDone }: { structures: readonly string[]; version: number; onDone: () => void }) {
  const [structure, setStructure] = useState<string[]>(() => {
    const s = selectedStructure(structures);
    return s ? [s] : [];
  });
  const structureId = structure[0] ?? structures[0] ?? '';
  const members = useApi(() => fetchMembers(structureId), [structureId, version]);
  const [member, setMember] = useState<string[]>([]);
  const [prerequis, setPrerequis] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [summaryTitle, setSummaryTitle] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<{ n: number; name: string } | null>(null);
  const all = members.state.status === 'ok' ? members.state.data.items : [];
  const eligible = all.filter((m) => !m.habilitation || REQUESTABLE.has(m.habilitation.statut));
  const submit = async (event: Event) => {
    event.preventDefault();
    setSummaryTitle(undefined);
    const chosen = eligible.find((m) => m.id === member[0]);
    if (!chosen) {
      setErrors([{ field: 'habilitation-membre-0', message: 'Choisissez l’aidant parmi les membres de la structure.' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    const res = await requestHabilitation({ structureId, memberId: chosen.id, charteSignee: prerequis.includes('charte'), formationSuivie: prerequis.includes('formation') });
    setBusy(false);
    if (!res.ok) {
      const fields = fieldErrorsFrom(res.details, { memberId: 'habilitation-membre-0' });
      setSummaryTitle('La demande n’a pas été envoyée');
      setErrors(fields.length ? fields : [{ field: 'habilitation-membre-0', message: res.message }]);
      return;
    }
    setMember([]);
    setPrerequis([]);
    setSent((s) => ({ n: (s?.n ?? 0) + 1, name: memberName(chosen) }));
    onDone();
  };
  return (
    <Section id="demande" title="Demander une habilitation">
      <form noValidate aria-labelledby="titre-demande" onSubmit={(e) => void submit(e)}>
        <ErrorSummary errors={errors} title={summaryTitle} />
        {structures.length > 1 ? (
          <ChoiceGroup name="habilitation-structure" legend="Structure" type="radio" choices={structures.map((id) => ({ value: id, label: structureLabel(id) }))} values={structure} onValues={setStructure} />
        ) : null}
        {members.state.status === 'loading' ? <LiveStatus>Chargement des membres de la structure…</LiveStatus> : null}
        {members.state.status === 'error' ? <LoadError text="Impossible d’afficher les membres de la structure." failure={members.state.failure} retry={() => void members.reload()} /> : null}
        {members.state.status === 'ok' ? (
          eligible.length ? (
            <ChoiceGroup
              name="habilitation-membre"
              legend="Aidant à habiliter"
              type="radio"
              hint="Les personnes qui se sont déjà connectées à PIN avec le compte de la structure. Celles qui sont déjà habilitées ou en attente n’y figurent pas."
              choices={eligible.map((m) => ({
                value: m.id,
                label: memberName(m),
                hint: [
                  roleLabels(m.roles).join(', '),
                  `dernière connexion le ${frDate(m.derniereActivite)}`,
                  m.habilitation ? `habilitation ${STATUS_LABELS[m.habilitation.statut]?.toLowerCase() ?? m.habilitation.statut}${m.habilitation.motif ? ` (motif : ${m.habilitation.motif})` : ''}` : null,
                ]
                  .filter(Boolean)
                  .join(' ; '),
              }))}
              values={member}
              onValues={setMember}
              error={errorFor(errors, 'habilitation-membre-0')}
            />
          ) : (
            <p class="statut" id="habilitation-membre-0" tabIndex={-1}>
              Aucun membre à habiliter. Une personne apparaît ici après s’être connectée une première fois à PIN avec le compte de la structure.
            </p>
          )
        ) : null}
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
        {sent ? (
          <Notice kind="succes" focusKey={sent.n}>
            Demande envoyée à l’animateur du réseau. Elle concerne {sent.name}, qui figure désormais dans la liste ci-dessous.
          </Notice>
        ) : null}
      </form>
    </Section>
  );
}

function HabilitationsList({ canGrant, version, onChange }: { canGrant: boolean; version: number; onChange: () => void }) {
  const { query } = useLocation();
  const pendingOnly = query.statut === 'demandee';
  const { state, reload } = useApi(() => fetchHabilitations(pendingOnly ? 'demandee' : undefined), [version, pendingOnly]);
  const [message, setMessage] = useState<{ text: string; kind: 'succes' | 'erreur'; n: number } | null>(null);
  const [refusing, setRefusing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<{ hab: Habilitation; decision: 'retirer' | 'annuler' } | null>(null);
  const [busy, setBusy] = useState(false);
  const decide = async (hab: Habilitation, decision: HabilitationDecision, motif?: string) => {
    setBusy(true);
    const res = await decideHabilitation(hab.id, decision, motif);
    setBusy(false);
    setRefusing(null);
    setConfirming(null);
    await reload();
    setMessage((m) => ({ n: (m?.n ?? 0) + 1, kind: res.ok ? 'succes' : 'erreur', text: res.ok ? DONE[decision](aidantName(hab)) : `L’action a échoué. ${res.message}` }));
    if (res.ok) onChange();
  };
  const items = state.status === 'ok' ? state.data.items : [];
  const c = confirming;
  return (
    <Section id="liste-habilitations" title={pendingOnly ? 'Demandes en attente' : 'Demandes et habilitations'}>
      {pendingOnly ? (
        <p>
          Seulement les demandes qui attendent une décision. <a href="/app/habilitations">Voir toutes les habilitations</a>
        </p>
      ) : null}
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
          empty={pendingOnly ? 'Aucune demande n’attend de décision.' : 'Aucune demande d’habilitation.'}
          columns={[
            { label: 'Aidant', rowHeader: true, render: aidantName },
            { label: 'Structure', render: (h) => structureLabel(h.structureId, h.structure?.nom) },
            { label: 'État', render: (h) => `${STATUS_LABELS[h.statut] ?? h.statut}${h.motif ? ` (${h.motif})` : ''}` },
            { label: 'Prérequis', render: prerequisites },
            { label: 'Demandée le', render: (h) => frDateTime(h.demandeeLe) },
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
                    {!canGrant && h.statut === 'demandee' ? (
                      <button type="button" class="bouton bouton--secondaire" onClick={() => setConfirming({ hab: h, decision: 'annuler' })}>
                        Annuler la demande<span class="visuellement-cache"> : {aidantName(h)}</span>
                      </button>
                    ) : null}
                    {h.statut === 'accordee' ? (
                      <button type="button" class="bouton bouton--danger" onClick={() => setConfirming({ hab: h, decision: 'retirer' })}>
                        Retirer<span class="visuellement-cache"> : {aidantName(h)}</span>
                      </button>
                    ) : null}
                    {h.statut !== 'demandee' && h.statut !== 'accordee' ? <span>Aucune action</span> : null}
                  </div>
                ),
            },
          ]}
        />
      ) : null}
      <ConfirmDialog
        open={c !== null}
        title={c?.decision === 'annuler' ? 'Annuler la demande d’habilitation' : 'Retirer l’habilitation'}
        confirmLabel={c?.decision === 'annuler' ? 'Annuler la demande' : 'Retirer l’habilitation'}
        cancelLabel={c?.decision === 'annuler' ? 'Garder la demande' : 'Garder l’habilitation'}
        danger
        busy={busy}
        onConfirm={() => c && void decide(c.hab, c.decision)}
        onClose={() => setConfirming(null)}
      >
        <p>
          {c?.decision === 'annuler'
            ? `La demande pour ${aidantName(c.hab)} ne sera pas examinée par l’animateur du réseau. Vous pourrez en faire une nouvelle.`
            : c
              ? `${aidantName(c.hab)} ne pourra plus établir de mandats pour ${structureLabel(c.hab.structureId, c.hab.structure?.nom)}. Les mandats déjà établis restent valables.`
              : ''}
        </p>
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

/**
 * « Charte signée », « formation suivie », « test PIX réussi » (facts from the labelling and training
 * services; « charte à signer de nouveau » after a new version), and the flag of a certification withdrawn by the network: a granted habilitation is not
 * withdrawn automatically, the référent and the animateur see it here and decide.
 */
function prerequisites(h: Habilitation) {
  const charte = h.charteASignerVersion ? `Charte à signer de nouveau (version ${h.charteASignerVersion})` : `Charte ${h.charteSignee ? 'signée' : 'non signée'}`;
  const text = `${charte} ; formation ${h.formationSuivie ? 'suivie' : 'non suivie'} ; test PIX ${h.pixReussi ? 'réussi' : 'non réussi'}`;
  if (!h.certificationRetireeLe) return text;
  return (
    <>
      {text}
      <br />
      <strong>
        Certification de formation retirée par le réseau le {frDateTime(h.certificationRetireeLe)}
        {h.statut === 'accordee' ? ' : habilitation toujours accordée, à réexaminer.' : ' : formation à suivre de nouveau.'}
      </strong>
    </>
  );
}
