import { PinError, POLICIES, type UserContext } from '@pin/contracts';
import { requirePolicy, requireStructureScope } from '@pin/auth';

export interface Acting {
  user: UserContext;
  structureId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An aidant (médiateur, référent) acting for one of their structures: the selected one, or their only one. */
export function acting(user: UserContext | undefined, requested: unknown): Acting {
  const u = requirePolicy(user, POLICIES.messagerie.manage);
  let structureId = typeof requested === 'string' && requested ? requested : undefined;
  if (!structureId) {
    const own = u.structures.filter((s) => s !== '*');
    if (own.length !== 1) throw new PinError('REQUEST.INVALID', 'Choisissez la structure au nom de laquelle vous agissez.', [{ path: 'structureId', message: 'Structure : ce champ est obligatoire.' }]);
    structureId = own[0];
  }
  if (!UUID.test(structureId)) throw new PinError('REQUEST.INVALID', 'Structure : identifiant invalide.', [{ path: 'structureId', message: 'Structure : identifiant invalide.' }]);
  // Network roles see every structure, but only members act in one.
  if (!u.structures.includes(structureId) && !u.structures.includes('*')) requireStructureScope({ ...u, roles: [] }, structureId);
  return { user: u, structureId };
}
