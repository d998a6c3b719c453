import { normalizeLabel, type CommuneSummary } from '@pin/contracts';

/**
 * Offline référentiel of communes and EPCI (@etalab/decoupage-administratif): INSEE code → name,
 * postal codes, département, EPCI; arrondissements municipaux (Paris, Lyon, Marseille) → their commune.
 */
interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  commune?: string;
  codesPostaux?: string[];
  population?: number;
}
interface RawEpci {
  code: string;
  nom: string;
  membres: Array<{ code: string }>;
}

export interface CommuneEntry {
  code: string;
  nom: string;
  departement: string;
  codesPostaux: string[];
  epci: { siren: string; nom: string } | null;
  population: number;
  key: string;
}

const comparable = (s: string) => normalizeLabel(s).replace(/[^a-z0-9]+/g, ' ').trim();

export class CommunesReferentiel {
  readonly communes = new Map<string, CommuneEntry>();
  /** Arrondissement municipal code → its commune's code. */
  readonly parentOf = new Map<string, string>();
  readonly epciNames = new Map<string, string>();
  private readonly list: CommuneEntry[];

  constructor() {
    /* eslint-disable @typescript-eslint/no-require-imports -- JSON data files of the package (its index.js reads them relative to the cwd) */
    const communes = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
    const epcis = require('@etalab/decoupage-administratif/data/epci.json') as RawEpci[];
    /* eslint-enable @typescript-eslint/no-require-imports */
    const epciOf = new Map<string, { siren: string; nom: string }>();
    for (const e of epcis) {
      this.epciNames.set(e.code, e.nom);
      for (const m of e.membres) epciOf.set(m.code, { siren: e.code, nom: e.nom });
    }
    for (const c of communes) {
      if (c.type === 'arrondissement-municipal' && c.commune) this.parentOf.set(c.code, c.commune);
      if (c.type !== 'commune-actuelle') continue;
      this.communes.set(c.code, {
        code: c.code, nom: c.nom, departement: c.departement ?? '', codesPostaux: c.codesPostaux ?? [], epci: epciOf.get(c.code) ?? null,
        population: c.population ?? 0, key: comparable(c.nom),
      });
    }
    this.list = [...this.communes.values()].sort((a, b) => b.population - a.population);
  }

  /** The commune an INSEE code belongs to (an arrondissement gives its city). */
  communeOf(code: string | null | undefined): string | undefined {
    if (!code) return undefined;
    return this.parentOf.get(code) ?? (this.communes.has(code) ? code : undefined);
  }

  /** The département of an INSEE code (`40`, `2A`, `974`). */
  departementOf(code: string | null | undefined): string | undefined {
    const c = this.communeOf(code);
    return c ? this.communes.get(c)?.departement : undefined;
  }

  epciOf(code: string | null | undefined): string | undefined {
    const c = this.communeOf(code);
    return c ? this.communes.get(c)?.epci?.siren : undefined;
  }

  /** Name prefix (accent- and case-insensitive), INSEE code or postal code; most populated first. */
  search(q: string, limit: number): CommuneSummary[] {
    const query = comparable(q);
    const digits = /^\d[\dAB]{0,4}$/i.test(q.trim()) ? q.trim().toUpperCase() : undefined;
    const out: CommuneSummary[] = [];
    const seen = new Set<string>();
    const push = (c: CommuneEntry) => {
      if (seen.has(c.code) || out.length >= limit) return;
      seen.add(c.code);
      out.push({ code_insee: c.code, nom: c.nom, codes_postaux: c.codesPostaux, departement: c.departement, epci: c.epci });
    };
    if (digits) {
      const exact = this.communes.get(digits);
      if (exact) push(exact);
      for (const c of this.list) if (c.code.startsWith(digits) || c.codesPostaux.some((p) => p.startsWith(digits))) push(c);
      return out;
    }
    if (!query) return out;
    for (const c of this.list) if (c.key === query) push(c);
    for (const c of this.list) if (c.key.startsWith(query)) push(c);
    for (const c of this.list) if (c.key.includes(` ${query}`)) push(c);
    return out;
  }
}
