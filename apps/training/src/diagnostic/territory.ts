/**
 * The territory of a commune for anonymous counts: its département and EPCI, offline from
 * @etalab/decoupage-administratif (loaded once, on first use).
 */
interface RawCommune {
  code: string;
  type: string;
  departement?: string;
  commune?: string;
}
interface RawEpci {
  code: string;
  membres: Array<{ code: string }>;
}

let index: Map<string, { departement: string; epci: string | null }> | undefined;

function load(): Map<string, { departement: string; epci: string | null }> {
  /* eslint-disable @typescript-eslint/no-require-imports -- JSON data files of the package (its index.js reads them relative to the cwd) */
  const communes = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
  const epcis = require('@etalab/decoupage-administratif/data/epci.json') as RawEpci[];
  /* eslint-enable @typescript-eslint/no-require-imports */
  const epciOf = new Map<string, string>();
  for (const e of epcis) for (const m of e.membres) epciOf.set(m.code, e.code);
  const out = new Map<string, { departement: string; epci: string | null }>();
  for (const c of communes) if (c.type === 'commune-actuelle' && c.departement) out.set(c.code, { departement: c.departement, epci: epciOf.get(c.code) ?? null });
  // Arrondissements municipaux (Paris, Lyon, Marseille) count for their city.
  for (const c of communes) if (c.type === 'arrondissement-municipal' && c.commune && out.has(c.commune)) out.set(c.code, out.get(c.commune)!);
  return out;
}

export function territoryOf(codeInsee: string): { departement: string; epci: string | null } | undefined {
  index ??= load();
  return index.get(codeInsee);
}
