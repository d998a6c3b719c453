import { PinError, POLICIES, type UserContext } from '@pin/contracts';
import { hasRole, requirePolicy, requireStructureScope } from '@pin/auth';
import type { JournalActor } from '../journal/journal-inputs';

export interface Acting {
  user: UserContext;
  structureId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

/**
 * An aidant acts within one selected structure, which must be among the token's structures.
 * Without a selection, the token's only structure is used.
 */
export function acting(user: UserContext | undefined, requested: unknown): Acting {
  const u = requirePolicy(user, POLICIES.usager.manage);
  let structureId = typeof requested === 'string' && requested ? requested : undefined;
  if (!structureId) {
    const own = u.structures.filter((s) => s !== '*');
    if (own.length !== 1) throw new PinError('MANDAT.STRUCTURE_REQUIRED', 'Choisissez la structure au nom de laquelle vous agissez.');
    structureId = own[0];
  }
  if (!isUuid(structureId)) throw new PinError('REQUEST.INVALID', 'Structure : identifiant invalide.', [{ path: 'structureId', message: 'Structure : identifiant invalide.' }]);
  // Network roles see every structure, but only members act in one.
  if (!u.structures.includes(structureId) && !u.structures.includes('*')) requireStructureScope({ ...u, roles: [] }, structureId);
  return { user: u, structureId };
}

/** An usager acting in their own space (their account is linked to their dossier). */
export function isUsagerOnly(user: UserContext): boolean {
  return hasRole(user, 'usager') && !hasRole(user, 'aidant', 'mediateur', 'referent');
}

/** How the acting person is named in the journal's personal details. */
export const actorName = (user: UserContext): string => user.name ?? user.username;

/** The acting person for a journal entry: `sub` in the hashed part, the name in the personal details. */
export const journalActor = (user: UserContext): JournalActor => ({ sub: user.sub, nom: actorName(user) });
