import { PinError, type UserContext } from '@pin/contracts';
import { hasRole, requireRole, requireStructureScope } from '@pin/auth';

export const ACTING_ROLES = ['aidant', 'mediateur', 'referent'] as const;

export interface Acting {
  user: UserContext;
  structureId: string;
}

/**
 * An aidant acts within one selected structure, which must be among the token's structures.
 * Without a selection, the token's only structure is used.
 */
export function acting(user: UserContext | undefined, requested: unknown): Acting {
  const u = requireRole(user, ...ACTING_ROLES);
  let structureId = typeof requested === 'string' && requested ? requested : undefined;
  if (!structureId) {
    const own = u.structures.filter((s) => s !== '*');
    if (own.length !== 1) throw new PinError('MANDAT.STRUCTURE_REQUISE', 'Choisissez la structure au nom de laquelle vous agissez.');
    structureId = own[0];
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(structureId)) {
    throw new PinError('REQUEST.INVALID', 'Structure : identifiant invalide.');
  }
  // Network roles see every structure, but only members act in one.
  if (!u.structures.includes(structureId) && !u.structures.includes('*')) requireStructureScope({ ...u, roles: [] }, structureId);
  return { user: u, structureId };
}

export function isUsager(user: UserContext | undefined): user is UserContext {
  return !!user && hasRole(user, 'usager');
}

export function notFound(what: 'usager' | 'mandat'): PinError {
  return what === 'usager' ? new PinError('USAGER.INTROUVABLE', 'Usager introuvable.') : new PinError('MANDAT.INTROUVABLE', 'Mandat introuvable.');
}
