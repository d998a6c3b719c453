import { h } from '../dom';
import type { ViewContext } from '../view';
import { fetchPublicConfig, get, type CommuneSummary, type LieuSummary, type PageOf } from './api';
import type { MapHandle } from './carte-map';
import {
  activeFilterCount, countLabel, distanceLabel, emptySearch, labelsOf, openLabel, pageCount, searchFromUrl, searchToApi, searchToUrl, type FilterList, type SearchState,
} from './format';
import { loadCatalogues, type Catalogues } from './referentiels';
import { badge, checkboxGroup, checkedValues, liveStatus, pageTitle, setStatus, type AnnuaireView } from './ui';

const PAGE_SIZE = 20;
/** The map shows the 100 results around the list's page (the most the API gives at once). */
const MAP_PAGE_SIZE = 100;

const FILTER_GROUPS: { name: FilterList; legend: string; field: keyof Catalogues['vocab'] }[] = [
  { name: 'services', legend: 'Services proposés', field: 'services' },
  { name: 'publics', legend: 'Publics accueillis en particulier', field: 'publics_specifiquement_adresses' },
  { name: 'prise_en_charge', legend: 'Prise en charge spécifique', field: 'prise_en_charge_specifique' },
  { name: 'frais', legend: 'Frais à charge', field: 'frais_a_charge' },
  { name: 'modalites_acces', legend: 'Modalités d’accès', field: 'modalites_acces' },
  { name: 'modalites_accompagnement', legend: 'Modalités d’accompagnement', field: 'modalites_accompagnement' },
];

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Public home: search form, list of results (primary content) and the clustered map beside it. */
export function carteView(ctx: ViewContext): AnnuaireView {
  let state = searchFromUrl(location.search);
  let map: MapHandle | undefined;
  let mapPage = 0;
  let catalogues: Catalogues | undefined;
  let lastItems: LieuSummary[] = [];
  let searchId = 0;

  const invite = h('p', { class: 'action' });
  const fillInvite = (c: ViewContext) => {
    invite.replaceChildren();
    if (c.session.state === 'signedOut') invite.append('Vous avez signé un mandat avec un aidant, ou vous accompagnez des personnes ? ', h('a', { href: '/app/connexion' }, 'Se connecter ou créer son compte'));
    if (c.session.state === 'signedIn') invite.append(h('a', { class: 'bouton', href: '/app', 'data-lien': true }, 'Accéder à mon espace'));
    if (c.session.state === 'error') {
      const retry = h('button', { type: 'button', class: 'bouton' }, 'Réessayer');
      retry.addEventListener('click', c.retry);
      invite.append(retry);
    }
    invite.hidden = invite.childNodes.length === 0;
  };
  fillInvite(ctx);

  // ---- search form
  const q = h('input', { type: 'search', id: 'recherche-q', name: 'q', value: state.q, autocomplete: 'off', maxlength: '100' });
  const communeList = h('datalist', { id: 'recherche-communes' });
  const commune = h('input', {
    type: 'text', id: 'recherche-commune', name: 'commune', list: 'recherche-communes', autocomplete: 'off',
    value: state.commune ? `${state.communeNom || 'Commune'} (${state.commune})` : '', 'aria-describedby': 'aide-commune',
  });
  const communesByLabel = new Map<string, CommuneSummary>();
  let communeTimer: ReturnType<typeof setTimeout> | undefined;
  commune.addEventListener('input', () => {
    clearTimeout(communeTimer);
    const text = commune.value.trim();
    if (text.length < 2 || /\(\w{5}\)$/.test(text)) return;
    communeTimer = setTimeout(async () => {
      const r = await get<CommuneSummary[]>(`/api/v1/communes?q=${encodeURIComponent(text)}&limit=10`);
      if (!r.ok || !Array.isArray(r.data)) return;
      communeList.replaceChildren(
        ...r.data.map((c) => {
          const label = `${c.nom} (${c.code_insee})`;
          communesByLabel.set(label, c);
          return h('option', { value: label });
        }),
      );
    }, 250);
  });

  const ouvertRadios = (['indifferent', 'maintenant', 'le'] as const).map((v) =>
    h('input', { type: 'radio', name: 'ouvert', id: `ouvert-${v}`, value: v, checked: state.ouvert === v }),
  );
  const date = h('input', { type: 'date', id: 'ouvert-date', name: 'date', value: state.date || today() });
  const heure = h('input', { type: 'time', id: 'ouvert-heure', name: 'heure', value: state.heure || '10:00', step: '900' });
  const syncOuvert = () => {
    const le = ouvertRadios[2].checked;
    date.disabled = !le;
    heure.disabled = !le;
  };
  for (const r of ouvertRadios) r.addEventListener('change', syncOuvert);
  syncOuvert();

  const pointStatus = h('p', { class: 'aide', id: 'point-statut', 'aria-live': 'polite' });
  const clearPoint = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Ne plus trier par distance');
  const showPoint = () => {
    const has = state.lat !== null && state.lon !== null;
    pointStatus.textContent = has ? 'Les lieux sont triés du plus proche au plus éloigné du point choisi.' : 'Aucun point choisi : les lieux ne sont pas triés par distance.';
    clearPoint.hidden = !has;
    map?.setPoint(state.lat, state.lon);
  };
  const geoButton = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Autour de moi');
  geoButton.addEventListener('click', () => {
    if (!('geolocation' in navigator)) {
      pointStatus.textContent = 'Votre navigateur ne permet pas de vous localiser : choisissez une commune ou un point sur la carte.';
      return;
    }
    pointStatus.textContent = 'Localisation en cours…';
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        state.lat = pos.coords.latitude;
        state.lon = pos.coords.longitude;
        submit();
      },
      () => {
        pointStatus.textContent = 'Vous n’avez pas pu être localisé. Choisissez une commune ou un point sur la carte.';
      },
      { timeout: 10_000, maximumAge: 300_000 },
    );
  });
  const pickButton = h('button', { type: 'button', class: 'bouton bouton--secondaire' }, 'Choisir un point sur la carte');
  pickButton.addEventListener('click', () => {
    if (!map) {
      pointStatus.textContent = 'La carte n’est pas disponible : utilisez « Autour de moi » ou le filtre par commune.';
      return;
    }
    pointStatus.textContent = 'Cliquez sur la carte à l’endroit voulu.';
    map.pickPoint((lat, lon) => {
      state.lat = lat;
      state.lon = lon;
      submit();
    });
  });
  clearPoint.addEventListener('click', () => {
    state.lat = state.lon = null;
    submit();
  });

  const demarchesBox = h('div', { class: 'filtres__demarches' }, h('p', { class: 'aide' }, 'Chargement des démarches…'));
  const listsBox = h('div', { class: 'filtres__listes' });
  const filterCount = h('span', { class: 'filtres__nombre' });
  const showFilterCount = () => {
    const n = activeFilterCount(state);
    filterCount.textContent = n ? ` (${n} actif${n > 1 ? 's' : ''})` : '';
  };

  const form = h(
    'form',
    { class: 'recherche carte', role: 'search', 'aria-label': 'Rechercher un lieu', novalidate: true },
    h(
      'div',
      { class: 'recherche__ligne' },
      h('div', { class: 'champ' }, h('label', { for: q.id }, 'Nom du lieu ou commune'), q),
      h('div', { class: 'champ' }, h('label', { for: commune.id }, 'Dans la commune'), h('p', { class: 'aide', id: 'aide-commune' }, 'Tapez le début du nom puis choisissez dans la liste.'), commune, communeList),
    ),
    h(
      'fieldset',
      { class: 'cases cases--ligne' },
      h('legend', {}, 'Ouverture'),
      h('div', { class: 'case' }, ouvertRadios[0], h('label', { for: ouvertRadios[0].id }, 'Peu importe')),
      h('div', { class: 'case' }, ouvertRadios[1], h('label', { for: ouvertRadios[1].id }, 'Ouvert maintenant')),
      h('div', { class: 'case' }, ouvertRadios[2], h('label', { for: ouvertRadios[2].id }, 'Ouvert le…')),
      h('div', { class: 'champ champ--court' }, h('label', { for: date.id }, 'Date'), date),
      h('div', { class: 'champ champ--court' }, h('label', { for: heure.id }, 'Heure'), heure),
    ),
    h('fieldset', { class: 'cases' }, h('legend', {}, 'Autour d’un point'), h('div', { class: 'action' }, geoButton, pickButton, clearPoint), pointStatus),
    h('details', { class: 'filtres' }, h('summary', {}, 'Démarches et autres critères', filterCount), demarchesBox, listsBox),
    h('div', { class: 'action' }, h('button', { type: 'submit', class: 'bouton' }, 'Rechercher'), h('button', { type: 'reset', class: 'bouton bouton--secondaire' }, 'Effacer les critères')),
  );
  showPoint();
  showFilterCount();

  const readForm = () => {
    state.q = q.value.trim();
    const text = commune.value.trim();
    const code = /\(((?:[013-9]\d|2[AB1-9])\d{3})\)$/.exec(text)?.[1];
    const known = communesByLabel.get(text);
    state.commune = known?.code_insee ?? code ?? '';
    state.communeNom = known?.nom ?? (code ? text.replace(/\s*\(\w{5}\)$/, '') : '');
    for (const g of FILTER_GROUPS) state.lists[g.name] = checkedValues(form, g.name);
    state.lists.demarches = checkedValues(form, 'demarches');
    state.ouvert = (ouvertRadios.find((r) => r.checked)?.value ?? 'indifferent') as SearchState['ouvert'];
    state.date = date.value;
    state.heure = heure.value;
    if (state.ouvert === 'le' && (!state.date || !state.heure)) state.ouvert = 'indifferent';
    return text !== '' && !state.commune;
  };
  const submit = (page = 1) => {
    state.page = page;
    history.pushState(null, '', `${location.pathname}${searchToUrl(state)}`);
    showPoint();
    showFilterCount();
    void search();
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const unknownCommune = readForm();
    if (unknownCommune) {
      setStatus(status, 'Commune inconnue : choisissez-la dans la liste proposée, ou videz le champ.', true);
      commune.focus();
      return;
    }
    submit();
  });
  form.addEventListener('reset', (e) => {
    e.preventDefault();
    state = emptySearch();
    q.value = '';
    commune.value = '';
    for (const c of form.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) c.checked = false;
    ouvertRadios[0].checked = true;
    syncOuvert();
    submit();
  });

  // ---- results
  const status = liveStatus('Recherche des lieux…');
  const list = h('ol', { class: 'resultats', 'aria-labelledby': 'titre-resultats' });
  const pagination = h('nav', { class: 'pagination', 'aria-label': 'Pages de résultats' });
  const mapBox = h('div', { id: 'carte-lieux', class: 'carte-lieux', role: 'region', 'aria-label': 'Carte des lieux' });
  const mapNote = h('p', { class: 'aide', id: 'aide-carte' }, 'La carte reprend les lieux de la liste. Avec le clavier : Tab pour atteindre la carte puis les repères, flèches pour déplacer la carte, + et − pour zoomer.');

  const item = (lieu: LieuSummary): HTMLElement => {
    const open = openLabel(lieu.ouvert, state.ouvert === 'le' ? 'le' : 'maintenant');
    const services = labelsOf(lieu.services, catalogues?.vocab.services);
    const located = lieu.latitude !== null && lieu.longitude !== null;
    const showOnMap = h('button', { type: 'button', class: 'lien-bouton' }, 'Voir sur la carte', h('span', { class: 'visuellement-cache' }, ` : ${lieu.nom}`));
    showOnMap.addEventListener('click', () => {
      if (!map?.focusLieu(lieu.id)) setStatus(status, 'La carte n’est pas disponible pour le moment.');
    });
    return h(
      'li',
      { class: 'resultat' },
      h('h3', {}, h('a', { href: `/lieux/${encodeURIComponent(lieu.id)}`, 'data-lien': true }, lieu.nom)),
      h('p', { class: 'resultat__adresse' }, `${lieu.adresse}, ${lieu.code_postal} ${lieu.commune}`),
      h(
        'p',
        { class: 'resultat__etat' },
        badge(open.text, open.kind),
        lieu.distance_m !== undefined ? h('span', { class: 'resultat__distance' }, distanceLabel(lieu.distance_m)) : null,
        lieu.flags.includes('a-verifier') ? badge('À vérifier', 'alerte') : null,
      ),
      services.length ? h('p', { class: 'resultat__services' }, h('span', { class: 'visuellement-cache' }, 'Services : '), services.join(' · ')) : null,
      located && map ? h('p', {}, showOnMap) : null,
    );
  };

  const renderPagination = (total: number) => {
    const pages = pageCount(total, PAGE_SIZE);
    pagination.replaceChildren();
    pagination.hidden = pages <= 1;
    if (pages <= 1) return;
    const link = (page: number, text: string, rel: string) => {
      const s = { ...state, page };
      const a = h('a', { href: `${location.pathname}${searchToUrl(s)}`, rel, class: 'bouton bouton--secondaire' }, text);
      a.addEventListener('click', (e) => {
        e.preventDefault();
        submit(page);
        list.closest('section')?.querySelector<HTMLElement>('h2')?.focus();
      });
      return a;
    };
    pagination.append(
      state.page > 1 ? link(state.page - 1, 'Page précédente', 'prev') : h('span', {}),
      h('span', { 'aria-current': 'page' }, `Page ${state.page} sur ${pages}`),
      state.page < pages ? link(state.page + 1, 'Page suivante', 'next') : h('span', {}),
    );
  };

  const search = async () => {
    const id = ++searchId;
    setStatus(status, 'Recherche des lieux…');
    list.setAttribute('aria-busy', 'true');
    const r = await get<PageOf<LieuSummary>>(`/api/v1/lieux?${searchToApi(state, PAGE_SIZE)}`);
    if (id !== searchId) return;
    list.removeAttribute('aria-busy');
    if (!r.ok) {
      setStatus(status, `La recherche n’a pas abouti. ${r.message}`, true);
      list.replaceChildren();
      pagination.replaceChildren();
      return;
    }
    const { items, total } = r.data;
    lastItems = items;
    setStatus(status, countLabel(total, state.page, PAGE_SIZE));
    list.replaceChildren(...items.map(item));
    renderPagination(total);
    void updateMap();
  };

  const updateMap = async () => {
    if (!map) return;
    const wanted = Math.floor(((state.page - 1) * PAGE_SIZE) / MAP_PAGE_SIZE) + 1;
    const key = `${searchToApi({ ...state, page: wanted }, MAP_PAGE_SIZE)}`;
    if (mapPage === wanted && mapKey === key) return;
    const r = await get<PageOf<LieuSummary>>(`/api/v1/lieux?${key}`);
    if (!map) return;
    mapPage = wanted;
    mapKey = key;
    map.show(r.ok ? r.data.items : lastItems);
  };
  let mapKey = '';

  const startMap = async () => {
    const [config, mod] = await Promise.all([fetchPublicConfig(), import('./carte-map').catch(() => undefined)]);
    if (!mod || !mapBox.isConnected) {
      if (!mod) mapNote.textContent = 'La carte n’a pas pu être chargée ; la liste des lieux reste disponible.';
      return;
    }
    map = await mod.createMap(mapBox, config.ok ? config.data.carte : { tuiles: null, attribution: '' });
    mapBox.setAttribute('aria-describedby', mapNote.id);
    map.setPoint(state.lat, state.lon);
    list.replaceChildren(...lastItems.map(item));
    void updateMap();
  };

  const fillFilters = async () => {
    catalogues = await loadCatalogues();
    demarchesBox.replaceChildren(
      h(
        'fieldset',
        { class: 'cases' },
        h('legend', {}, 'Démarches pour lesquelles le lieu peut vous aider'),
        ...(catalogues.themes.length
          ? catalogues.themes.map((t, i) =>
              h(
                'fieldset',
                { class: 'cases cases--theme' },
                h('legend', {}, t.theme),
                ...t.demarches.map((d) => {
                  const id = `demarches-${d.slug}`;
                  return h('div', { class: 'case' }, h('input', { type: 'checkbox', id, name: 'demarches', value: d.slug, checked: state.lists.demarches.includes(d.slug), 'data-theme': String(i) }), h('label', { for: id }, d.libelle));
                }),
              ),
            )
          : [h('p', { class: 'aide' }, 'La liste des démarches n’est pas disponible pour le moment.')]),
      ),
    );
    listsBox.replaceChildren(
      ...FILTER_GROUPS.filter((g) => Object.keys(catalogues!.vocab[g.field]).length).map((g) => checkboxGroup(g.name, g.legend, catalogues!.vocab[g.field], state.lists[g.name], `filtre-${g.name}`)),
    );
    if (lastItems.length) list.replaceChildren(...lastItems.map(item));
  };

  const content: Node[] = [
    pageTitle('Trouver un lieu d’accompagnement au numérique'),
    h('p', { class: 'chapo' }, 'Les lieux des Landes où l’on vous aide à utiliser internet, un ordinateur ou un téléphone, et à faire vos démarches en ligne.'),
    invite,
    form,
    h(
      'div',
      { class: 'annuaire' },
      h('section', { class: 'annuaire__liste', 'aria-labelledby': 'titre-resultats' }, h('h2', { id: 'titre-resultats', tabindex: '-1' }, 'Lieux'), status, list, pagination),
      h('section', { class: 'annuaire__carte', 'aria-labelledby': 'titre-carte' }, h('h2', { id: 'titre-carte' }, 'Carte'), mapNote, mapBox),
    ),
  ];
  void fillFilters();
  void search();
  // After the view is in the document (Leaflet measures its container).
  requestAnimationFrame(() => void startMap());

  return {
    title: 'Trouver un lieu',
    content,
    refresh: fillInvite,
  };
}
