import { h } from '../dom';

/** Accessible form pieces: labels tied to inputs, inline errors, and an error summary that takes focus. */

export interface FieldError {
  /** id of the input (or of the fieldset's first input) the error is about. */
  field: string;
  message: string;
}

export interface Field<T extends HTMLInputElement | HTMLSelectElement = HTMLInputElement> {
  root: HTMLElement;
  input: T;
  setError(message: string | null): void;
}

function fieldError(root: HTMLElement, input: HTMLElement, id: string, hintId?: string) {
  const error = h('p', { class: 'champ__erreur', id: `${id}-erreur`, hidden: true });
  root.append(error);
  return (message: string | null) => {
    error.hidden = message === null;
    error.textContent = message ? `Erreur : ${message}` : '';
    root.classList.toggle('champ--erreur', message !== null);
    if (message === null) input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
    const described = [hintId, message === null ? undefined : error.id].filter(Boolean).join(' ');
    if (described) input.setAttribute('aria-describedby', described);
    else input.removeAttribute('aria-describedby');
  };
}

export function textField(id: string, label: string, opts: { type?: string; hint?: string; required?: boolean; autocomplete?: string; value?: string; inputmode?: string } = {}): Field {
  const input = h('input', {
    id,
    name: id,
    type: opts.type ?? 'text',
    autocomplete: opts.autocomplete ?? 'off',
    required: opts.required,
    inputmode: opts.inputmode,
    'aria-describedby': opts.hint ? `${id}-aide` : undefined,
  });
  if (opts.value) input.value = opts.value;
  const root = h(
    'div',
    { class: 'champ' },
    h('label', { for: id }, label, opts.required ? '' : h('span', { class: 'champ__facultatif' }, ' (facultatif)')),
    opts.hint ? h('p', { class: 'champ__aide', id: `${id}-aide` }, opts.hint) : null,
    input,
  );
  return { root, input, setError: fieldError(root, input, id, opts.hint ? `${id}-aide` : undefined) };
}

export function selectField(id: string, label: string, options: Array<{ value: string; label: string }>): Field<HTMLSelectElement> {
  const select = h('select', { id, name: id }, ...options.map((o) => h('option', { value: o.value }, o.label)));
  const root = h('div', { class: 'champ' }, h('label', { for: id }, label), select);
  return { root, input: select, setError: fieldError(root, select, id) };
}

/** A fieldset whose legend names a group of checkboxes or radios; errors are announced with the group. */
export function choiceGroup(
  name: string,
  legend: string,
  type: 'checkbox' | 'radio',
  choices: Array<{ value: string; label: string; hint?: string; checked?: boolean }>,
  hint?: string,
): { root: HTMLFieldSetElement; inputs: HTMLInputElement[]; firstId: string; setError(message: string | null): void; values(): string[] } {
  const inputs: HTMLInputElement[] = [];
  const items = choices.map((c, i) => {
    const id = `${name}-${i}`;
    const input = h('input', { type, id, name, value: c.value, checked: c.checked, 'aria-describedby': c.hint ? `${id}-aide` : undefined });
    inputs.push(input);
    return h('div', { class: 'choix' }, input, h('label', { for: id }, c.label), c.hint ? h('p', { class: 'champ__aide', id: `${id}-aide` }, c.hint) : null);
  });
  const error = h('p', { class: 'champ__erreur', id: `${name}-erreur`, hidden: true });
  const root = h(
    'fieldset',
    { class: 'groupe', 'aria-describedby': hint ? `${name}-aide` : undefined },
    h('legend', {}, legend),
    hint ? h('p', { class: 'champ__aide', id: `${name}-aide` }, hint) : null,
    error,
    ...items,
  );
  return {
    root,
    inputs,
    firstId: `${name}-0`,
    setError(message) {
      error.hidden = message === null;
      error.textContent = message ? `Erreur : ${message}` : '';
      root.classList.toggle('groupe--erreur', message !== null);
      root.setAttribute('aria-describedby', [hint ? `${name}-aide` : '', message ? error.id : ''].filter(Boolean).join(' ') || `${name}-erreur`);
      if (!message && !hint) root.removeAttribute('aria-describedby');
    },
    values: () => inputs.filter((i) => i.checked).map((i) => i.value),
  };
}

/**
 * The summary above a form: its title and one link per error, moved into focus so that screen
 * readers read it at once; each link puts the focus on the faulty field.
 */
export function errorSummary(): { root: HTMLElement; show(errors: FieldError[], title?: string): void; clear(): void } {
  const list = h('ul', {});
  const heading = h('h2', { id: `resume-erreurs-${Math.random().toString(36).slice(2, 8)}` });
  const root = h('div', { class: 'resume-erreurs', tabindex: '-1', hidden: true }, heading, list);
  root.setAttribute('aria-labelledby', heading.id);
  return {
    root,
    show(errors, title = errors.length > 1 ? `Le formulaire contient ${errors.length} erreurs` : 'Le formulaire contient une erreur') {
      heading.textContent = title;
      list.replaceChildren(
        ...errors.map((e) => {
          const link = h('a', { href: `#${e.field}` }, e.message);
          link.addEventListener('click', (event) => {
            event.preventDefault();
            document.getElementById(e.field)?.focus();
          });
          return h('li', {}, e.field ? link : e.message);
        }),
      );
      root.hidden = false;
      root.setAttribute('role', 'alert');
      root.focus();
    },
    clear() {
      root.hidden = true;
      root.removeAttribute('role');
      list.replaceChildren();
    },
  };
}

/** A polite live region for progress and results (« Mandat créé »). */
export function liveStatus(initial = ''): HTMLElement {
  return h('p', { class: 'statut', role: 'status', 'aria-live': 'polite' }, initial);
}

export function button(label: string, onClick: () => void, variant: 'principal' | 'secondaire' | 'danger' = 'principal'): HTMLButtonElement {
  const b = h('button', { type: 'button', class: variant === 'principal' ? 'bouton' : `bouton bouton--${variant}` }, label);
  b.addEventListener('click', onClick);
  return b;
}
