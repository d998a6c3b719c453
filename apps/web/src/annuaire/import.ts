import { POLICIES } from '@pin/contracts/policies';
import { h } from '../dom';
import type { ViewContext } from '../view';
import { call, get } from './api';
import { importProgressLabel, isImportFailed, isImportFinished, type ImportState } from './import-state';
import { accessGate, liveStatus, pageTitle, setStatus, type AnnuaireView } from './ui';

const POLL_MS = 1000;

interface Doublon {
  id: string;
  score?: number;
  distance_m?: number;
  similarite_nom?: number;
  lieu?: { id: string; nom: string; commune?: string; source?: string };
  doublon_de?: { id: string; nom: string; commune?: string; source?: string };
  [key: string]: unknown;
}

/** Import of lieux (national standard files) with a progress bar and the rejected-rows report; duplicates to review; export links. */
export function importView(ctx: ViewContext): AnnuaireView {
  const title = 'Importer et exporter des lieux';
  const gate = accessGate(ctx, title, POLICIES.import.run);
  if (gate) return gate;

  const file = h('input', { type: 'file', id: 'import-fichier', name: 'fichier', accept: '.csv,.json,text/csv,application/json', required: true, 'aria-describedby': 'aide-fichier' });
  const format = h(
    'select',
    { id: 'import-format', name: 'format' },
    h('option', { value: 'auto', selected: true }, 'Détection automatique'),
    h('option', { value: 'v1.0.2-csv' }, 'Standard v1.0.2 (CSV)'),
    h('option', { value: 'v0.1-csv' }, 'Standard v0.1 (CSV)'),
    h('option', { value: 'v0.1-json' }, 'Standard v0.1 (JSON)'),
  );
  const source = h('input', { type: 'text', id: 'import-source', name: 'source', required: true, value: '', 'aria-describedby': 'aide-source' });
  const send = h('button', { type: 'submit', class: 'bouton' }, 'Importer');
  const formStatus = liveStatus();
  const form = h(
    'form',
    { class: 'carte', novalidate: true, 'aria-labelledby': 'titre-import' },
    h('h2', { id: 'titre-import' }, 'Importer un fichier'),
    h('div', { class: 'champ' }, h('label', { for: file.id }, 'Fichier (obligatoire)'), h('p', { class: 'aide', id: 'aide-fichier' }, 'CSV ou JSON au standard des lieux de médiation numérique, en UTF-8 ou Latin-1.'), file),
    h('div', { class: 'champ' }, h('label', { for: format.id }, 'Format'), format),
    h('div', { class: 'champ' }, h('label', { for: source.id }, 'Nom de la source (obligatoire)'), h('p', { class: 'aide', id: 'aide-source' }, '2 à 40 caractères : minuscules, chiffres, - ou _, ex. hinaura. Un nouvel import de la même source met ses lieux à jour.'), source),
    formStatus,
    h('p', { class: 'action' }, send),
  );

  const progress = h('progress', { id: 'import-progression', max: '100', value: '0' });
  const progressText = liveStatus();
  const report = h('div', {});
  const tracking = h('section', { class: 'carte', 'aria-labelledby': 'titre-suivi' }, h('h2', { id: 'titre-suivi' }, 'Suivi de l’import'), h('label', { for: progress.id }, 'Progression'), progress, progressText, report);
  tracking.hidden = true;

  const doublonsStatus = liveStatus('Chargement des doublons possibles…');
  const doublonsList = h('ul', { class: 'doublons' });
  let doublonsLoads = 0;
  const loadDoublons = async (done = '') => {
    // Only the latest list is shown: the one asked for when the page opened may come back after
    // the one asked for at the end of an import.
    const load = ++doublonsLoads;
    const r = await get<{ items: Doublon[] } | Doublon[]>('/api/v1/doublons?statut=propose&pageSize=100');
    if (load !== doublonsLoads) return;
    if (!r.ok) {
      setStatus(doublonsStatus, `Impossible d’afficher les doublons possibles. ${r.message}`, true);
      return;
    }
    const items = Array.isArray(r.data) ? r.data : (r.data.items ?? []);
    const count = items.length === 0 ? 'Aucun doublon possible à examiner.' : `${items.length} doublon${items.length > 1 ? 's' : ''} possible${items.length > 1 ? 's' : ''} à examiner.`;
    setStatus(doublonsStatus, done ? `${done} ${count}` : count);
    doublonsList.replaceChildren(...items.map((d) => doublonItem(d, doublonsStatus, (message) => void loadDoublons(message))));
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = async (id: string) => {
    const r = await get<ImportState>(`/api/v1/imports/${encodeURIComponent(id)}`);
    if (!tracking.isConnected) return;
    if (!r.ok) {
      setStatus(progressText, `Impossible de suivre l’import. ${r.message}`, true);
      send.disabled = false;
      return;
    }
    const state = r.data;
    progress.value = Math.max(0, Math.min(100, Number(state.progression) || 0));
    progress.textContent = `${progress.value} %`;
    const finished = isImportFinished(state);
    // Announce the start and the end; the bar itself carries the progress in between.
    if (finished || progressText.textContent === '') setStatus(progressText, importProgressLabel(state), isImportFailed(state));
    report.replaceChildren(...importReport(state));
    if (finished) {
      send.disabled = false;
      void loadDoublons();
    } else timer = setTimeout(() => void poll(id), POLL_MS);
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      setStatus(formStatus, 'Choisissez un fichier à importer.', true);
      file.focus();
      return;
    }
    if (!/^[a-z0-9][a-z0-9_-]{1,39}$/.test(source.value.trim().toLowerCase())) {
      setStatus(formStatus, 'Le nom de la source doit comporter de 2 à 40 caractères : lettres minuscules, chiffres, - ou _ (ex. hinaura).', true);
      source.focus();
      return;
    }
    clearTimeout(timer);
    send.disabled = true;
    setStatus(formStatus, 'Envoi du fichier…');
    const json = /\.json$/i.test(chosen.name) || chosen.type === 'application/json';
    const query = new URLSearchParams({ format: format.value, source: source.value.trim().toLowerCase(), filename: chosen.name.slice(0, 200) });
    // The bytes as they are (the directory detects UTF-8 or Latin-1), JSON included.
    const r = await call<{ id: string }>('POST', `/api/v1/imports?${query.toString()}`, chosen, json ? 'application/octet-stream' : 'text/csv');
    if (!r.ok) {
      send.disabled = false;
      setStatus(formStatus, `L’import n’a pas pu démarrer. ${r.message}`, true);
      return;
    }
    setStatus(formStatus, 'Fichier envoyé : l’import est en cours.');
    tracking.hidden = false;
    progress.value = 0;
    setStatus(progressText, '');
    report.replaceChildren();
    void poll(r.data.id);
  });

  const exports = h(
    'section',
    { class: 'carte', 'aria-labelledby': 'titre-export' },
    h('h2', { id: 'titre-export' }, 'Exporter les lieux'),
    h('p', {}, 'Exports publics, au standard national et au format data.inclusion :'),
    h(
      'ul',
      {},
      h('li', {}, h('a', { href: '/api/v1/export/lieux.csv', download: true }, 'Lieux au standard v1.0.2 (CSV)')),
      h('li', {}, h('a', { href: '/api/v1/export/lieux.json', download: true }, 'Lieux au standard v1.0.2 (JSON)')),
      h('li', {}, h('a', { href: '/api/v1/export/data-inclusion/structures.json', download: true }, 'Structures data.inclusion (JSON)')),
      h('li', {}, h('a', { href: '/api/v1/export/data-inclusion/services.json', download: true }, 'Services data.inclusion (JSON)')),
    ),
  );
  void loadDoublons();
  return {
    title,
    content: [
      pageTitle(title),
      form,
      tracking,
      h('section', { class: 'carte', 'aria-labelledby': 'titre-doublons' }, h('h2', { id: 'titre-doublons' }, 'Doublons possibles à examiner'), doublonsStatus, doublonsList),
      exports,
    ],
  };
}

function importReport(state: ImportState): Node[] {
  const out: Node[] = [];
  const rejets = Array.isArray(state.rejetes) ? state.rejetes : [];
  out.push(
    h(
      'dl',
      { class: 'details' },
      h('dt', {}, 'Lignes lues'), h('dd', {}, String(state.total ?? '—')),
      h('dt', {}, 'Lieux importés'), h('dd', {}, String(state.importes ?? 0)),
      ...(state.crees !== undefined ? [h('dt', {}, 'dont créés'), h('dd', {}, String(state.crees)), h('dt', {}, 'dont mis à jour'), h('dd', {}, String(state.mis_a_jour ?? 0))] : []),
      h('dt', {}, 'Lignes rejetées'), h('dd', {}, String(state.rejetes_total ?? rejets.length)),
      h('dt', {}, 'Doublons possibles'), h('dd', {}, String(Array.isArray(state.doublons) ? state.doublons.length : (state.doublons ?? 0))),
    ),
  );
  if (rejets.length) {
    out.push(
      h(
        'div',
        { class: 'tableau-defilant' },
        h(
          'table',
          {},
          h('caption', {}, 'Lignes rejetées et pourquoi'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Ligne'), h('th', { scope: 'col' }, 'Motif du rejet'))),
          h('tbody', {}, ...rejets.map((row) => h('tr', {}, h('th', { scope: 'row' }, String(row.ligne)), h('td', {}, row.motif)))),
        ),
      ),
    );
  }
  return out;
}

function doublonItem(d: Doublon, status: HTMLElement, reload: (done: string) => void): HTMLElement {
  const a = d.lieu;
  const b = d.doublon_de;
  const describe = (l: Doublon['lieu']) => (l ? h('a', { href: `/lieux/${encodeURIComponent(l.id)}`, 'data-lien': true }, `${l.nom}${l.commune ? ` (${l.commune})` : ''}${l.source ? ` — source ${l.source}` : ''}`) : '—');
  const act = (decision: 'fusionner' | 'distincts', text: string) => {
    const pair = h('span', { class: 'visuellement-cache' }, ` : ${a?.nom ?? '—'} et ${b?.nom ?? '—'}`);
    const button = h('button', { type: 'button', class: decision === 'fusionner' ? 'bouton' : 'bouton bouton--secondaire' }, text, pair);
    button.addEventListener('click', async () => {
      button.disabled = true;
      const r = await call<unknown>('POST', `/api/v1/doublons/${encodeURIComponent(d.id)}`, { decision });
      button.disabled = false;
      if (!r.ok) return setStatus(status, r.message, true);
      reload(decision === 'fusionner' ? 'Lieux fusionnés.' : 'Lieux marqués comme distincts.');
    });
    return button;
  };
  return h(
    'li',
    { class: 'carte' },
    h('p', {}, describe(a), ' et ', describe(b), d.distance_m !== undefined ? ` — à ${Math.round(d.distance_m)} m l’un de l’autre` : ''),
    h('p', { class: 'action' }, act('fusionner', 'Fusionner'), act('distincts', 'Ce sont deux lieux distincts')),
    h('p', { class: 'aide' }, 'Fusionner ferme le premier lieu et garde le second.'),
  );
}
