import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * A modal confirmation (`<dialog>`: focus trapped, Échap closes, focus returns to the opener).
 * `open` drives it; `onConfirm` runs on the confirm button.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel = 'Annuler',
  danger = false,
  busy = false,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children?: ComponentChildren;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  // A layout effect: the dialog closes and gives the focus back to its opener before the effects of
  // the same update run, so that an outcome shown at that moment (a notice, an error summary, which
  // take the focus in their effects) keeps it — and is not inert behind a dialog still open.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
      if (opener.current instanceof HTMLElement) opener.current.focus();
    }
  }, [open]);
  const titleId = `dialogue-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <dialog ref={ref} class="dialogue" aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <h2 id={titleId}>{title}</h2>
      {children}
      <div class="action">
        <button type="button" class={danger ? 'bouton bouton--danger' : 'bouton'} disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" class="bouton bouton--secondaire" onClick={onClose}>
          {cancelLabel}
        </button>
      </div>
    </dialog>
  );
}
