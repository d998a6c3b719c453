import { normalizeLabel } from '@pin/contracts';

interface Commune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  codesPostaux?: string[];
}

let byPostalCode: Map<string, Commune[]> | undefined;
let byCode: Map<string, Commune> | undefined;

function load(): void {
  if (byPostalCode) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const communes = require('@etalab/decoupage-administratif/data/communes.json') as Commune[];
  byPostalCode = new Map();
  byCode = new Map();
  for (const c of communes) {
    if (c.type !== 'commune-actuelle' && c.type !== 'arrondissement-municipal') continue;
    byCode.set(c.code, c);
    for (const cp of c.codesPostaux ?? []) {
      const list = byPostalCode.get(cp) ?? [];
      list.push(c);
      byPostalCode.set(cp, list);
    }
  }
}

const comparable = (name: string) => normalizeLabel(name).replace(/[^a-z0-9]+/g, ' ').replace(/\bst\b/g, 'saint').replace(/\bste\b/g, 'sainte').trim();

/**
 * The INSEE code of a commune from its postal code and name (offline, @etalab/decoupage-administratif):
 * the only commune of that postal code, or the one whose name matches. Undefined when unsure.
 * `byNameOnly`: the name must match (a postal code restored from four digits is only trusted
 * when it is one of the named commune's).
 */
export function inferCodeInsee(codePostal: string, commune: string, o: { byNameOnly?: boolean } = {}): string | undefined {
  load();
  const candidates = (byPostalCode!.get(codePostal) ?? []).filter((c) => c.type === 'commune-actuelle');
  const name = comparable(commune);
  const named = candidates.filter((c) => comparable(c.nom) === name);
  if (named.length === 1) return named[0].code;
  if (candidates.length === 1 && !o.byNameOnly) return candidates[0].code;
  // Arrondissements (Paris, Lyon, Marseille): "LYON" with 69003 is the commune of Lyon.
  const prefixed = candidates.filter((c) => name.startsWith(comparable(c.nom)));
  return prefixed.length === 1 ? prefixed[0].code : undefined;
}

/** Whether an INSEE code exists (current commune or municipal arrondissement). */
export function communeExists(code: string): boolean {
  load();
  return byCode!.has(code);
}
