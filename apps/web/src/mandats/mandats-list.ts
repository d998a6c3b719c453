import { h } from '../dom';
import { attestationUrl, revocationUrl, revokeAutorisation, revokeMandat, type JournalEntry, type Mandat } from './mandats.api';
import { demarcheLabel, frDate, frDateTime } from './demarches';
import { liveStatus } from './form';
import { idempotencyKey } from './http';
import { badge } from './page';

/**
 * The mandates of one usager, as cards: scope, dates, status, attestation and revocation. Used by
 * the aidant's usager page and by the usager's own space (`asUsager`).
 */
export function mandatsSection(load: () => Promise<{ ok: true; data: { items: Mandat[] } } | { ok: false; message: string }>, opts: { asUsager: boolean; onChange?: () => void }): HTMLElement {
  const status = liveStatus('Chargement des mandats…');
  const list = h('div', { 'aria-busy': 'true' });
  const section = h('section', { class: 'carte', 'aria-labelledby': 'titre-mandats' }, h('h2', { id: 'titre-mandats' }, opts.asUsager ? 'Mes mandats' : 'Mandats'), status, list);
  const refresh = async (message?: string) => {
    const res = await load();
    list.removeAttribute('aria-busy');
    if (!res.ok) {
      status.classList.add('statut--erreur');
      status.textContent = `Impossible d’afficher les mandats. ${res.message}`;
      return;
    }
    const items = res.data.items;
    status.textContent = message ?? (items.length === 0 ? (opts.asUsager ? 'Vous n’avez aucun mandat.' : 'Aucun mandat pour cet usager.') : '');
    list.replaceChildren(...items.map((m) => card(m, opts.asUsager, async (msg) => {
      await refresh(msg);
      opts.onChange?.();
    })));
  };
  void refresh();
  return section;
}

function card(m: Mandat, asUsager: boolean, changed: (message: string) => Promise<void>): HTMLElement {
  const titleId = `mandat-${m.id}`;
  const active = m.statut === 'valide' || m.statut === 'a_venir';
  const actions = h('div', { class: 'actions' });
  actions.append(h('a', { href: attestationUrl(m.id), download: `mandat-${m.id}.pdf` }, 'Attestation du mandat (PDF)', h('span', { class: 'visuellement-cache' }, ` du ${frDate(m.debut)}`)));
  if (m.statut === 'revoque' || m.demarches.some((d) => d.statut === 'revoquee')) {
    actions.append(h('a', { href: revocationUrl(m.id), download: `revocation-${m.id}.pdf` }, 'Attestation de révocation (PDF)', h('span', { class: 'visuellement-cache' }, ` du mandat du ${frDate(m.debut)}`)));
  }
  const revokeArea = h('div', {});
  if (active) {
    const open = h('button', { type: 'button', class: 'bouton bouton--danger', 'aria-expanded': 'false', 'aria-controls': `revocation-${m.id}` }, 'Révoquer ce mandat', h('span', { class: 'visuellement-cache' }, ` du ${frDate(m.debut)}`));
    open.addEventListener('click', () => {
      const expanded = open.getAttribute('aria-expanded') === 'true';
      open.setAttribute('aria-expanded', String(!expanded));
      revokeArea.hidden = expanded;
      if (!expanded) revokeArea.querySelector<HTMLElement>('h4')?.focus();
    });
    actions.append(open);
    revokeArea.hidden = true;
    revokeArea.id = `revocation-${m.id}`;
    revokeArea.append(revokeForm(m, asUsager, changed));
  }
  return h(
    'article',
    { class: 'carte', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, `Mandat du ${frDate(m.debut)} `, badge(m.statut)),
    h(
      'dl',
      { class: 'recap' },
      m.structure.nom ? h('dt', {}, 'Structure') : null,
      m.structure.nom ? h('dd', {}, m.structure.nom) : null,
      !asUsager && m.creePar ? h('dt', {}, 'Établi par') : null,
      !asUsager && m.creePar ? h('dd', {}, m.creePar.nom ?? m.creePar.username) : null,
      h('dt', {}, 'Validité'),
      h('dd', {}, `Du ${frDateTime(m.debut)} au ${frDateTime(m.fin)}`),
      m.revoqueLe ? h('dt', {}, 'Révoqué le') : null,
      m.revoqueLe ? h('dd', {}, frDateTime(m.revoqueLe)) : null,
      h('dt', {}, 'Démarches'),
      h('dd', {}, h('ul', { class: 'liste-simple' }, ...m.demarches.map((d) => h('li', {}, d.label || demarcheLabel(d.slug), ...(ownStatus(m, d.statut) ? [' — ', badge(d.statut)] : []))))),
    ),
    actions,
    revokeArea,
  );
}

/** A démarche's status is worth showing when it differs from its mandate's (one revoked in a valid mandate). */
function ownStatus(m: Mandat, statut: Mandat['demarches'][number]['statut']): boolean {
  const same: Record<Mandat['statut'], string> = { valide: 'active', a_venir: 'a_venir', revoque: 'revoquee', expire: 'expiree' };
  return statut !== same[m.statut];
}

/** Whole mandate, or some of its démarches; confirmed by a second click on a clearly named button. */
function revokeForm(m: Mandat, asUsager: boolean, changed: (message: string) => Promise<void>): HTMLElement {
  const active = m.demarches.filter((d) => d.statut === 'active' || d.statut === 'a_venir');
  const name = `portee-${m.id}`;
  const whole = h('input', { type: 'radio', name, id: `${name}-tout`, value: 'tout', checked: true });
  const some = active.map((d, i) => h('input', { type: 'checkbox', id: `${name}-${i}`, value: d.slug, disabled: true }));
  const part = h('input', { type: 'radio', name, id: `${name}-partie`, value: 'partie' });
  const toggle = () => some.forEach((c) => (c.disabled = !part.checked));
  whole.addEventListener('change', toggle);
  part.addEventListener('change', toggle);
  const status = liveStatus();
  const submit = h('button', { type: 'submit', class: 'bouton bouton--danger' }, 'Confirmer la révocation');
  const key = idempotencyKey();
  const form = h(
    'form',
    { novalidate: true },
    h('h4', { tabindex: '-1' }, 'Révoquer le mandat'),
    h('p', {}, asUsager ? 'La révocation prend effet immédiatement : la structure ne pourra plus agir en votre nom pour les démarches révoquées.' : 'La révocation prend effet immédiatement. Elle est inscrite au journal de la personne.'),
    h(
      'fieldset',
      { class: 'groupe' },
      h('legend', {}, 'Que voulez-vous révoquer ?'),
      h('div', { class: 'choix' }, whole, h('label', { for: whole.id }, 'Tout le mandat')),
      active.length > 1 ? h('div', { class: 'choix' }, part, h('label', { for: part.id }, 'Seulement certaines démarches')) : null,
      active.length > 1
        ? h('fieldset', { class: 'groupe' }, h('legend', {}, 'Démarches à révoquer'), ...active.map((d, i) => h('div', { class: 'choix' }, some[i], h('label', { for: some[i].id }, d.label || demarcheLabel(d.slug)))))
        : null,
    ),
    submit,
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const slugs = some.filter((c) => c.checked).map((c) => c.value);
    if (part.checked && slugs.length === 0) {
      status.classList.add('statut--erreur');
      status.textContent = 'Cochez au moins une démarche à révoquer.';
      some[0]?.focus();
      return;
    }
    submit.disabled = true;
    status.classList.remove('statut--erreur');
    status.textContent = 'Révocation en cours…';
    const call = part.checked && slugs.length < active.length ? revokeAutorisation(m.id, slugs, key) : revokeMandat(m.id, key);
    void call.then(async (res) => {
      submit.disabled = false;
      if (!res.ok) {
        status.classList.add('statut--erreur');
        status.textContent = `La révocation a échoué. ${res.message}`;
        return;
      }
      await changed(part.checked && slugs.length < active.length ? 'Démarches révoquées. L’attestation de révocation est disponible.' : 'Mandat révoqué. L’attestation de révocation est disponible.');
    });
  });
  return form;
}

const ACTION_LABELS: Record<string, string> = {
  'mandat.cree': 'Mandat créé',
  'mandat.renouvele': 'Mandat renouvelé',
  'mandat.revoque': 'Mandat révoqué',
  'mandat.expire': 'Mandat expiré',
  'autorisation.creee': 'Autorisation créée',
  'autorisation.utilisee': 'Autorisation utilisée',
  'autorisation.revoquee': 'Autorisation révoquée',
  'autorisation.refusee': 'Demande refusée',
  'usager.consulte': 'Fiche consultée',
  'usager.modifie': 'Fiche modifiée',
};

/** The usager's journal: every use of their mandates, as a table. */
export function journalSection(load: () => Promise<{ ok: true; data: { items: JournalEntry[] } } | { ok: false; message: string }>, title = 'Journal'): { root: HTMLElement; refresh(): Promise<void> } {
  const status = liveStatus('Chargement du journal…');
  const body = h('div', {});
  const root = h('section', { class: 'carte', 'aria-labelledby': 'titre-journal' }, h('h2', { id: 'titre-journal' }, title), h('p', {}, 'Chaque action faite avec un mandat est inscrite dans ce journal, qui ne peut être ni modifié ni effacé.'), status, body);
  const refresh = async () => {
    const res = await load();
    if (!res.ok) {
      status.classList.add('statut--erreur');
      status.textContent = `Impossible d’afficher le journal. ${res.message}`;
      return;
    }
    const items = res.data.items;
    status.textContent = items.length ? '' : 'Le journal est vide.';
    body.replaceChildren(
      items.length
        ? h(
            'div',
            { class: 'tableau-defilant' },
            h(
              'table',
              { class: 'journal' },
              h('caption', {}, items.length === 1 ? 'Une entrée, la plus récente en premier' : `${items.length} entrées, les plus récentes en premier`),
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Action'), h('th', { scope: 'col' }, 'Par'), h('th', { scope: 'col' }, 'Détail'))),
              h(
                'tbody',
                {},
                ...items.map((e) =>
                  h('tr', {}, h('td', {}, frDateTime(e.date)), h('th', { scope: 'row' }, e.libelle ?? ACTION_LABELS[e.action] ?? e.action), h('td', {}, e.acteur ?? '—'), h('td', {}, [e.demarche ? demarcheLabel(e.demarche) : '', e.detail ?? ''].filter(Boolean).join(' — ') || '—')),
                ),
              ),
            ),
          )
        : '',
    );
  };
  void refresh();
  return { root, refresh };
}
