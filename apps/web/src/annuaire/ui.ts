import { allows, type Policy } from '@pin/contracts/policies';
import { loginUrl } from '../api';
import { h } from '../dom';
import type { View, ViewContext } from '../view';
import type { FieldError } from './format';

/** A view of the directory; `refresh` (when present) updates it in place when only the session changed. */
export interface AnnuaireView extends View {
  refresh?: (ctx: ViewContext) => void;
}

export const pageTitle = (text: string) => h('h1', { tabindex: '-1' }, text);

/** A status line read by screen readers when it changes. */
export function liveStatus(text = ''): HTMLParagraphElement {
  return h('p', { class: 'statut', role: 'status', 'aria-live': 'polite' }, text);
}

export function setStatus(el: HTMLElement, text: string, error = false): void {
  el.classList.toggle('statut--erreur', error);
  el.textContent = text;
}

export function badge(text: string, kind: string): HTMLElement {
  return h('span', { class: `badge badge--${kind}` }, text);
}

/** Sign-in or access notice for the pages of the network (référents, animateurs). */
export function accessGate(ctx: ViewContext, title: string, policy: Policy): AnnuaireView | null {
  const { session, path } = ctx;
  if (session.state === 'signedIn' && allows(session.user, policy)) return null;
  const content: Node[] = [pageTitle(title)];
  if (session.state === 'loading') content.push(h('p', {}, 'Chargement…'));
  else if (session.state === 'signedOut') {
    content.push(h('p', { class: 'action' }, 'Connectez-vous pour accéder à cette page.', ' ', h('a', { class: 'bouton', href: loginUrl(path) }, 'Se connecter')));
  } else if (session.state === 'error') content.push(h('p', {}, 'Votre session n’a pas pu être vérifiée.'));
  else content.push(h('p', {}, 'Cette page est réservée aux ' + (allows({ roles: ['referent'] }, policy) ? 'référents de structure et aux animateurs du réseau.' : 'animateurs du réseau.')));
  return { title, content };
}

/**
 * Shows errors on a form: a summary (focused, with links to the fields) and, on each field,
 * the message tied with aria-describedby and aria-invalid. Unknown fields go to the summary only.
 */
export function showErrors(form: HTMLFormElement, summary: HTMLElement, errors: FieldError[], labels: Record<string, string> = {}): void {
  for (const old of form.querySelectorAll('.champ__erreur')) old.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    const ids = (el.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.startsWith('erreur-'));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  if (errors.length === 0) {
    summary.hidden = true;
    summary.replaceChildren();
    return;
  }
  const items: HTMLElement[] = [];
  for (const e of errors) {
    const field = e.field ? form.querySelector<HTMLElement>(`[name="${CSS.escape(e.field)}"]`) : null;
    const label = labels[e.field] ?? (e.field || 'Formulaire');
    if (field) {
      const id = `erreur-${e.field}`;
      const target = field.closest('fieldset') ?? field.closest('.champ') ?? field.parentElement!;
      const message = h('p', { class: 'champ__erreur', id }, h('span', { class: 'visuellement-cache' }, 'Erreur : '), e.message);
      const legendOrLabel = target.querySelector('legend') ?? target.querySelector('label');
      if (legendOrLabel?.nextSibling) legendOrLabel.after(message);
      else target.prepend(message);
      const inputs = target.tagName === 'FIELDSET' ? [...target.querySelectorAll<HTMLElement>(`[name="${CSS.escape(e.field)}"]`)] : [field];
      for (const input of inputs) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
      }
      items.push(h('li', {}, h('a', { href: `#${field.id}` }, `${label} : ${e.message}`)));
    } else {
      items.push(h('li', {}, e.field ? `${label} : ${e.message}` : e.message));
    }
  }
  summary.hidden = false;
  summary.replaceChildren(h('h2', { id: `${summary.id}-titre` }, errors.length > 1 ? `${errors.length} erreurs à corriger` : 'Une erreur à corriger'), h('ul', {}, ...items));
  summary.focus();
}

export function errorSummary(id: string): HTMLElement {
  const el = h('div', { class: 'resume-erreurs', id, tabindex: '-1', role: 'alert', 'aria-labelledby': `${id}-titre` });
  el.hidden = true;
  return el;
}

/** A group of checkboxes for a vocabulary (slug → label). */
export function checkboxGroup(name: string, legend: string, options: Record<string, string>, checked: readonly string[], idPrefix = name): HTMLFieldSetElement {
  return h(
    'fieldset',
    { class: 'cases' },
    h('legend', {}, legend),
    ...Object.entries(options).map(([slug, label]) => {
      const id = `${idPrefix}-${slug}`;
      return h('div', { class: 'case' }, h('input', { type: 'checkbox', id, name, value: slug, checked: checked.includes(slug) }), h('label', { for: id }, label));
    }),
  );
}

export function checkedValues(form: HTMLFormElement, name: string): string[] {
  return [...form.querySelectorAll<HTMLInputElement>(`input[name="${CSS.escape(name)}"]:checked`)].map((i) => i.value);
}
