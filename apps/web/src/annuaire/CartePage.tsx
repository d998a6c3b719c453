import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../app/api';
import { Page } from '../ui/Page';
import type { CommuneSummary, LieuSummary, PageOf } from './api';
import type { MapHandle } from './carte-map';
import { CarteFiltres } from './CarteFiltres';
import { Invite, Resultat } from './CarteResultat';
import { activeFilterCount, countLabel, emptySearch, pageCount, searchFromUrl, searchToApi, searchToUrl, type FilterList, type SearchState } from './format';
import { LieuxMap } from './LieuxMap';
import { loadCatalogues, type Catalogues } from './referentiels';
import './annuaire.css';

const PAGE_SIZE = 20;
/** The map shows the 100 results around the list's page (the most the API gives at once). */
const MAP_PAGE_SIZE = 100;
const INSEE_IN_LABEL = /\(((?:[013-9]\d|2[AB1-9])\d{3})\)$/;


const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

const communeLabel = (s: SearchState) => (s.commune ? `${s.communeNom || 'Commune'} (${s.commune})` : '');

/** A stable empty list (the map redraws only when its list changes). */
const NONE: LieuSummary[] = [];

type Results = { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; items: LieuSummary[]; total: number };

/** Public home: search form, list of results (primary content) and the clustered map beside it (on a phone: « Liste » / « Carte »). */
export function CartePage() {
  const [search, setSearch] = useState<SearchState>(() => searchFromUrl(location.search));
  const [q, setQ] = useState(search.q);
  const [commune, setCommune] = useState(communeLabel(search));
  const [communes, setCommunes] = useState<CommuneSummary[]>([]);
  const [lists, setLists] = useState(search.lists);
  const [ouvert, setOuvert] = useState(search.ouvert);
  const [date, setDate] = useState(search.date || today());
  const [heure, setHeure] = useState(search.heure || '10:00');
  const [formError, setFormError] = useState('');
  const [pointStatus, setPointStatus] = useState('');
  const [catalogues, setCatalogues] = useState<Catalogues | undefined>();
  const [results, setResults] = useState<Results>({ state: 'loading' });
  const [mapItems, setMapItems] = useState<LieuSummary[]>([]);
  const [mapReady, setMapReady] = useState(false);
  const [view, setView] = useState<'liste' | 'carte'>('liste');
  const map = useRef<MapHandle | null>(null);
  const resultsTitle = useRef<HTMLHeadingElement>(null);
  const communeInput = useRef<HTMLInputElement>(null);

  /** The form shows the given search (after Back, a reset). */
  const fill = (s: SearchState) => {
    setQ(s.q);
    setCommune(communeLabel(s));
    setLists(s.lists);
    setOuvert(s.ouvert);
    if (s.date) setDate(s.date);
    if (s.heure) setHeure(s.heure);
  };

  /** A new search: in the address bar (shareable, Back works) and run. */
  const go = (next: SearchState) => {
    history.pushState(null, '', `${location.pathname}${searchToUrl(next)}`);
    setSearch(next);
  };

  useEffect(() => {
    const onPop = () => {
      const s = searchFromUrl(location.search);
      setSearch(s);
      fill(s);
    };
    addEventListener('popstate', onPop);
    void loadCatalogues().then(setCatalogues);
    return () => removeEventListener('popstate', onPop);
  }, []);

  const apiQuery = searchToApi(search, PAGE_SIZE);
  useEffect(() => {
    let current = true;
    setResults({ state: 'loading' });
    void api.get<PageOf<LieuSummary>>(`/api/v1/lieux?${apiQuery}`).then((r) => {
      if (!current) return;
      setResults(r.ok ? { state: 'done', items: r.data.items, total: r.data.total } : { state: 'error', message: `La recherche n’a pas abouti. ${r.message}` });
    });
    return () => {
      current = false;
    };
  }, [apiQuery]);

  const mapQuery = searchToApi({ ...search, page: Math.floor(((search.page - 1) * PAGE_SIZE) / MAP_PAGE_SIZE) + 1 }, MAP_PAGE_SIZE);
  useEffect(() => {
    if (!mapReady) return;
    let current = true;
    void api.get<PageOf<LieuSummary>>(`/api/v1/lieux?${mapQuery}`).then((r) => {
      if (current && r.ok) setMapItems(r.data.items);
    });
    return () => {
      current = false;
    };
  }, [mapQuery, mapReady]);

  // Commune suggestions (datalist) after a short pause in typing.
  useEffect(() => {
    const text = commune.trim();
    if (text.length < 2 || INSEE_IN_LABEL.test(text)) return;
    const timer = setTimeout(() => {
      void api.get<CommuneSummary[]>('/api/v1/communes', { query: { q: text, limit: 10 } }).then((r) => {
        if (r.ok && Array.isArray(r.data)) setCommunes(r.data);
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [commune]);

  useEffect(() => {
    if (view === 'carte') map.current?.resize();
  }, [view]);

  const hasPoint = search.lat !== null && search.lon !== null;

  const submit = (e: Event) => {
    e.preventDefault();
    const text = commune.trim();
    const known = communes.find((c) => `${c.nom} (${c.code_insee})` === text);
    const code = known?.code_insee ?? INSEE_IN_LABEL.exec(text)?.[1] ?? '';
    if (text && !code) {
      setFormError('Commune inconnue : choisissez-la dans la liste proposée, ou videz le champ.');
      communeInput.current?.focus();
      return;
    }
    setFormError('');
    const withDate = ouvert === 'le' && date && heure;
    go({
      ...search,
      q: q.trim(),
      commune: code,
      communeNom: known?.nom ?? (code ? text.replace(/\s*\(\w{5}\)$/, '') : ''),
      lists,
      ouvert: ouvert === 'le' && !withDate ? 'indifferent' : ouvert,
      date: withDate ? date : '',
      heure: withDate ? heure : '',
      page: 1,
    });
  };

  const reset = (e: Event) => {
    e.preventDefault();
    const s = emptySearch();
    setFormError('');
    fill(s);
    go(s);
  };

  const aroundMe = () => {
    if (!('geolocation' in navigator)) {
      setPointStatus('Votre navigateur ne permet pas de vous localiser : choisissez une commune ou un point sur la carte.');
      return;
    }
    setPointStatus('Localisation en cours…');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setPointStatus('');
        go({ ...search, lat: pos.coords.latitude, lon: pos.coords.longitude, page: 1 });
      },
      () => setPointStatus('Vous n’avez pas pu être localisé. Choisissez une commune ou un point sur la carte.'),
      { timeout: 10_000, maximumAge: 300_000 },
    );
  };

  const pickOnMap = () => {
    if (!map.current) {
      setPointStatus('La carte n’est pas disponible : utilisez « Autour de moi » ou le filtre par commune.');
      return;
    }
    setView('carte');
    setPointStatus('Cliquez sur la carte à l’endroit voulu.');
    map.current.pickPoint((lat, lon) => {
      setPointStatus('');
      go({ ...search, lat, lon, page: 1 });
    });
  };

  const showOnMap = (lieu: LieuSummary) => {
    setView('carte');
    // After the map panel is shown (phone), so that Leaflet can measure it.
    requestAnimationFrame(() => {
      map.current?.resize();
      if (!map.current?.focusLieu(lieu.id)) setPointStatus('La carte n’est pas disponible pour le moment.');
    });
  };

  const toPage = (page: number) => (e: MouseEvent) => {
    // The router would take the link too: this page runs the search itself.
    e.preventDefault();
    e.stopPropagation();
    go({ ...search, page });
    resultsTitle.current?.focus();
  };

  const toggleList = (name: FilterList, value: string, checked: boolean) =>
    setLists((old) => ({ ...old, [name]: checked ? [...old[name].filter((v) => v !== value), value] : old[name].filter((v) => v !== value) }));

  const filterCount = activeFilterCount(search);
  const pages = results.state === 'done' ? pageCount(results.total, PAGE_SIZE) : 1;
  const when = search.ouvert === 'le' ? 'le' : 'maintenant';
  const pageHref = (page: number) => `${location.pathname}${searchToUrl({ ...search, page })}`;
  const status = results.state === 'loading' ? 'Recherche des lieux…' : results.state === 'error' ? results.message : countLabel(results.total, search.page, PAGE_SIZE);
  const listed = results.state === 'done' ? results.items : NONE;

  return (
    <Page title="Trouver un lieu d’accompagnement au numérique" lead="Les lieux des Landes où l’on vous aide à utiliser internet, un ordinateur ou un téléphone, et à faire vos démarches en ligne.">
      <Invite />
      <form class="recherche carte" role="search" aria-label="Rechercher un lieu" noValidate onSubmit={submit} onReset={reset}>
        <div class="recherche__ligne">
          <div class="champ">
            <label for="recherche-q">Nom du lieu ou commune</label>
            <input type="search" id="recherche-q" name="q" value={q} autocomplete="off" maxLength={100} onInput={(e) => setQ(e.currentTarget.value)} />
          </div>
          <div class={formError ? 'champ champ--erreur' : 'champ'}>
            <label for="recherche-commune">Dans la commune</label>
            <p class="aide" id="aide-commune">
              Tapez le début du nom puis choisissez dans la liste.
            </p>
            {formError ? (
              <p class="champ__erreur" id="erreur-commune">
                <span class="visuellement-cache">Erreur : </span>
                {formError}
              </p>
            ) : null}
            <input
              ref={communeInput}
              type="text"
              id="recherche-commune"
              name="commune"
              list="recherche-communes"
              autocomplete="off"
              value={commune}
              onInput={(e) => setCommune(e.currentTarget.value)}
              aria-invalid={formError ? 'true' : undefined}
              aria-describedby={formError ? 'aide-commune erreur-commune' : 'aide-commune'}
            />
            <datalist id="recherche-communes">
              {communes.map((c) => (
                <option key={c.code_insee} value={`${c.nom} (${c.code_insee})`} />
              ))}
            </datalist>
          </div>
        </div>
        <fieldset class="cases cases--ligne">
          <legend>Ouverture</legend>
          {(
            [
              ['indifferent', 'Peu importe'],
              ['maintenant', 'Ouvert maintenant'],
              ['le', 'Ouvert le…'],
            ] as const
          ).map(([value, label]) => (
            <div class="case" key={value}>
              <input type="radio" name="ouvert" id={`ouvert-${value}`} value={value} checked={ouvert === value} onChange={() => setOuvert(value)} />
              <label for={`ouvert-${value}`}>{label}</label>
            </div>
          ))}
          <div class="champ champ--court">
            <label for="ouvert-date">Date</label>
            <input type="date" id="ouvert-date" name="date" value={date} disabled={ouvert !== 'le'} onInput={(e) => setDate(e.currentTarget.value)} />
          </div>
          <div class="champ champ--court">
            <label for="ouvert-heure">Heure</label>
            <input type="time" id="ouvert-heure" name="heure" value={heure} step={900} disabled={ouvert !== 'le'} onInput={(e) => setHeure(e.currentTarget.value)} />
          </div>
        </fieldset>
        <fieldset class="cases">
          <legend>Autour d’un point</legend>
          <div class="action">
            <button type="button" class="bouton bouton--secondaire" onClick={aroundMe}>
              Autour de moi
            </button>
            <button type="button" class="bouton bouton--secondaire" onClick={pickOnMap}>
              Choisir un point sur la carte
            </button>
            {hasPoint ? (
              <button type="button" class="bouton bouton--secondaire" onClick={() => go({ ...search, lat: null, lon: null, page: 1 })}>
                Ne plus trier par distance
              </button>
            ) : null}
          </div>
          <p class="aide" id="point-statut" aria-live="polite">
            {pointStatus || (hasPoint ? 'Les lieux sont triés du plus proche au plus éloigné du point choisi.' : 'Aucun point choisi : les lieux ne sont pas triés par distance.')}
          </p>
        </fieldset>
        <CarteFiltres catalogues={catalogues} lists={lists} filterCount={filterCount} onToggle={toggleList} />
        <div class="action">
          <button type="submit" class="bouton">
            Rechercher
          </button>
          <button type="reset" class="bouton bouton--secondaire">
            Effacer les critères
          </button>
        </div>
      </form>

      <div class={`annuaire annuaire--${view}`}>
        <section class="annuaire__liste" aria-labelledby="titre-resultats">
          <h2 id="titre-resultats" tabIndex={-1} ref={resultsTitle}>
            Lieux
          </h2>
          <p class={results.state === 'error' ? 'statut statut--erreur' : 'statut'} role="status" aria-live="polite">
            {status}
          </p>
          <div class="vue-bascule" role="group" aria-label="Affichage des résultats">
            <button type="button" class="bouton bouton--secondaire" aria-pressed={view === 'liste'} onClick={() => setView('liste')}>
              Liste
            </button>
            <button type="button" class="bouton bouton--secondaire" aria-pressed={view === 'carte'} onClick={() => setView('carte')}>
              Carte
            </button>
          </div>
          <ol class="resultats annuaire__panneau-liste" aria-labelledby="titre-resultats" aria-busy={results.state === 'loading' ? 'true' : undefined}>
            {listed.map((lieu) => (
              <Resultat key={lieu.id} lieu={lieu} when={when} catalogues={catalogues} onMap={mapReady && lieu.latitude !== null && lieu.longitude !== null ? () => showOnMap(lieu) : undefined} />
            ))}
          </ol>
          {pages > 1 ? (
            <nav class="pagination annuaire__panneau-liste" aria-label="Pages de résultats">
              {search.page > 1 ? (
                <a href={pageHref(search.page - 1)} rel="prev" class="bouton bouton--secondaire" onClick={toPage(search.page - 1)}>
                  Page précédente
                </a>
              ) : (
                <span />
              )}
              <span aria-current="page">
                Page {search.page} sur {pages}
              </span>
              {search.page < pages ? (
                <a href={pageHref(search.page + 1)} rel="next" class="bouton bouton--secondaire" onClick={toPage(search.page + 1)}>
                  Page suivante
                </a>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </section>
        <section class="annuaire__carte" aria-labelledby="titre-carte">
          <h2 id="titre-carte">Carte</h2>
          <LieuxMap items={mapItems} lat={search.lat} lon={search.lon} handle={map} onReady={setMapReady} />
        </section>
      </div>
    </Page>
  );
}
