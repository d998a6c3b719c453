import type { Role } from './roles';

/**
 * Who may do what, defined once: the gateway checks the route's policy, the service re-checks the
 * same policy (it never trusts the edge alone) and the web app shows or hides the action with it.
 * This file imports nothing at run time, so the web bundle can use it.
 */
export type Policy =
  | { readonly access: 'public' }
  | { readonly access: 'authenticated' }
  | { readonly access: 'roles'; readonly roles: readonly Role[] };

const roles = (...r: Role[]): Policy => ({ access: 'roles', roles: r });
const PUBLIC: Policy = { access: 'public' };

/** Roles that act for usagers within one selected structure. */
export const ACTING_ROLES = ['aidant', 'mediateur', 'referent'] as const satisfies readonly Role[];
/** Roles that see every structure of the network. */
export const NETWORK_ROLES = ['animateur', 'admin'] as const satisfies readonly Role[];

const acting = roles(...ACTING_ROLES);
const network = roles(...NETWORK_ROLES);
const structureManagers = roles('referent', ...NETWORK_ROLES);

export const POLICIES = {
  public: PUBLIC,
  authenticated: { access: 'authenticated' } as Policy,
  structure: { create: network, read: structureManagers, edit: structureManagers },
  lieu: { read: PUBLIC, search: PUBLIC, create: structureManagers, edit: structureManagers, close: structureManagers, manage: structureManagers },
  demarche: { read: PUBLIC, manage: network },
  signalement: { create: PUBLIC, moderate: structureManagers },
  import: { run: network },
  duplicate: { review: network },
  /** The directory's dashboard: the whole network for animateurs and admins, their structures for référents. */
  dashboard: { read: structureManagers },
  export: { read: PUBLIC },
  usager: { manage: acting },
  /** The usager's own space: their mandates, their journal, linking their account. */
  self: { read: roles('usager') },
  mandat: {
    create: acting,
    read: roles(...ACTING_ROLES, 'usager'),
    revoke: roles(...ACTING_ROLES, 'usager'),
    attestation: acting,
    revocationAttestation: roles(...ACTING_ROLES, 'usager'),
    verify: PUBLIC,
  },
  habilitation: {
    list: roles(...ACTING_ROLES, ...NETWORK_ROLES),
    request: structureManagers,
    /** Route-level: referents may withdraw; granting and refusing need `habilitation.grant`. */
    decide: structureManagers,
    grant: network,
  },
  /** The people who act in a structure (known from their logins): its referent and the network. */
  membre: { list: structureManagers },
  /** The caller's working-space summary (home page): every signed-in user. */
  espace: { read: { access: 'authenticated' } as Policy },
  /** Training (service `training`): public catalogue; sessions run by the network; the session's trainer records attendance. */
  formation: {
    read: PUBLIC,
    verify: PUBLIC,
    manage: network,
    /** Route-level: the service also checks that the caller is the session's trainer (or the network). */
    train: roles('mediateur', ...NETWORK_ROLES),
    register: roles(...ACTING_ROLES, ...NETWORK_ROLES),
    mine: acting,
    /** PIX results: recorded by the referent of the aidant's structure (or the network), read by them and the aidant. */
    pix: structureManagers,
    pixRead: roles(...ACTING_ROLES, ...NETWORK_ROLES),
    /** Withdraw a training certification granted by mistake: the network (animateurs, admins) only. */
    withdraw: network,
    /** The diagnostic de premier niveau, led by an aidant, a médiateur or a référent with the person. */
    diagnostic: acting,
  },
  admin: { operate: roles('admin') },
  /** The digital safe (service `safe`): the usager owns it; aidants act under mandate (and the usager's shares). */
  coffre: { own: roles('usager'), act: acting, rotate: roles('admin') },
  /** Operators (CAF, CPAM…: client-credentials clients) manage their own webhooks and subscriptions; the Département's staff (animateurs, admins) supervise them all. */
  operator: { manage: roles('operateur'), supervise: network },
  /** Operators' announcements: published by operators, read and acknowledged by the people who help usagers. */
  announcement: { read: roles(...ACTING_ROLES, ...NETWORK_ROLES) },
  /** Orientations sent by operators to lieux: the lieu's structure (and the network) sees them and says what became of them. */
  orientation: { handle: roles(...ACTING_ROLES, ...NETWORK_ROLES) },
  /**
   * Labelling (service `labelling`): referents apply for their lieux, the network reviews and keeps
   * the programmes, the charter and the Pass Numérique ledger; aidants sign the charter; lieux redeem passes.
   */
  labelling: {
    read: PUBLIC,
    /** Route-level: the service also checks that the dossier's structure is the caller's (or the network). */
    apply: structureManagers,
    review: network,
    manage: network,
    charterRead: { access: 'authenticated' } as Policy,
    charterSign: acting,
    /** Prescribers (a structure of the network, e.g. the Mission Locale) hand passes out; the service checks the allocation. */
    passDistribute: roles(...ACTING_ROLES, ...NETWORK_ROLES),
    /** Route-level: the service also checks that the lieu is the caller's structure's and holds #APTIC. */
    passRedeem: acting,
    passRead: roles(...ACTING_ROLES, ...NETWORK_ROLES),
    /**
     * Route-level: a funder's officer (role `financeur`) sees the figures and monthly claims of their
     * own funder's batches only, creates and downloads those claims and marks them paid; the network sees all.
     */
    passFunding: roles('financeur', ...NETWORK_ROLES),
  },
  /** Ethical mailboxes (service `mailbox`): requested and managed by the aidant under a mandate (papiers or social); the usager's own space. */
  messagerie: { manage: acting, self: roles('usager') },
} as const satisfies Record<string, Policy | Record<string, Policy>>;

/** Whether a user (or nobody, for public policies) satisfies a policy. */
export function allows(user: { roles: readonly string[] } | undefined | null, policy: Policy): boolean {
  switch (policy.access) {
    case 'public':
      return true;
    case 'authenticated':
      return !!user;
    case 'roles':
      return !!user && policy.roles.some((r) => user.roles.includes(r));
  }
}
