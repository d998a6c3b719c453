import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiResult } from '../app/api';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorSummary, errorFor, TextArea, type FieldError } from './form';
import { Section } from './Page';

/**
 * An irreversible action with a required reason: the reason is checked, the action confirmed in a
 * dialog (which closes before the request, so that the outcome takes the focus), refusals shown in
 * the error summary. `send` makes the request; `onDone` runs after a success.
 */
export function ReasonConfirmForm({
  id,
  title,
  intro,
  reasonLabel,
  reasonHint,
  missingReason,
  submitLabel,
  dialog,
  send,
  onDone,
}: {
  /** The section's id; the reason field is `${id}-motif`. */
  id: string;
  title: string;
  intro?: ComponentChildren;
  reasonLabel: string;
  reasonHint?: string;
  missingReason: string;
  submitLabel: string;
  dialog: { confirmLabel: string; cancelLabel: string; body: ComponentChildren };
  send: (motif: string) => Promise<ApiResult<unknown>>;
  onDone: () => Promise<void>;
}) {
  const field = `${id}-motif`;
  const [motif, setMotif] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  function ask(e: Event) {
    e.preventDefault();
    if (!motif.trim()) {
      setErrors([{ field, message: missingReason }]);
      return;
    }
    setErrors([]);
    setConfirming(true);
  }

  async function confirm() {
    setConfirming(false);
    setBusy(true);
    const res = await send(motif.trim());
    setBusy(false);
    if (!res.ok) {
      setErrors([{ field: res.details ? field : '', message: res.message }]);
      return;
    }
    await onDone();
  }

  return (
    <Section id={id} title={title}>
      {intro}
      <form noValidate onSubmit={ask}>
        <ErrorSummary errors={errors} id={`erreurs-${id}`} />
        <TextArea id={field} label={reasonLabel} hint={reasonHint} required rows={3} value={motif} onValue={setMotif} error={errorFor(errors, field)} />
        <p class="action">
          <button type="submit" class="bouton bouton--danger" disabled={busy}>
            {submitLabel}
          </button>
        </p>
      </form>
      <ConfirmDialog open={confirming} title={title} confirmLabel={dialog.confirmLabel} cancelLabel={dialog.cancelLabel} danger busy={busy} onConfirm={() => void confirm()} onClose={() => setConfirming(false)}>
        {dialog.body}
      </ConfirmDialog>
    </Section>
  );
}
