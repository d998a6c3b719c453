import { createHash } from 'node:crypto';
import { DEMO_USERS, type DemoUser } from '@pin/contracts';

/** Realm roles Keycloak gives every user of the realm besides the assigned ones. */
export const KEYCLOAK_DEFAULT_ROLES = ['offline_access', 'uma_authorization', 'default-roles-pin'] as const;

/** Client roles of Keycloak's built-in `account` client, present in every user token. */
const ACCOUNT_CLIENT_ROLES = ['manage-account', 'manage-account-links', 'view-profile'];

/**
 * Name-based UUID (RFC 4122 v5) so that `sub` looks like Keycloak's user ids and stays the same
 * across restarts and machines: tests and seeded data may rely on it.
 */
export function stableUuid(name: string): string {
  const namespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex'); // RFC 4122 URL namespace
  const hash = createHash('sha1').update(namespace).update(`urn:pin:dev-idp:${name}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface DemoAccount extends DemoUser {
  /** The `sub` of every token issued to this user. */
  id: string;
}

const ACCOUNTS: readonly DemoAccount[] = DEMO_USERS.map((user) => ({ ...user, id: stableUuid(user.username) }));

/** `sub` of a client's service account (Keycloak: a user named service-account-<client id>). */
export function serviceAccountId(clientId: string): string {
  return stableUuid(`service-account-${clientId}`);
}

export function listAccounts(): readonly DemoAccount[] {
  return ACCOUNTS;
}

export function findAccountById(id: string): DemoAccount | undefined {
  return ACCOUNTS.find((account) => account.id === id);
}

export function findAccountByUsername(username: string): DemoAccount | undefined {
  const wanted = username.trim().toLowerCase();
  return ACCOUNTS.find((account) => account.username === wanted || account.email === wanted);
}

/** OpenID profile claims as Keycloak returns them in ID tokens and from userinfo. */
export function profileClaims(account: DemoAccount): { sub: string; [claim: string]: unknown } {
  const [givenName, ...rest] = account.name.split(' ');
  return {
    sub: account.id,
    preferred_username: account.username,
    name: account.name,
    given_name: givenName,
    family_name: rest.join(' '),
    email: account.email,
    email_verified: true,
    structures: [...account.structures],
    // Keycloak: the user attribute `financeur`, mapped to a claim of the same name (role financeur only).
    ...(account.financeur ? { financeur: account.financeur } : {}),
  };
}

/** Claims added to a user's access token, shaped like Keycloak's. */
export function userTokenClaims(account: DemoAccount, clientId: string): Record<string, unknown> {
  // `sub` is a reserved claim: oidc-provider writes it from the account id itself.
  const { sub: _sub, ...profile } = profileClaims(account);
  return {
    typ: 'Bearer',
    azp: clientId,
    realm_access: { roles: [...account.roles, ...KEYCLOAK_DEFAULT_ROLES] },
    resource_access: { account: { roles: ACCOUNT_CLIENT_ROLES } },
    ...profile,
  };
}

/** Claims of the operator's service-account token (client credentials). */
export function serviceAccountClaims(clientId: string): Record<string, unknown> {
  return {
    typ: 'Bearer',
    azp: clientId,
    realm_access: { roles: ['operateur'] },
    preferred_username: `service-account-${clientId}`,
    // Operators are not bound to a structure: '*' tells services the caller spans all of them.
    structures: ['*'],
  };
}
