import { useState } from 'preact/hooks';
import { NETWORK_ROLES } from '@pin/contracts/policies';
import type { CurrentUser } from '@pin/contracts';
import { api } from '../app/api';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorSummary, errorFor, fieldErrorsFrom, TextArea, type FieldError } from '../ui/form';
import { Section } from '../ui/Page';
import { dateLabel } from './format';

const MOTIF_MAX = 500;
const MOTIF_ID = 'fermeture-motif';

/**
 * Whether the person may close this lieu: the network (animateurs, admins) any lieu, a référent
 * the lieux of their structures (the API checks it again: POLICIES.lieu.close + structure scope).
 */
export function canCloseLieu(user: CurrentUser, structureId: unknown): boolean {
  if (user.roles.some((r) => (NETWORK_ROLES as readonly string[]).includes(r))) return true;
  if (!user.roles.includes('referent')) return false;
  return user.structures.includes('*') || (typeof structureId === 'string' && user.structures.includes(structureId));
}

/** What a closed lieu's managers read at the top of its edit page. */
export function LieuFermeNotice({ lieu }: { lieu: Record<string, unknown> }) {
  const since = dateLabel(typeof lieu.closed_at === 'string' ? lieu.closed_at : null);
  const motif = typeof lieu.closed_motif === 'string' && lieu.closed_motif ? lieu.closed_motif : null;
  return (
    <div class="notice notice--alerte" id="lieu-ferme">
      <p>
        <strong>Ce lieu est fermé définitivement{since ? ` depuis le ${since}` : ''}.</strong> Il n’apparaît plus sur la carte ni dans la recherche ; sa page reste
        consultable et l’indique.
      </p>
      {motif ? <p>Motif : {motif}</p> : null}
      <p>Une fermeture ne peut pas être annulée dans PIN : si le lieu rouvre, il faut l’enregistrer à nouveau dans l’annuaire.</p>
    </div>
  );
}

/**
 * « Fermer ce lieu » (POST /api/v1/lieux/:id/fermeture): an optional reason, then a confirmation
 * that says what follows (out of the map and the search, page still readable, operators told,
 * no reopening). `onClosed` gets the lieu's new detail.
 */
export function FermerLieu({ lieu, onClosed }: { lieu: Record<string, unknown>; onClosed: (detail: Record<string, unknown>) => void }) {
  const [motif, setMotif] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const nom = String(lieu.nom ?? '');

  function ask(e: Event) {
    e.preventDefault();
    if (motif.trim().length > MOTIF_MAX) {
      setErrors([{ field: MOTIF_ID, message: `Le motif de la fermeture compte ${motif.trim().length} caractères : ${MOTIF_MAX} au plus.` }]);
      return;
    }
    setErrors([]);
    setConfirming(true);
  }

  async function confirm() {
    setBusy(true);
    const body: Record<string, unknown> = {};
    if (motif.trim()) body.motif = motif.trim();
    if (typeof lieu.version === 'number') body.version = lieu.version;
    const r = await api.post<Record<string, unknown>>(`/api/v1/lieux/${encodeURIComponent(String(lieu.id))}/fermeture`, body);
    setBusy(false);
    setConfirming(false);
    if (r.ok) {
      onClosed(r.data);
      return;
    }
    if (r.status === 409 && r.code === 'LIEU.VERSION_CONFLICT') {
      setErrors([{ field: '', message: 'Ce lieu a été modifié par quelqu’un d’autre entre-temps : il n’a pas été fermé. Rechargez la page, vérifiez la fiche, puis recommencez.' }]);
      return;
    }
    const fields = fieldErrorsFrom(r.details, { motif: MOTIF_ID });
    setErrors(fields.length ? fields.map((f) => (f.field === MOTIF_ID ? f : { ...f, field: '' })) : [{ field: '', message: r.message }]);
  }

  return (
    <Section id="fermeture" title="Fermer ce lieu">
      <p>Si ce lieu ferme pour de bon, fermez-le ici : il sortira de la carte et de la recherche, et sa page indiquera qu’il est fermé.</p>
      <form noValidate onSubmit={ask} aria-label="Fermer ce lieu">
        <ErrorSummary id="erreurs-fermeture" errors={errors} />
        <TextArea
          id={MOTIF_ID}
          label="Motif de la fermeture"
          hint={`Affiché sur la page du lieu, ${MOTIF_MAX} caractères au plus. Ex. « La médiathèque a déménagé à Saint-Pierre-du-Mont. »`}
          rows={3}
          value={motif}
          onValue={setMotif}
          error={errorFor(errors, MOTIF_ID)}
        />
        <p class="action">
          <button type="submit" class="bouton bouton--danger">
            Fermer ce lieu
          </button>
        </p>
      </form>
      <ConfirmDialog
        open={confirming}
        title="Fermer ce lieu définitivement"
        confirmLabel="Confirmer la fermeture"
        cancelLabel="Garder le lieu ouvert"
        danger
        busy={busy}
        onConfirm={() => void confirm()}
        onClose={() => setConfirming(false)}
      >
        <p>« {nom} » sera fermé :</p>
        <ul>
          <li>il n’apparaîtra plus sur la carte ni dans la recherche de l’annuaire ;</li>
          <li>sa page restera consultable et indiquera qu’il est fermé{motif.trim() ? ', avec le motif' : ''} ;</li>
          <li>on ne pourra plus y orienter de personnes, et les opérateurs abonnés aux changements de l’annuaire en seront informés.</li>
        </ul>
        <p>Cette action est définitive : PIN ne permet pas de rouvrir un lieu fermé.</p>
      </ConfirmDialog>
    </Section>
  );
}
