import { WITHHELD_FLAGS } from '@pin/contracts';

/**
 * Unreadable horaires (flag `horaires-invalides`) are stored so that the lieu's managers can fix
 * them (mes-lieux, moderation), but never served to the public (search, map, detail, open-data
 * exports) until an edit fixes them; the flag is recomputed at every write. See also
 * positionWithheld (./geo) for positions.
 */
const HORAIRES_FLAGS = (Object.keys(WITHHELD_FLAGS) as (keyof typeof WITHHELD_FLAGS)[]).filter((f) =>
  (WITHHELD_FLAGS[f] as readonly string[]).includes('horaires'),
);

export const horairesWithheld = (flags: readonly string[] | null | undefined): boolean =>
  (flags ?? []).some((f) => (HORAIRES_FLAGS as readonly string[]).includes(f));

/** SQL select item of `lieu`: `horaires` as served to the public (NULL when withheld). */
export const SERVED_HORAIRES_SQL = `CASE WHEN flags && ARRAY[${HORAIRES_FLAGS.map((f) => `'${f}'`).join(', ')}]::text[] THEN NULL ELSE horaires END AS horaires`;
