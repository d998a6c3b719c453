import { allows, NETWORK_ROLES as NETWORK, PinError, type Policy, type Role, type UserContext } from '@pin/contracts';

/** Services re-check access themselves: the gateway's check is not trusted alone. */
export function requireUser(user: UserContext | undefined): UserContext {
  if (!user) throw new PinError('AUTH.UNAUTHENTICATED', 'Vous devez être connecté.');
  return user;
}

export function hasRole(user: UserContext | undefined, ...roles: Role[]): boolean {
  return !!user && roles.some((r) => user.roles.includes(r));
}

function forbidden(): PinError {
  return new PinError('AUTH.FORBIDDEN', "Vous n'avez pas les droits nécessaires pour cette action.");
}

export function requireRole(user: UserContext | undefined, ...roles: Role[]): UserContext {
  const u = requireUser(user);
  if (!hasRole(u, ...roles)) throw forbidden();
  return u;
}

/** The same policy the gateway checked (`POLICIES` of libs/contracts), checked again by the service. */
export function requirePolicy(user: UserContext | undefined, policy: Policy): UserContext {
  const u = requireUser(user);
  if (!allows(u, policy)) throw forbidden();
  return u;
}

/** Network-wide roles see every structure; others only the structures of their token. */
export const NETWORK_ROLES: Role[] = [...NETWORK];

export function canAccessStructure(user: UserContext, structureId: string): boolean {
  return hasRole(user, ...NETWORK_ROLES) || user.structures.includes(structureId) || user.structures.includes('*');
}

export function requireStructureScope(user: UserContext, structureId: string): void {
  if (!canAccessStructure(user, structureId)) {
    throw new PinError('AUTH.STRUCTURE_SCOPE', "Cette structure n'est pas la vôtre : accès refusé.");
  }
}
