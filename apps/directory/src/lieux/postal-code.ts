/**
 * Does a postal code belong to the commune of an INSEE code? Offline, from
 * @etalab/decoupage-administratif: current communes and arrondissements municipaux carry their
 * postal codes; a commune déléguée or associée has those of its commune nouvelle (chef-lieu).
 */

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  chefLieu?: string;
  codesPostaux?: string[];
}

export interface CommunePostalCodes {
  codeInsee: string;
  nom: string;
  codesPostaux: string[];
}

let byCode: Map<string, CommunePostalCodes> | undefined;

function load(): Map<string, CommunePostalCodes> {
  if (byCode) return byCode;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const raw = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
  const current = new Map<string, RawCommune>();
  for (const c of raw) if (c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal') current.set(c.code, c);
  byCode = new Map();
  for (const c of raw) {
    const own = c.codesPostaux ?? [];
    const parent = c.chefLieu ? current.get(c.chefLieu) : undefined;
    const codes = own.length ? own : (parent?.codesPostaux ?? []);
    const known = byCode.get(c.code);
    // Communes déléguées share codes with their commune nouvelle: keep the current commune's name, join the codes.
    byCode.set(c.code, {
      codeInsee: c.code,
      nom: known && current.has(c.code) ? current.get(c.code)!.nom : (known?.nom ?? c.nom),
      codesPostaux: [...new Set([...(known?.codesPostaux ?? []), ...codes])].sort(),
    });
  }
  return byCode;
}

/** The postal codes of an INSEE code's commune, or undefined when the code is unknown or has none listed. */
export function postalCodesOfInsee(codeInsee: string): CommunePostalCodes | undefined {
  const c = load().get(codeInsee);
  return c && c.codesPostaux.length > 0 ? c : undefined;
}

/**
 * The commune whose postal codes do not include `codePostal`, or undefined when the postal code
 * is one of them or nothing can be said (unknown INSEE code: flagged `insee-inconnu` elsewhere).
 */
export function postalCodeMismatch(codePostal: string, codeInsee: string): CommunePostalCodes | undefined {
  const c = postalCodesOfInsee(codeInsee);
  return c && !c.codesPostaux.includes(codePostal) ? c : undefined;
}

/** « Code postal 04010 : ce n'est pas un code postal de la commune 40088 (Dax), dont les codes postaux sont 40100. » */
export function postalCodeMismatchMessage(codePostal: string, commune: CommunePostalCodes, given?: string): string {
  const shown = given && given !== codePostal ? `${codePostal} (« ${given} » complété d'un zéro)` : codePostal;
  const expected = commune.codesPostaux.length === 1 ? `dont le code postal est ${commune.codesPostaux[0]}` : `dont les codes postaux sont ${commune.codesPostaux.join(', ')}`;
  return `Code postal ${shown} : ce n'est pas un code postal de la commune ${commune.codeInsee} (${commune.nom}), ${expected}.`;
}
