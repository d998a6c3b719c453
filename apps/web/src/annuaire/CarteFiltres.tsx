import type { FilterList } from './format';
import type { Catalogues } from './referentiels';

const FILTER_GROUPS: { name: FilterList; legend: string; field: keyof Catalogues['vocab'] }[] = [
  { name: 'services', legend: 'Services proposés', field: 'services' },
  { name: 'publics', legend: 'Publics accueillis en particulier', field: 'publics_specifiquement_adresses' },
  { name: 'prise_en_charge', legend: 'Prise en charge spécifique', field: 'prise_en_charge_specifique' },
  { name: 'frais', legend: 'Frais à charge', field: 'frais_a_charge' },
  { name: 'modalites_acces', legend: 'Modalités d’accès', field: 'modalites_acces' },
  { name: 'modalites_accompagnement', legend: 'Modalités d’accompagnement', field: 'modalites_accompagnement' },
];

interface Props {
  catalogues?: Catalogues;
  lists: Record<FilterList, string[]>;
  filterCount: number;
  onToggle: (name: FilterList, value: string, checked: boolean) => void;
}

/** The search's collapsible criteria: démarches by theme, then the national vocabularies' lists. */
export function CarteFiltres({ catalogues, lists, filterCount, onToggle }: Props) {
  return (
    <details class="filtres">
      <summary>
        Démarches et autres critères
        {filterCount ? <span class="filtres__nombre">{` (${filterCount} actif${filterCount > 1 ? 's' : ''})`}</span> : null}
      </summary>
      <div class="filtres__demarches">
        {!catalogues ? (
          <p class="aide">Chargement des démarches…</p>
        ) : (
          <fieldset class="cases">
            <legend>Démarches pour lesquelles le lieu peut vous aider</legend>
            {catalogues.themes.length ? (
              catalogues.themes.map((t) => (
                <fieldset class="cases cases--theme" key={t.theme}>
                  <legend>{t.theme}</legend>
                  {t.demarches.map((d) => (
                    <div class="case" key={d.slug}>
                      <input
                        type="checkbox"
                        id={`demarches-${d.slug}`}
                        name="demarches"
                        value={d.slug}
                        checked={lists.demarches.includes(d.slug)}
                        onChange={(e) => onToggle('demarches', d.slug, e.currentTarget.checked)}
                      />
                      <label for={`demarches-${d.slug}`}>{d.libelle}</label>
                    </div>
                  ))}
                </fieldset>
              ))
            ) : (
              <p class="aide">La liste des démarches n’est pas disponible pour le moment.</p>
            )}
          </fieldset>
        )}
      </div>
      <div class="filtres__listes">
        {catalogues
          ? FILTER_GROUPS.filter((g) => Object.keys(catalogues.vocab[g.field]).length).map((g) => (
              <fieldset class="cases" key={g.name}>
                <legend>{g.legend}</legend>
                {Object.entries(catalogues.vocab[g.field]).map(([slug, label]) => (
                  <div class="case" key={slug}>
                    <input
                      type="checkbox"
                      id={`filtre-${g.name}-${slug}`}
                      name={g.name}
                      value={slug}
                      checked={lists[g.name].includes(slug)}
                      onChange={(e) => onToggle(g.name, slug, e.currentTarget.checked)}
                    />
                    <label for={`filtre-${g.name}-${slug}`}>{label}</label>
                  </div>
                ))}
              </fieldset>
            ))
          : null}
      </div>
    </details>
  );
}
