import { useEffect, useRef, useState } from 'preact/hooks';
import type { NavGroupName, NavItem } from './navigation';

/**
 * A group of the main navigation as a disclosure (WAI-ARIA APG « disclosure navigation menu »: a
 * button with aria-expanded, a plain list of links, no menu roles). Closes on Escape (focus back on
 * the button), when focus or a click leaves it, and when the page changes.
 */
export function NavMenu({ name, items, current, path }: { name: NavGroupName; items: NavItem[]; current?: string; path: string }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLLIElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = `menu-${name.normalize('NFD').replace(/[^A-Za-z]+/g, '-').toLowerCase()}`;
  const holdsCurrent = items.some((i) => i.href === current);

  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('click', outside);
    return () => document.removeEventListener('click', outside);
  }, [open]);

  return (
    <li
      ref={root}
      class="navigation__groupe"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
      onFocusOut={(e) => {
        if (!root.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button ref={button} type="button" class={holdsCurrent ? 'navigation__bouton navigation__bouton--courant' : 'navigation__bouton'} aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {name}
        {holdsCurrent ? <span class="visuellement-cache"> (page actuelle dans ce menu)</span> : null}
      </button>
      <ul id={id} class="navigation__sous-menu" hidden={!open}>
        {items.map((item) => (
          <li key={item.href}>
            <a href={item.href} aria-current={item.href === current ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </li>
  );
}
