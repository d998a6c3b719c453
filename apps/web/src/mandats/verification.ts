import { h } from '../dom';
import type { View } from '../view';
import { fetchVerification, type Verification } from './mandats.api';
import { demarcheLabel, frDate, frDateTime } from './demarches';
import { liveStatus } from './form';

const STATE_TEXT: Record<Verification['statut'], string> = {
  valide: 'Mandat valide',
  a_venir: 'Mandat à venir',
  revoque: 'Mandat révoqué',
  expire: 'Mandat expiré',
};

/** Public page reached by the QR code of a printed mandate: validity and scope, no personal data. */
export function verificationView(token: string): View {
  const status = liveStatus('Vérification du mandat…');
  const result = h('div', { 'aria-busy': 'true' });
  void load(token, status, result);
  // `refresh`: when the session finishes loading, the shell keeps this page instead of fetching again.
  const view: View & { refresh(): void } = {
    refresh: () => undefined,
    title: 'Vérification d’un mandat',
    content: [
      h('h1', { tabindex: '-1' }, 'Vérification d’un mandat'),
      h('p', { class: 'chapo' }, 'Cette page confirme l’état d’un mandat d’aide aux démarches administratives imprimé par PIN. Elle n’affiche aucune donnée personnelle.'),
      status,
      result,
    ],
  };
  return view;
}

async function load(token: string, status: HTMLElement, result: HTMLElement): Promise<void> {
  const res = await fetchVerification(token);
  result.removeAttribute('aria-busy');
  if (!res.ok) {
    status.classList.add('statut--erreur');
    status.textContent =
      res.status === 404 || res.status === 400
        ? 'Ce code de vérification ne correspond à aucun mandat. Vérifiez l’adresse saisie ou scannez à nouveau le QR code.'
        : `Impossible de vérifier ce mandat pour le moment. ${res.message}`;
    return;
  }
  const v = res.data;
  status.textContent = `Vérification terminée : ${STATE_TEXT[v.statut].toLowerCase()}.`;
  status.classList.add('visuellement-cache');
  const current = v.statut === 'valide' || v.statut === 'a_venir';
  const actives = v.demarches.filter((d) => d.active);
  const ended = v.demarches.filter((d) => !d.active);
  result.replaceChildren(
    h(
      'section',
      { class: 'carte verification', 'aria-labelledby': 'etat-mandat' },
      h('h2', { id: 'etat-mandat', class: `verification__etat verification__etat--${v.statut}` }, STATE_TEXT[v.statut]),
      h(
        'dl',
        { class: 'recap' },
        h('dt', {}, 'Période de validité'),
        h('dd', {}, `Du ${frDate(v.debut)} au ${frDate(v.fin)}`),
        v.revoqueLe ? h('dt', {}, 'Révoqué le') : null,
        v.revoqueLe ? h('dd', {}, frDateTime(v.revoqueLe)) : null,
        v.structure ? h('dt', {}, 'Structure') : null,
        v.structure ? h('dd', {}, v.structure) : null,
      ),
      v.statut === 'a_venir' ? h('p', {}, `Le mandat prendra effet le ${frDateTime(v.debut)}.`) : null,
      h('h3', {}, current ? 'Démarches couvertes' : 'Démarches qui étaient couvertes'),
      h('ul', { class: 'liste-simple' }, ...(current ? actives : v.demarches).map((d) => h('li', {}, d.label || demarcheLabel(d.slug)))),
      current && ended.length > 0 ? h('h3', {}, 'Démarches retirées du mandat') : null,
      current && ended.length > 0 ? h('ul', { class: 'liste-simple' }, ...ended.map((d) => h('li', {}, d.label || demarcheLabel(d.slug)))) : null,
      v.empreinte ? h('p', {}, 'Empreinte de l’inscription au journal infalsifiable : ', h('code', { class: 'empreinte' }, v.empreinte)) : null,
      h('p', {}, 'Vérifié le ', frDateTime(v.verifieLe), '.'),
    ),
  );
}
