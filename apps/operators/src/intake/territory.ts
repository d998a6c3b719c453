import type { Place } from '../subscriptions/subscription-match';

interface RawCommune { code: string; type: string; departement?: string; commune?: string }
interface RawEpci { code: string; membres: { code: string }[] }

/**
 * INSEE code → département and EPCI, offline (@etalab/decoupage-administratif, as the directory
 * uses); an arrondissement municipal counts as its city.
 */
export class Territories {
  private readonly departement = new Map<string, string>();
  private readonly epci = new Map<string, string>();
  private readonly parent = new Map<string, string>();

  constructor() {
    /* eslint-disable @typescript-eslint/no-require-imports -- JSON data files of the package */
    const communes = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
    const epcis = require('@etalab/decoupage-administratif/data/epci.json') as RawEpci[];
    /* eslint-enable @typescript-eslint/no-require-imports */
    for (const e of epcis) for (const m of e.membres) this.epci.set(m.code, e.code);
    for (const c of communes) {
      if (c.type === 'arrondissement-municipal' && c.commune) this.parent.set(c.code, c.commune);
      if (c.type === 'commune-actuelle' && c.departement) this.departement.set(c.code, c.departement);
    }
  }

  /** The place of an INSEE code; an unknown code keeps the commune and guesses the département from its first digits. */
  placeOf(codeInsee: string | null | undefined): Place | null {
    if (!codeInsee) return null;
    const code = this.parent.get(codeInsee) ?? codeInsee;
    const departement = this.departement.get(code) ?? (/^97/.test(code) ? code.slice(0, 3) : code.slice(0, 2));
    return { commune: code, departement, epci: this.epci.get(code) ?? null };
  }
}
