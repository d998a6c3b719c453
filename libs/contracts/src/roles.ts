/** Keycloak realm roles of the `pin` realm. */
export const ROLES = ['usager', 'aidant', 'mediateur', 'referent', 'animateur', 'operateur', 'financeur', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Verified identity carried from the gateway to services in the `pin-user` NATS header. */
export interface UserContext {
  /** Keycloak subject (user id or service-account id). */
  sub: string;
  username: string;
  name?: string;
  /** OpenID `given_name` / `family_name` (Keycloak: profile scope), when the token has them. */
  givenName?: string;
  familyName?: string;
  roles: Role[];
  /** Structure ids the user belongs to; `['*']` for operator service accounts. */
  structures: string[];
  /**
   * Role `financeur` only: the funder this person works for, exactly as batches of passes name it
   * (Keycloak user attribute `financeur`, token claim `financeur`). Compared case-insensitively.
   */
  financeur?: string;
  clientId?: string;
}
