import { PinError, type Role, type UserContext } from '@pin/contracts';

/** Services re-check roles themselves: the gateway's check is not trusted alone. */
export function requireUser(user: UserContext | undefined): UserContext {
  if (!user) throw new PinError('AUTH.UNAUTHENTICATED', 'Vous devez être connecté.');
  return user;
}

export function hasRole(user: UserContext | undefined, ...roles: Role[]): boolean {
  return !!user && roles.some((r) => user.roles.includes(r));
}

export function requireRole(user: UserContext | undefined, ...roles: Role[]): UserContext {
  const u = requireUser(user);
  if (!hasRole(u, ...roles)) {
    throw new PinError('AUTH.FORBIDDEN', "Vous n'avez pas les droits nécessaires pour cette action.");
  }
  return u;
}

/** Network-wide roles see every structure; others only the structures of their token. */
export const NETWORK_ROLES: Role[] = ['animateur', 'admin'];

export function canAccessStructure(user: UserContext, structureId: string): boolean {
  return hasRole(user, ...NETWORK_ROLES) || user.structures.includes(structureId) || user.structures.includes('*');
}

export function requireStructureScope(user: UserContext, structureId: string): void {
  if (!canAccessStructure(user, structureId)) {
    throw new PinError('AUTH.STRUCTURE_SCOPE', "Cette structure n'est pas la vôtre : accès refusé.");
  }
}
