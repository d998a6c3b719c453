import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useSite } from '../app/site';

/**
 * Every page: its `<h1>` (focusable, the router moves the focus there after an in-app navigation)
 * and the document title « <titre> — <site> ».
 */
export function Page({ title, children, lead }: { title: string; lead?: ComponentChildren; children?: ComponentChildren }) {
  const site = useSite();
  useEffect(() => {
    document.title = `${title} — ${site.shortName}`;
  }, [title, site.shortName]);
  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      {lead ? <p class="chapo">{lead}</p> : null}
      {children}
    </>
  );
}

/** A titled block of a page (`<section class="carte">` labelled by its h2). */
export function Section({ id, title, children, class: className }: { id: string; title: ComponentChildren; children?: ComponentChildren; class?: string }) {
  return (
    <section class={className ? `carte ${className}` : 'carte'} aria-labelledby={`titre-${id}`}>
      <h2 id={`titre-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

export function Loading({ text = 'Chargement…' }: { text?: string }) {
  return (
    <p class="statut" role="status">
      {text}
    </p>
  );
}
