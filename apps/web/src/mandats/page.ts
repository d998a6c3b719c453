import { h } from '../dom';
import { choiceGroup } from './form';

export const pageTitle = (text: string) => h('h1', { tabindex: '-1' }, text);

/** In-app navigation: the shell (main.ts) re-renders on popstate and moves the focus to the new h1. */
export function navigate(path: string): void {
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** Aidants cannot list structures: a structure is named by the start of its identifier. */
export function structureLabel(id: string): string {
  return `Structure ${id.slice(0, 8)}`;
}

export interface StructureOption {
  id: string;
  nom: string;
}

/** The structure the aidant acts for: asked only when they belong to several. */
export function structureChoice(name: string, structures: Array<string | StructureOption>): { root: HTMLElement; value(): string | undefined } | null {
  if (structures.length < 2) return null;
  const options = structures.map((s) => (typeof s === 'string' ? { id: s, nom: structureLabel(s) } : s));
  const current = sessionStorage.getItem('pin.mandats.structure');
  const group = choiceGroup(
    name,
    'Structure pour laquelle vous agissez',
    'radio',
    options.map((s, i) => ({ value: s.id, label: s.nom, checked: current ? s.id === current : i === 0 })),
  );
  return { root: group.root, value: () => group.values()[0] };
}

/** Status of a mandate (valide, a_venir…) or of one of its démarches (active, revoquee…). */
export function badge(statut: string): HTMLElement {
  const text: Record<string, [string, string]> = {
    valide: ['Valide', 'valide'],
    active: ['Active', 'valide'],
    a_venir: ['À venir', 'avenir'],
    revoque: ['Révoqué', 'revoque'],
    revoquee: ['Révoquée', 'revoque'],
    expire: ['Expiré', 'expire'],
    expiree: ['Expirée', 'expire'],
  };
  const [label, kind] = text[statut] ?? [statut, 'expire'];
  return h('span', { class: `badge badge--${kind}` }, label);
}

export function errorParagraph(message: string): HTMLElement {
  return h('p', { class: 'statut statut--erreur' }, message);
}
