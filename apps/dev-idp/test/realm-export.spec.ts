import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_OPERATOR_CLIENT_ID, DEMO_STRUCTURES, DEMO_USERS, OPERATOR_CLIENTS, ROLES } from '@pin/contracts';
import { repoRoot } from '@pin/testing';
import { serviceAccountClaims } from '../src/accounts/demo-accounts';
import { configSchema } from '../src/config/config.schema';
import { devIdpClients, GATEWAY_CLIENT_ID } from '../src/provider/clients';

interface Mapper {
  name: string;
  protocolMapper: string;
  config: Record<string, string>;
}
interface KcClient {
  clientId: string;
  secret?: string;
  publicClient: boolean;
  standardFlowEnabled: boolean;
  implicitFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  serviceAccountsEnabled: boolean;
  consentRequired: boolean;
  redirectUris: string[];
  attributes: Record<string, string>;
  protocolMappers: Mapper[];
}
interface KcGroup {
  name: string;
  path: string;
  subGroups: KcGroup[];
}
interface Realm {
  realm: string;
  enabled: boolean;
  roles: { realm: { name: string }[] };
  clients: KcClient[];
  groups: KcGroup[];
  users: { username: string; serviceAccountClientId?: string; realmRoles: string[] }[];
  clientScopes?: unknown;
  defaultRole?: unknown;
  identityProviders?: { alias: string; providerId: string; enabled: boolean; trustEmail: boolean; config: Record<string, string> }[];
  identityProviderMappers?: { name: string; identityProviderAlias: string; identityProviderMapper: string; config: Record<string, string> }[];
}

/** The realm export must describe what the dev-idp emulates, so that one can replace the other. */
describe('deploy/keycloak/realm-pin.json', () => {
  const raw = readFileSync(join(repoRoot(), 'deploy/keycloak/realm-pin.json'), 'utf8');
  const realm = JSON.parse(raw) as Realm;
  const clientOf = (id: string) => realm.clients.find((c) => c.clientId === id)!;
  const devIdp = devIdpClients(
    configSchema.parse({
      DEV_IDP_ISSUER: 'http://127.0.0.1:8080/realms/pin',
      DEV_IDP_GATEWAY_CLIENT_SECRET: 'x'.repeat(8),
      DEV_IDP_OPERATOR_CLIENT_SECRET: 'y'.repeat(8),
      DEV_IDP_GATEWAY_REDIRECT_URIS: 'http://127.0.0.1:3000/auth/callback',
      DEV_IDP_GATEWAY_POST_LOGOUT_URIS: 'http://127.0.0.1:3000/',
    }),
  );

  it('is the pin realm, with exactly the PIN realm roles (Keycloak adds its defaults itself)', () => {
    expect(realm).toMatchObject({ realm: 'pin', enabled: true });
    expect(realm.roles.realm.map((r) => r.name).sort()).toEqual([...ROLES, 'default-roles-pin'].sort());
    for (const user of DEMO_USERS) for (const role of user.roles) expect(ROLES).toContain(role);
    // Declaring client scopes would drop Keycloak's built-in ones.
    expect(realm.clientScopes).toBeUndefined();
  });

  it('lets a person create their own account, who then is a usager (Keycloak default role kept, with its own defaults)', () => {
    expect(realm).toMatchObject({ registrationAllowed: true, verifyEmail: true });
    // Keycloak's own name for the realm's default role: declaring it keeps the name, adds usager.
    expect(realm.defaultRole).toMatchObject({ name: 'default-roles-pin', composite: true });
    const defaults = realm.roles.realm.find((r) => r.name === 'default-roles-pin') as unknown as { composites: { realm: string[] } };
    expect([...defaults.composites.realm].sort()).toEqual(['offline_access', 'uma_authorization', 'usager']);
  });

  it('declares the same clients as the dev-idp', () => {
    expect(realm.clients.map((c) => c.clientId).sort()).toEqual(devIdp.map((c) => c.client_id).sort());
  });

  it('makes pin-gateway a confidential code + PKCE S256 client with refresh tokens and logout URIs', () => {
    const gateway = clientOf(GATEWAY_CLIENT_ID);
    const emulated = devIdp.find((c) => c.client_id === GATEWAY_CLIENT_ID)!;
    expect(emulated.grant_types).toEqual(['authorization_code', 'refresh_token']);
    expect(gateway).toMatchObject({
      publicClient: false,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      serviceAccountsEnabled: false,
      consentRequired: false,
    });
    expect(gateway.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(gateway.attributes['use.refresh.tokens']).toBe('true');
    expect(gateway.redirectUris.length).toBeGreaterThan(0);
    for (const uri of gateway.redirectUris) expect(uri).toMatch(/^\$\{PIN_[A-Z_]+:https?:\/\/[^}]+\}\/auth\/callback$/);
    expect(gateway.attributes['post.logout.redirect.uris']).toMatch(/^\$\{PIN_PUBLIC_URL:/);
  });

  it('makes pin-operator a client-credentials-only client whose service account is operateur', () => {
    const operator = clientOf(DEMO_OPERATOR_CLIENT_ID);
    const emulated = devIdp.find((c) => c.client_id === DEMO_OPERATOR_CLIENT_ID)!;
    expect(emulated.grant_types).toEqual(['client_credentials']);
    expect(operator).toMatchObject({ publicClient: false, serviceAccountsEnabled: true, standardFlowEnabled: false, directAccessGrantsEnabled: false });
    const account = realm.users.find((u) => u.serviceAccountClientId === DEMO_OPERATOR_CLIENT_ID)!;
    expect(account.username).toBe(serviceAccountClaims(DEMO_OPERATOR_CLIENT_ID).preferred_username);
    expect(account.realmRoles).toContain('operateur');
    expect((serviceAccountClaims(DEMO_OPERATOR_CLIENT_ID).realm_access as { roles: string[] }).roles).toEqual(['operateur']);
  });

  it('declares the CAF and CPAM operators as client-credentials-only clients whose service accounts are operateur', () => {
    for (const clientId of Object.values(OPERATOR_CLIENTS)) {
      const client = clientOf(clientId);
      expect(devIdp.find((c) => c.client_id === clientId)!.grant_types).toEqual(['client_credentials']);
      expect(client).toMatchObject({ publicClient: false, serviceAccountsEnabled: true, standardFlowEnabled: false, directAccessGrantsEnabled: false, implicitFlowEnabled: false });
      const account = realm.users.find((u) => u.serviceAccountClientId === clientId)!;
      expect(account.username).toBe(`service-account-${clientId}`);
      expect(account.realmRoles).toContain('operateur');
      const fixed = client.protocolMappers.find((m) => m.config['claim.name'] === 'structures')!;
      expect(JSON.parse(fixed.config['claim.value'])).toEqual(['*']);
    }
  });

  it('produces the structures claim: group names under /structures for users, ["*"] for the operator', () => {
    const groupMapper = clientOf(GATEWAY_CLIENT_ID).protocolMappers.find((m) => m.config['claim.name'] === 'structures')!;
    expect(groupMapper.protocolMapper).toBe('oidc-group-membership-mapper');
    expect(groupMapper.config).toMatchObject({ 'full.path': 'false', 'access.token.claim': 'true', 'id.token.claim': 'true', 'userinfo.token.claim': 'true' });

    const structures = realm.groups.find((g) => g.path === '/structures')!;
    const ids = structures.subGroups.map((g) => g.name).sort();
    expect(ids).toEqual(Object.values(DEMO_STRUCTURES).sort());
    for (const group of structures.subGroups) expect(group.path).toBe(`/structures/${group.name}`);
    for (const user of DEMO_USERS) for (const id of user.structures) expect(ids).toContain(id);

    const fixed = clientOf(DEMO_OPERATOR_CLIENT_ID).protocolMappers.find((m) => m.config['claim.name'] === 'structures')!;
    expect(fixed.protocolMapper).toBe('oidc-hardcoded-claim-mapper');
    expect(fixed.config['jsonType.label']).toBe('JSON');
    expect(JSON.parse(fixed.config['claim.value'])).toEqual(serviceAccountClaims(DEMO_OPERATOR_CLIENT_ID).structures);
  });

  it('produces the financeur claim from the admin-only user attribute financeur, as the dev-idp does for the demo funder', () => {
    const mapper = clientOf(GATEWAY_CLIENT_ID).protocolMappers.find((m) => m.config['claim.name'] === 'financeur')!;
    expect(mapper.protocolMapper).toBe('oidc-usermodel-attribute-mapper');
    expect(mapper.config).toMatchObject({ 'user.attribute': 'financeur', 'jsonType.label': 'String', 'access.token.claim': 'true', 'userinfo.token.claim': 'true' });
    const components = (realm as unknown as { components: Record<string, Array<{ providerId: string; config: Record<string, string[]> }>> }).components;
    const [profile] = components['org.keycloak.userprofile.UserProfileProvider'];
    expect(profile.providerId).toBe('declarative-user-profile');
    const attributes = (JSON.parse(profile.config['kc.user.profile.config'][0]) as { attributes: Array<{ name: string; permissions: { view: string[]; edit: string[] } }> }).attributes;
    expect(attributes.map((a) => a.name)).toEqual(['username', 'email', 'firstName', 'lastName', 'financeur']);
    // The person must not pick the funder whose figures they see.
    expect(attributes.find((a) => a.name === 'financeur')!.permissions).toEqual({ view: ['admin'], edit: ['admin'] });
    const funders = DEMO_USERS.filter((u) => u.roles.includes('financeur'));
    expect(funders.length).toBeGreaterThan(0);
    for (const u of funders) expect(u.financeur).toBeTruthy();
  });

  it('holds no real secret: only ${VAR:**********} placeholders', () => {
    for (const client of realm.clients) expect(client.secret).toMatch(/^\$\{PIN_[A-Z_]+_CLIENT_SECRET:\*{10}\}$/);
    expect(raw).not.toMatch(/dev-secret|"password"|"credentials"/);
  });

  it('declares FranceConnect (v2) as a disabled OIDC identity provider whose users become usagers', () => {
    const fc = realm.identityProviders?.find((p) => p.alias === 'franceconnect');
    expect(fc).toMatchObject({ providerId: 'oidc', enabled: false, trustEmail: false });
    const base = '${FRANCECONNECT_URL:https://auth.franceconnect.gouv.fr/api/v2}';
    expect(fc!.config).toMatchObject({
      clientId: '${FRANCECONNECT_CLIENT_ID:**********}',
      clientSecret: '${FRANCECONNECT_CLIENT_SECRET:**********}',
      issuer: base,
      authorizationUrl: `${base}/authorize?acr_values=eidas1`,
      tokenUrl: `${base}/token`,
      userInfoUrl: `${base}/userinfo`,
      jwksUrl: `${base}/jwks`,
      logoutUrl: `${base}/session/end`,
      useJwksUrl: 'true',
      validateSignature: 'true',
      defaultScope: 'openid given_name family_name email birthdate',
    });
    const mappers = (realm.identityProviderMappers ?? []).filter((m) => m.identityProviderAlias === 'franceconnect');
    // Every user who signs in through FranceConnect gets the realm role usager, and only that one.
    const roles = mappers.filter((m) => m.identityProviderMapper === 'oidc-hardcoded-role-idp-mapper').map((m) => m.config.role);
    expect(roles).toEqual(['usager']);
    expect(ROLES).toContain('usager');
    const attributes = Object.fromEntries(mappers.filter((m) => m.identityProviderMapper === 'oidc-user-attribute-idp-mapper').map((m) => [m.config.claim, m.config['user.attribute']]));
    expect(attributes).toEqual({ given_name: 'firstName', family_name: 'lastName', email: 'email' });
    for (const m of mappers) expect(m.config.syncMode).toBe('FORCE');
  });
});
