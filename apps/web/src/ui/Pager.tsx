/**
 * « Page précédente » / « Page suivante » buttons of a paginated list, shown only when there is more
 * than one page; each button is disabled at its end. `label` names the list for screen readers.
 */
export function Pager({ label, page, pages, onPage, class: className = 'action' }: { label: string; page: number; pages: number; onPage: (page: number) => void; class?: string }) {
  if (pages <= 1) return null;
  return (
    <nav class={className} aria-label={label}>
      <button type="button" class="bouton bouton--secondaire" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Page précédente
      </button>
      <button type="button" class="bouton bouton--secondaire" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Page suivante
      </button>
    </nav>
  );
}
