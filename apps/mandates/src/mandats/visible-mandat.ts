import type { EntityManager } from 'typeorm';
import type { UserContext } from '@pin/contracts';
import { hasRole, requireUser } from '@pin/auth';
import { RequestContext } from '@pin/observability';
import { acting, notFound } from '../common/acting';
import { isUuid } from '../common/parse';
import { MANDAT_SELECT, type MandatRow } from './mandat.present';

/**
 * A mandate the caller may see: the usager whose account is linked to it, or an aidant acting
 * in the mandate's structure. Anything else is 404 (never says that it exists elsewhere).
 */
export async function visibleMandat(
  m: EntityManager,
  id: unknown,
  requestedStructure: unknown,
  forUpdate = false,
): Promise<{ mandat: MandatRow & { account_sub: string | null }; par: 'usager' | 'aidant'; user: UserContext }> {
  const user = requireUser(RequestContext.get()?.user);
  if (!isUuid(id)) throw notFound('mandat');
  const rows = (await m.query(
    `${MANDAT_SELECT.replace('SELECT m.*,', 'SELECT m.*, u.account_sub,')} JOIN usager u ON u.id = m.usager_id WHERE m.id = $1 ${forUpdate ? 'FOR UPDATE OF m' : ''}`,
    [id],
  )) as Array<MandatRow & { account_sub: string | null }>;
  const row = rows[0];
  if (hasRole(user, 'usager') && !hasRole(user, 'aidant', 'mediateur', 'referent')) {
    if (!row || row.account_sub !== user.sub) throw notFound('mandat');
    return { mandat: row, par: 'usager', user };
  }
  const { structureId } = acting(user, requestedStructure);
  if (!row || row.structure_id !== structureId) throw notFound('mandat');
  return { mandat: row, par: 'aidant', user };
}
