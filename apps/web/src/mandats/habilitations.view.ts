import { allows, POLICIES } from '@pin/contracts/policies';
import { h } from '../dom';
import type { View } from '../view';
import { fetchHabilitations, requestHabilitation, decideHabilitation, type Habilitation } from './mandats.api';
import { frDateTime } from './demarches';
import { errorSummary, liveStatus, textField, type FieldError } from './form';
import { idempotencyKey } from './http';
import { pageTitle, structureChoice } from './page';

const STATUS_LABELS: Record<string, string> = { demandee: 'Demandée', accordee: 'Accordée', refusee: 'Refusée', retiree: 'Retirée' };

/** Référent: ask for an aidant's habilitation; animateur: grant or refuse the requests. */
export function habilitationsView(roles: string[], structures: string[]): View {
  const isReferent = roles.includes('referent');
  const isAnimateur = allows({ roles }, POLICIES.habilitation.grant);
  const list = listSection(isAnimateur);
  return {
    title: 'Habilitations des aidants',
    content: [
      pageTitle('Habilitations des aidants'),
      h('p', { class: 'chapo' }, 'Seul un aidant habilité peut établir des mandats. Le référent de la structure demande l’habilitation ; l’animateur du réseau la valide.'),
      isReferent ? requestSection(structures, () => void list.refresh()) : null,
      list.root,
    ].filter((n): n is HTMLElement => n !== null),
  };
}

function checkbox(id: string, label: string): { root: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { type: 'checkbox', id });
  return { root: h('div', { class: 'choix' }, input, h('label', { for: id }, label)), input };
}

function requestSection(structures: string[], done: () => void): HTMLElement {
  const summary = errorSummary();
  const structure = structureChoice('habilitation-structure', structures);
  const aidant = textField('habilitation-aidant', 'Identifiant de l’aidant', { hint: 'Son identifiant de connexion PIN, par exemple « aidant ».', required: true });
  const aidantNom = textField('habilitation-aidant-nom', 'Nom et prénom de l’aidant', { autocomplete: 'off' });
  const charte = checkbox('habilitation-charte', 'L’aidant a signé la charte de l’aidant.');
  const formation = checkbox('habilitation-formation', 'L’aidant a suivi la formation Aidants Connect.');
  const status = liveStatus();
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'titre-demande' },
    summary.root,
    structure?.root ?? null,
    aidant.root,
    aidantNom.root,
    h('fieldset', { class: 'groupe', 'aria-describedby': 'habilitation-prerequis-aide' }, h('legend', {}, 'Prérequis'), h('p', { class: 'champ__aide', id: 'habilitation-prerequis-aide' }, 'L’animateur ne peut accorder l’habilitation que lorsque les deux sont remplis.'), charte.root, formation.root),
    h('button', { type: 'submit', class: 'bouton' }, 'Demander l’habilitation'),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const errors: FieldError[] = [];
    const username = aidant.input.value.trim();
    aidant.setError(username ? null : 'Indiquez l’identifiant de l’aidant.');
    if (!username) errors.push({ field: aidant.input.id, message: 'Indiquez l’identifiant de l’aidant.' });
    if (errors.length) {
      summary.show(errors);
      return;
    }
    summary.clear();
    status.textContent = 'Envoi de la demande…';
    void requestHabilitation({ structureId: structure?.value() ?? structures[0], aidant: username, aidantNom: aidantNom.input.value.trim() || undefined, charteSignee: charte.input.checked, formationSuivie: formation.input.checked }, idempotencyKey()).then((res) => {
      if (!res.ok) {
        status.textContent = '';
        summary.show([{ field: aidant.input.id, message: res.message }], 'La demande n’a pas été envoyée');
        return;
      }
      status.textContent = 'Demande envoyée à l’animateur du réseau.';
      aidant.input.value = '';
      aidantNom.input.value = '';
      charte.input.checked = false;
      formation.input.checked = false;
      done();
    });
  });
  return h('section', { class: 'carte', 'aria-labelledby': 'titre-demande' }, h('h2', { id: 'titre-demande' }, 'Demander une habilitation'), form);
}

function listSection(canDecide: boolean): { root: HTMLElement; refresh(): Promise<void> } {
  const status = liveStatus('Chargement des habilitations…');
  const body = h('div', {});
  const root = h('section', { class: 'carte', 'aria-labelledby': 'titre-liste-habilitations' }, h('h2', { id: 'titre-liste-habilitations' }, 'Demandes et habilitations'), status, body);
  const refresh = async (message?: string) => {
    const res = await fetchHabilitations();
    if (!res.ok) {
      status.classList.add('statut--erreur');
      status.textContent = `Impossible d’afficher les habilitations. ${res.message}`;
      return;
    }
    const items = res.data.items;
    status.textContent = message ?? (items.length ? '' : 'Aucune demande d’habilitation.');
    body.replaceChildren(items.length ? table(items, canDecide, refresh) : '');
  };
  void refresh();
  return { root, refresh: () => refresh() };
}

function table(items: Habilitation[], canDecide: boolean, refresh: (message?: string) => Promise<void>): HTMLElement {
  const decide = (hab: Habilitation, decision: 'accorder' | 'refuser' | 'retirer', motif?: string) => {
    void decideHabilitation(hab.id, decision, idempotencyKey(), motif).then((res) =>
      refresh(res.ok ? `Habilitation de ${hab.aidant.nom ?? hab.aidant.username} : ${decision === 'accorder' ? 'accordée' : decision === 'refuser' ? 'refusée' : 'retirée'}.` : `L’action a échoué. ${res.message}`),
    );
  };
  const actionButton = (hab: Habilitation, decision: 'accorder' | 'refuser' | 'retirer', label: string, danger = false) => {
    const b = h('button', { type: 'button', class: danger ? 'bouton bouton--danger' : 'bouton' }, label, h('span', { class: 'visuellement-cache' }, ` : ${hab.aidant.nom ?? hab.aidant.username}`));
    b.addEventListener('click', () => (decision === 'refuser' ? b.closest('td')?.replaceChildren(refusalForm(hab, (motif) => decide(hab, 'refuser', motif), () => void refresh())) : decide(hab, decision)));
    return b;
  };
  return h(
    'div',
    { class: 'tableau-defilant' },
    h(
      'table',
      {},
      h('caption', {}, `${items.length} habilitation${items.length > 1 ? 's' : ''}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Aidant'), h('th', { scope: 'col' }, 'Structure'), h('th', { scope: 'col' }, 'État'), h('th', { scope: 'col' }, 'Prérequis'), h('th', { scope: 'col' }, 'Demandée le'), canDecide ? h('th', { scope: 'col' }, 'Actions') : null)),
      h(
        'tbody',
        {},
        ...items.map((hab) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, hab.aidant.nom ?? hab.aidant.username),
            h('td', {}, hab.structure?.nom ?? hab.structureId),
            h('td', {}, STATUS_LABELS[hab.statut] ?? hab.statut, hab.motif ? ` (${hab.motif})` : ''),
            h('td', {}, `Charte ${hab.charteSignee ? 'signée' : 'non signée'} ; formation ${hab.formationSuivie ? 'suivie' : 'non suivie'}`),
            h('td', {}, frDateTime(hab.demandeeLe)),
            canDecide
              ? h(
                  'td',
                  {},
                  h(
                    'div',
                    { class: 'actions' },
                    hab.statut === 'demandee' ? actionButton(hab, 'accorder', 'Accorder') : null,
                    hab.statut === 'demandee' ? actionButton(hab, 'refuser', 'Refuser', true) : null,
                    hab.statut === 'accordee' ? actionButton(hab, 'retirer', 'Retirer', true) : null,
                  ),
                )
              : null,
          ),
        ),
      ),
    ),
  );
}

/** A refusal says why (the referent reads it): the reason is asked in place of the buttons. */
function refusalForm(hab: Habilitation, confirm: (motif: string) => void, cancel: () => void): HTMLElement {
  const who = hab.aidant.nom ?? hab.aidant.username;
  const motif = textField(`motif-refus-${hab.id}`, `Motif du refus pour ${who}`, { hint: 'Il est communiqué au référent de la structure.', required: true });
  const form = h('form', { novalidate: true, class: 'refus' }, motif.root, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'bouton bouton--danger' }, 'Confirmer le refus'), h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Annuler')));
  form.querySelector<HTMLButtonElement>('button[type=button]')?.addEventListener('click', cancel);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = motif.input.value.trim();
    if (!value) {
      motif.setError('Indiquez le motif du refus.');
      motif.input.focus();
      return;
    }
    confirm(value);
  });
  queueMicrotask(() => motif.input.focus());
  return form;
}
