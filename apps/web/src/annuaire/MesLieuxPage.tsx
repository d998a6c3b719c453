import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { allows, POLICIES } from '@pin/contracts/policies';
import { api } from '../app/api';
import { Badge } from '../ui/Badge';
import { DataTable, type Column } from '../ui/DataTable';
import { Guard } from '../ui/Guard';
import { LiveStatus } from '../ui/Notice';
import { Page } from '../ui/Page';
import { SelectField } from '../ui/form';
import { dateLabel, pageCount } from './format';
import { loadFlags } from './referentiels';
import type { MesLieuxItem, MesLieuxReply } from './types';
import './annuaire.css';

const PAGE_SIZE = 20;
/** `flag` value matching any problem flag (the API's `tous-signales`). */
export const ANY_FLAG = 'tous-signales';
const SOURCE = /^[a-z0-9][a-z0-9_-]{1,39}$/;

export interface ListFilters {
  q: string;
  flag: string;
  source: string;
  page: number;
}

export function filtersFrom(query: Record<string, string | undefined>): ListFilters {
  const page = Number(query.page);
  const source = (query.source ?? '').trim().toLowerCase();
  return {
    q: (query.q ?? '').slice(0, 100),
    flag: /^[a-z-]{1,40}$/.test(query.flag ?? '') ? query.flag! : '',
    source: SOURCE.test(source) ? source : '',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** `/app/mes-lieux?flag=…&source=…`: the list filtered (links of the import report and the dashboard). */
export function mesLieuxHref(filters: Partial<ListFilters>): string {
  const p = new URLSearchParams();
  if (filters.q) p.set('q', filters.q);
  if (filters.flag) p.set('flag', filters.flag);
  if (filters.source) p.set('source', filters.source);
  if (filters.page && filters.page > 1) p.set('page', String(filters.page));
  const qs = p.toString();
  return qs ? `/app/mes-lieux?${qs}` : '/app/mes-lieux';
}

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; reply: MesLieuxReply };

/** « Mes lieux » (référent: their structures' lieux) / « Lieux de l’annuaire » (animateur: all): search, filters by flag and source, paginated. */
export function MesLieuxPage() {
  return (
    <Guard title="Mes lieux" policy={POLICIES.lieu.manage} forbidden="Cette page est réservée aux référents de structure et aux animateurs du réseau.">
      {(user) => <MesLieux animateur={allows(user, POLICIES.import.run)} />}
    </Guard>
  );
}

function MesLieux({ animateur }: { animateur: boolean }) {
  const { query, url } = useLocation();
  const [filters, setFilters] = useState<ListFilters>(() => filtersFrom(query));
  const [draft, setDraft] = useState<ListFilters>(filters);
  const [sourceError, setSourceError] = useState('');
  const [flags, setFlags] = useState<Record<string, string>>({});
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    void loadFlags().then(setFlags);
  }, []);
  // A link to this page with other filters (dashboard, import report).
  useEffect(() => {
    const f = filtersFrom(query);
    setFilters(f);
    setDraft(f);
  }, [url]);

  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    void api
      .get<MesLieuxReply>('/api/v1/mes-lieux', { query: { page: filters.page, pageSize: PAGE_SIZE, q: filters.q.trim() || undefined, flag: filters.flag || undefined, source: filters.source || undefined } })
      .then((r) => {
        if (current) setLoaded(r.ok ? { state: 'done', reply: r.data } : { state: 'error', message: `Impossible d’afficher les lieux. ${r.message}` });
      });
    return () => {
      current = false;
    };
  }, [filters]);

  const apply = (next: ListFilters) => {
    // The address keeps the filters (shareable, kept on reload) without a new history entry.
    history.replaceState(null, '', mesLieuxHref(next));
    setFilters(next);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const source = draft.source.trim().toLowerCase();
    if (source && !SOURCE.test(source)) {
      setSourceError('Nom de source invalide : 2 à 40 caractères (lettres minuscules, chiffres, - ou _), ex. « hinaura » ; « pin » pour les lieux créés dans PIN.');
      document.getElementById('mes-lieux-source')?.focus();
      return;
    }
    setSourceError('');
    apply({ ...draft, source, page: 1 });
  };
  const clear = () => {
    const empty = { q: '', flag: '', source: '', page: 1 };
    setDraft(empty);
    setSourceError('');
    apply(empty);
  };

  const title = animateur ? 'Lieux de l’annuaire' : 'Mes lieux';
  const flagOptions = [
    { value: '', label: 'Tous les lieux' },
    { value: ANY_FLAG, label: 'Tous les lieux signalés' },
    ...Object.entries(flags).map(([value, label]) => ({ value, label })),
  ];
  const columns: Column<MesLieuxItem>[] = [
    {
      label: 'Nom',
      rowHeader: true,
      render: (l) => (
        <a href={`/app/mes-lieux/${encodeURIComponent(l.id)}`}>
          {l.nom}
          <span class="visuellement-cache"> (modifier)</span>
        </a>
      ),
    },
    { label: 'Commune', render: (l) => l.commune },
    { label: 'Source', render: (l) => l.source ?? '—' },
    {
      label: 'Signalements',
      render: (l) =>
        (l.flags_detail ?? (l.flags ?? []).map((slug) => ({ slug, label: flags[slug] ?? slug }))).filter((f) => f.slug !== 'demo').length ? (
          <ul class="badges">
            {(l.flags_detail ?? (l.flags ?? []).map((slug) => ({ slug, label: flags[slug] ?? slug })))
              .filter((f) => f.slug !== 'demo')
              .map((f) => (
                <li key={f.slug}>
                  <Badge kind="alerte">{f.label}</Badge>
                </li>
              ))}
          </ul>
        ) : (
          'Aucun'
        ),
    },
    { label: 'État', render: (l) => (l.statut === 'ferme' ? <Badge kind="ferme">Fermé</Badge> : 'Actif') },
    { label: 'Mise à jour', render: (l) => dateLabel(l.date_maj ?? l.updated_at) },
  ];
  const active = [filters.flag && `signalement « ${filters.flag === ANY_FLAG ? 'tous' : (flags[filters.flag] ?? filters.flag)} »`, filters.source && `source « ${filters.source} »`, filters.q && `recherche « ${filters.q} »`].filter(Boolean);
  const status =
    loaded.state === 'loading'
      ? 'Chargement des lieux…'
      : loaded.state === 'error'
        ? loaded.message
        : `${loaded.reply.total === 0 ? 'Aucun lieu' : loaded.reply.total === 1 ? '1 lieu' : `${loaded.reply.total} lieux`}${active.length ? ` (${active.join(', ')})` : ''}${pageCount(loaded.reply.total, PAGE_SIZE) > 1 ? ` — page ${filters.page} sur ${pageCount(loaded.reply.total, PAGE_SIZE)}` : ''}.`;
  const pages = loaded.state === 'done' ? pageCount(loaded.reply.total, PAGE_SIZE) : 1;
  const sources = [...new Set(['pin', ...(loaded.state === 'done' ? loaded.reply.items.map((l) => l.source).filter(Boolean) : [])])];

  return (
    <Page title={title}>
      <form class="filtres-liste carte" role="search" aria-label="Chercher et filtrer les lieux" noValidate onSubmit={submit}>
        <div class="champ">
          <label for="mes-lieux-q">Nom ou commune</label>
          <input type="search" id="mes-lieux-q" name="q" value={draft.q} maxLength={100} onInput={(e) => setDraft({ ...draft, q: e.currentTarget.value })} />
        </div>
        <SelectField id="mes-lieux-flag" label="Signalement" value={draft.flag} options={flagOptions} onValue={(flag) => setDraft({ ...draft, flag })} />
        <div class={sourceError ? 'champ champ--erreur' : 'champ'}>
          <label for="mes-lieux-source">Source</label>
          <p class="champ__aide" id="mes-lieux-source-aide">
            « pin » ou le nom d’une source d’import.
          </p>
          {sourceError ? (
            <p class="champ__erreur" id="mes-lieux-source-erreur">
              <span class="visuellement-cache">Erreur : </span>
              {sourceError}
            </p>
          ) : null}
          <input
            type="text"
            id="mes-lieux-source"
            name="source"
            list="mes-lieux-sources"
            autocomplete="off"
            value={draft.source}
            onInput={(e) => setDraft({ ...draft, source: e.currentTarget.value })}
            aria-invalid={sourceError ? 'true' : undefined}
            aria-describedby={sourceError ? 'mes-lieux-source-aide mes-lieux-source-erreur' : 'mes-lieux-source-aide'}
          />
          <datalist id="mes-lieux-sources">
            {sources.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </div>
        <p class="action">
          <button type="submit" class="bouton">
            Filtrer
          </button>
          {active.length ? (
            <button type="button" class="bouton bouton--secondaire" onClick={clear}>
              Effacer les filtres
            </button>
          ) : null}
        </p>
      </form>
      <LiveStatus error={loaded.state === 'error'}>{status}</LiveStatus>
      {loaded.state === 'done' ? (
        <DataTable caption={animateur ? 'Lieux de l’annuaire' : 'Lieux que vous pouvez modifier'} columns={columns} rows={loaded.reply.items} rowKey={(l) => l.id} empty="Aucun lieu ne correspond." />
      ) : null}
      {pages > 1 ? (
        <nav class="pagination" aria-label="Pages de la liste">
          {filters.page > 1 ? (
            <button type="button" class="bouton bouton--secondaire" onClick={() => apply({ ...filters, page: filters.page - 1 })}>
              Page précédente
            </button>
          ) : (
            <span />
          )}
          <span>
            Page {filters.page} sur {pages}
          </span>
          {filters.page < pages ? (
            <button type="button" class="bouton bouton--secondaire" onClick={() => apply({ ...filters, page: filters.page + 1 })}>
              Page suivante
            </button>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </Page>
  );
}
