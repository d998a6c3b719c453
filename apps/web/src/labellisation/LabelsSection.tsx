import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { allows, POLICIES } from '@pin/contracts/policies';
import type { CurrentUser } from '@pin/contracts';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { DataTable } from '../ui/DataTable';
import { ErrorSummary, errorFor, TextArea, type FieldError } from '../ui/form';
import { LiveStatus, Notice } from '../ui/Notice';
import { Section } from '../ui/Page';
import { useApi } from '../ui/useApi';
import { nearEnd } from './label-state';
import { fetchLabels, fetchLieu, frDate, NIVEAUX, renewLabel, revokeLabel, type Label } from './labellisation.api';

const labelTitle = (l: Label) => (l.programmeId === 'pin-territorial' ? `Label territorial, niveau ${NIVEAUX[l.niveau ?? ''] ?? l.niveau}` : l.programmeId);

/** The lieu's name from the directory's public page (the label only carries its id). */
function LieuNom({ id }: { id: string }) {
  const lieu = useApi(() => fetchLieu(id), [id]);
  return <>{lieu.state.status === 'ok' ? `${lieu.state.data.nom} (${lieu.state.data.commune})` : 'Lieu'}</>;
}

/**
 * Labels in their validity. A référent sees those of their structures and renews one near its end
 * (a new dossier prefilled with the previous answers); the network sees them all and withdraws one
 * with a reason, confirmed in a dialog.
 */
export function LabelsSection({ user }: { user: CurrentUser }) {
  const manager = allows(user, POLICIES.labelling.manage);
  const labels = useApi(() => fetchLabels(), []);
  const [notice, setNotice] = useState<{ kind: 'succes' | 'erreur'; text: string; n: number } | null>(null);
  const [revoking, setRevoking] = useState<Label | null>(null);
  const { route } = useLocation();
  const say = (kind: 'succes' | 'erreur', text: string) => setNotice((p) => ({ kind, text, n: (p?.n ?? 0) + 1 }));
  const mine = (l: Label) => l.structureId !== null && user.structures.includes(l.structureId);
  const rows = labels.state.status === 'ok' ? labels.state.data.items.filter((l) => manager || mine(l)) : [];
  const renew = async (l: Label) => {
    const r = await renewLabel(l.id);
    if (!r.ok) return say('erreur', `Le renouvellement n’a pas commencé : ${r.message}`);
    route(`/app/labellisation/${r.data.id}`);
  };
  return (
    <>
      <Section id="labels" title={manager ? 'Labels en cours' : 'Vos labels'}>
        {notice ? (
          <Notice kind={notice.kind} focusKey={notice.n}>
            {notice.text}
          </Notice>
        ) : null}
        {labels.state.status === 'loading' ? <LiveStatus>Chargement des labels…</LiveStatus> : null}
        {labels.state.status === 'error' ? <p class="statut statut--erreur">{labels.state.failure.message}</p> : null}
        {labels.state.status === 'ok' ? (
          <DataTable<Label>
            caption={manager ? 'Labels en cours de validité' : 'Labels de vos lieux'}
            rowKey={(l) => l.id}
            rows={rows}
            empty="Aucun label en cours."
            columns={[
              { label: 'Lieu', rowHeader: true, render: (l) => <LieuNom id={l.lieuId} /> },
              { label: 'Label', render: (l) => labelTitle(l) },
              { label: 'Valable jusqu’au', render: (l) => (l.jusquAu ? `${frDate(l.jusquAu)}${nearEnd(l) ? ' (bientôt à renouveler)' : ''}` : 'Sans échéance') },
              {
                label: 'Actions',
                hiddenLabel: true,
                render: (l) => (
                  <>
                    {mine(l) && l.dossierId && nearEnd(l) ? (
                      <button type="button" class="bouton" onClick={() => void renew(l)}>
                        Renouveler le label<span class="visuellement-cache"> de <LieuNom id={l.lieuId} /></span>
                      </button>
                    ) : null}
                    {manager ? (
                      <>
                        {' '}
                        <button type="button" class="bouton bouton--secondaire" onClick={() => setRevoking(l)}>
                          Retirer le label<span class="visuellement-cache"> de <LieuNom id={l.lieuId} /></span>
                        </button>
                      </>
                    ) : null}
                  </>
                ),
              },
            ]}
          />
        ) : null}
      </Section>
      {manager && revoking ? (
        <RevokeForm
          key={revoking.id}
          label={revoking}
          onCancel={() => setRevoking(null)}
          onRevoked={() => {
            setRevoking(null);
            say('succes', `${labelTitle(revoking)} retiré : le lieu ne l’affiche plus dans l’annuaire.`);
            void labels.reload();
          }}
        />
      ) : null}
    </>
  );
}

/** The network withdraws a label: the reason is kept with the label; confirmed in a dialog (it cannot be undone). */
function RevokeForm({ label, onCancel, onRevoked }: { label: Label; onCancel: () => void; onRevoked: () => void }) {
  const [motif, setMotif] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // Chosen from the table: the person continues with the reason.
  useEffect(() => document.getElementById('retrait-motif')?.focus(), []);
  const ask = (e: Event) => {
    e.preventDefault();
    if (!motif.trim()) {
      setErrors([{ field: 'retrait-motif', message: 'Motif du retrait : ce champ est obligatoire.' }]);
      return;
    }
    setErrors([]);
    setConfirming(true);
  };
  const confirm = async () => {
    // The dialog closes first (the focus goes back to the button): the outcome then takes the focus.
    setConfirming(false);
    setBusy(true);
    const r = await revokeLabel(label.id, motif.trim());
    setBusy(false);
    if (!r.ok) {
      setErrors([{ field: 'retrait-motif', message: r.message }]);
      return;
    }
    onRevoked();
  };
  return (
    <Section id="retrait" title="Retirer le label">
      <p>
        {labelTitle(label)} de <LieuNom id={label.lieuId} />.
      </p>
      <form noValidate onSubmit={ask}>
        <ErrorSummary errors={errors} title="Le label n’a pas été retiré" />
        <TextArea id="retrait-motif" label="Motif du retrait" hint="Conservé avec le label, par exemple le constat d’un contrôle." required rows={3} value={motif} onValue={setMotif} error={errorFor(errors, 'retrait-motif')} />
        <p class="action">
          <button type="submit" class="bouton bouton--danger" disabled={busy}>
            Retirer le label
          </button>{' '}
          <button type="button" class="bouton bouton--secondaire" onClick={onCancel}>
            Garder le label
          </button>
        </p>
        {busy ? <LiveStatus>Retrait…</LiveStatus> : null}
      </form>
      <ConfirmDialog open={confirming} title="Retirer le label" confirmLabel="Confirmer le retrait" cancelLabel="Garder le label" danger busy={busy} onConfirm={() => void confirm()} onClose={() => setConfirming(false)}>
        <p>Le lieu perdra le label et ne l’affichera plus dans l’annuaire. Cette action est définitive : il faudra un nouveau dossier pour l’obtenir à nouveau.</p>
      </ConfirmDialog>
    </Section>
  );
}
