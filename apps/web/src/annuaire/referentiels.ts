import { fetchDemarches, fetchReferentiels } from './api';
import { demarcheThemes, vocabularyOf, type DemarcheTheme } from './format';

/** The standard's vocabularies the pages use: lieu field (snake_case) → {slug: label}. */
export interface Vocabularies {
  services: Record<string, string>;
  publics_specifiquement_adresses: Record<string, string>;
  prise_en_charge_specifique: Record<string, string>;
  frais_a_charge: Record<string, string>;
  itinerance: Record<string, string>;
  dispositif_programmes_nationaux: Record<string, string>;
  formations_labels: Record<string, string>;
  modalites_acces: Record<string, string>;
  modalites_accompagnement: Record<string, string>;
  typologie: Record<string, string>;
}

/** Names the référentiels may be published under (field name of the standard, or search filter name). */
const ALIASES: Record<keyof Vocabularies, string[]> = {
  services: ['services'],
  publics_specifiquement_adresses: ['publics_specifiquement_adresses', 'publics'],
  prise_en_charge_specifique: ['prise_en_charge_specifique', 'prise_en_charge'],
  frais_a_charge: ['frais_a_charge', 'frais'],
  itinerance: ['itinerance'],
  dispositif_programmes_nationaux: ['dispositif_programmes_nationaux', 'dispositifs'],
  formations_labels: ['formations_labels', 'labels'],
  modalites_acces: ['modalites_acces'],
  modalites_accompagnement: ['modalites_accompagnement'],
  typologie: ['typologie', 'typologies'],
};

export function vocabulariesOf(data: unknown): Vocabularies {
  let root = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  for (const wrapper of ['referentiels', 'vocabulaires', 'items']) {
    const inner = root[wrapper];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) root = inner as Record<string, unknown>;
  }
  const out = {} as Vocabularies;
  for (const [field, names] of Object.entries(ALIASES) as [keyof Vocabularies, string[]][]) {
    out[field] = {};
    for (const name of names) {
      const v = vocabularyOf(root[name]);
      if (Object.keys(v).length) {
        out[field] = v;
        break;
      }
    }
  }
  return out;
}

export interface Catalogues {
  vocab: Vocabularies;
  themes: DemarcheTheme[];
  demarcheLabels: Record<string, string>;
  /** French message when a catalogue could not be loaded (the page still works without it). */
  problem?: string;
}

export async function loadCatalogues(): Promise<Catalogues> {
  const [r, d] = await Promise.all([fetchReferentiels(), fetchDemarches()]);
  const vocab = vocabulariesOf(r.ok ? r.data : {});
  const themes = demarcheThemes(d.ok ? d.data : []);
  const demarcheLabels = Object.fromEntries(themes.flatMap((t) => t.demarches.map((x) => [x.slug, x.libelle])));
  const problem = !r.ok ? r.message : !d.ok ? d.message : undefined;
  return { vocab, themes, demarcheLabels, problem };
}

/** The lieux' flags (slug → French label) as the référentiels give them; the filters' fallback when they cannot be loaded. */
export const FLAG_FALLBACK: Record<string, string> = {
  'horaires-invalides': 'Horaires illisibles',
  'coordonnees-manquantes': 'Position manquante',
  'hors-france': 'Position hors de France',
  'hors-departement': 'Position hors du département de la commune',
  'insee-inconnu': 'Code INSEE inconnu',
  'a-verifier': 'À vérifier',
  demo: 'Donnée de démonstration',
};

export function flagsOf(data: unknown): Record<string, string> {
  let root = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  for (const wrapper of ['referentiels', 'vocabulaires', 'items']) {
    const inner = root[wrapper];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) root = inner as Record<string, unknown>;
  }
  const flags = vocabularyOf(root.flags);
  return Object.keys(flags).length ? flags : FLAG_FALLBACK;
}

export async function loadFlags(): Promise<Record<string, string>> {
  const r = await fetchReferentiels();
  return flagsOf(r.ok ? r.data : {});
}
