import type { EntityManager } from 'typeorm';

/** Possible duplicates across sources: same commune, close (or no coordinates), similar name or address. */
const DUPLICATES_SQL = `
  WITH c AS (
    SELECT o.id,
      similarity(lower(unaccent(o.nom)), lower(unaccent(l.nom))) AS sn,
      similarity(lower(unaccent(o.adresse)), lower(unaccent(l.adresse))) AS sa,
      ST_Distance(o.location, l.location) AS d
    FROM lieu l
    JOIN lieu o ON o.id <> l.id AND o.source <> l.source AND o.statut = 'actif'
      AND (o.code_insee = l.code_insee
        OR (o.code_postal = l.code_postal AND lower(unaccent(o.commune)) = lower(unaccent(l.commune))))
    WHERE l.id = $1 AND l.statut = 'actif'
  )
  INSERT INTO lieu_doublon (id, lieu_id, doublon_de, import_id, similarite_nom, similarite_adresse, distance_m)
  SELECT gen_random_uuid(), $1, c.id, $2, c.sn, c.sa, c.d FROM c
  WHERE (c.d IS NULL OR c.d < 200) AND (c.sn >= 0.4 OR (c.sa >= 0.6 AND c.sn >= 0.2))
  ON CONFLICT DO NOTHING
  RETURNING id`;

/**
 * Records the possible duplicates of a lieu an import just created, for review (DuplicatesService);
 * returns how many were proposed. Runs in the import batch's transaction.
 */
export async function proposeDuplicates(m: EntityManager, lieuId: string, importId: string): Promise<number> {
  return ((await m.query(DUPLICATES_SQL, [lieuId, importId])) as unknown[]).length;
}
