import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export type NoticeKind = 'succes' | 'erreur' | 'info' | 'alerte';

/**
 * The outcome of an action, shown where the action happened and moved into focus so that the
 * person (and their screen reader) reads it at once; `focusKey` changes → focus again.
 */
export function Notice({ kind = 'info', children, focusKey, id }: { kind?: NoticeKind; children: ComponentChildren; focusKey?: unknown; id?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);
  return (
    <div ref={ref} id={id} class={`notice notice--${kind}`} tabIndex={-1} role={kind === 'erreur' || kind === 'alerte' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** A polite status line (progress, counts) that screen readers read when it changes. */
export function LiveStatus({ children, error = false }: { children?: ComponentChildren; error?: boolean }) {
  return (
    <p class={error ? 'statut statut--erreur' : 'statut'} role="status" aria-live="polite">
      {children}
    </p>
  );
}
