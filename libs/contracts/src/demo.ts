/**
 * Identities of the demo data set (dev-idp users and the directory's demo structures).
 * Used only by `npm start`, the dev-idp and tests; never by production code paths.
 */
export const DEMO_STRUCTURES = {
  /** Médiathèque de Mont-de-Marsan (demo). */
  montDeMarsan: '0a1b2c3d-0000-4000-8000-000000000001',
  /** France Services de Dax (demo). */
  dax: '0a1b2c3d-0000-4000-8000-000000000002',
} as const;

export const DEMO_PASSWORD = 'demo';

export interface DemoUser {
  username: string;
  name: string;
  email: string;
  roles: readonly string[];
  structures: readonly string[];
  /** Role `financeur`: the funder (token claim `financeur`, Keycloak user attribute of the same name). */
  financeur?: string;
}

/** The demo funder of the Pass Numérique, as written on its batches. */
export const DEMO_FUNDER = 'Département des Landes';

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'usager', name: 'Camille Usager', email: 'usager@demo.pin.test', roles: ['usager'], structures: [] },
  { username: 'aidant', name: 'Alex Aidant', email: 'aidant@demo.pin.test', roles: ['aidant'], structures: [DEMO_STRUCTURES.montDeMarsan] },
  { username: 'mediateur', name: 'Morgane Médiatrice', email: 'mediateur@demo.pin.test', roles: ['mediateur'], structures: [DEMO_STRUCTURES.dax] },
  { username: 'referent', name: 'Romain Référent', email: 'referent@demo.pin.test', roles: ['referent'], structures: [DEMO_STRUCTURES.montDeMarsan] },
  { username: 'referent-dax', name: 'Diane Référente', email: 'referent-dax@demo.pin.test', roles: ['referent'], structures: [DEMO_STRUCTURES.dax] },
  { username: 'animateur', name: 'Anne Animatrice', email: 'animateur@demo.pin.test', roles: ['animateur'], structures: [] },
  { username: 'financeur', name: 'Fanny Financeuse', email: 'financeur@demo.pin.test', roles: ['financeur'], structures: [], financeur: DEMO_FUNDER },
  { username: 'admin', name: 'Adrien Admin', email: 'admin@demo.pin.test', roles: ['admin'], structures: [] },
];

/** The operator machine client (client credentials). */
export const DEMO_OPERATOR_CLIENT_ID = 'pin-operator';

/** The public-service operators' machine clients (client credentials, role operateur): CAF and CPAM. */
export const OPERATOR_CLIENTS = { caf: 'pin-caf', cpam: 'pin-cpam' } as const;
