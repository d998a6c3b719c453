import { ACTING_ROLES, type Role, type UserContext } from '@pin/contracts';
import { isUuid } from '../acting/acting.policy';

/** A member row as written: one per (structure, subject). */
export interface MemberFacts {
  structureId: string;
  sub: string;
  username: string;
  nom: string | null;
  roles: Role[];
}

/** Display name from the token: given and family name when present, else `name`, else none. */
export function memberDisplayName(user: Pick<UserContext, 'name' | 'givenName' | 'familyName'>): string | null {
  const parts = [user.givenName, user.familyName].map((p) => p?.trim()).filter((p): p is string => !!p);
  if (parts.length) return parts.join(' ');
  return user.name?.trim() || null;
}

/**
 * The member rows a call by this user should keep up to date: one per structure of the token for
 * acting roles (aidant, médiateur, référent); none for other roles or operator accounts (`*`).
 */
export function membershipsOf(user: UserContext | undefined): MemberFacts[] {
  if (!user) return [];
  const roles = user.roles.filter((r) => (ACTING_ROLES as readonly string[]).includes(r));
  if (!roles.length) return [];
  const nom = memberDisplayName(user);
  return [...new Set(user.structures)].filter(isUuid).map((structureId) => ({ structureId, sub: user.sub, username: user.username, nom, roles }));
}

/**
 * Remembers, in memory, when each member row was last written and with which facts, so that a
 * call writes only when the member is new to this process, their name, username or roles changed,
 * or the last write is older than `refreshMs` (one hour): not a write per request.
 */
export class MemberWriteCache {
  private readonly written = new Map<string, { at: number; fingerprint: string }>();

  constructor(
    private readonly refreshMs = 3_600_000,
    private readonly maxEntries = 50_000,
  ) {}

  static fingerprint(f: MemberFacts): string {
    return JSON.stringify([f.username, f.nom, [...f.roles].sort()]);
  }

  /** Whether this member needs a write now. */
  due(f: MemberFacts, now = Date.now()): boolean {
    const seen = this.written.get(`${f.structureId}|${f.sub}`);
    return !seen || seen.fingerprint !== MemberWriteCache.fingerprint(f) || now - seen.at >= this.refreshMs;
  }

  /** Records a successful write. */
  remember(f: MemberFacts, now = Date.now()): void {
    const key = `${f.structureId}|${f.sub}`;
    this.written.delete(key);
    if (this.written.size >= this.maxEntries) this.written.delete(this.written.keys().next().value as string);
    this.written.set(key, { at: now, fingerprint: MemberWriteCache.fingerprint(f) });
  }

  /** Forgets a member (e.g. after a failed write, so the next call retries). */
  forget(f: MemberFacts): void {
    this.written.delete(`${f.structureId}|${f.sub}`);
  }
}
