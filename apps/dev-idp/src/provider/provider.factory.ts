import { Provider, type Configuration } from 'oidc-provider';
import { findAccountById, profileClaims } from '../accounts/demo-accounts';
import type { DevIdpConfig } from '../config/config.schema';
import type { DevIdpKeys } from '../keys/key-file';
import { devIdpClients } from './clients';
import { loadExistingGrant } from './grant.loader';
import { logoutSource, postLogoutSuccessSource, renderError } from './provider.pages';
import { COOKIE_NAMES, KC_OIDC, LOGIN_ACTIONS_PATH, REALM_PATH } from './realm-paths';
import { PIN_API_RESOURCE, customizeJwt, extraTokenClaims, markIdTokens, resourceServer } from './token-claims';

const HOUR = 60 * 60;

/**
 * oidc-provider configured as Keycloak's realm `pin`: Keycloak's endpoint paths (relative to the
 * mount at REALM_PATH), RS256 JWT access tokens with Keycloak's claims, no consent screen.
 */
export function createProvider(issuer: string, config: DevIdpConfig, keys: DevIdpKeys): Provider {
  const accessTokenTTL = config.DEV_IDP_ACCESS_TOKEN_TTL;
  const configuration: Configuration = {
    clients: devIdpClients(config),
    jwks: { keys: keys.keys },
    routes: {
      authorization: `${KC_OIDC}/auth`,
      token: `${KC_OIDC}/token`,
      jwks: `${KC_OIDC}/certs`,
      userinfo: `${KC_OIDC}/userinfo`,
      end_session: `${KC_OIDC}/logout`,
      introspection: `${KC_OIDC}/token/introspect`,
      revocation: `${KC_OIDC}/revoke`,
      pushed_authorization_request: `${KC_OIDC}/ext/par/request`,
    },
    cookies: {
      keys: keys.cookieKeys,
      names: COOKIE_NAMES,
      // Browsers ignore ports: without the path, the session cookie would also reach the gateway.
      long: { path: REALM_PATH, httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    scopes: ['openid', 'offline_access', 'profile', 'email', 'roles'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username', 'structures', 'financeur'],
      email: ['email', 'email_verified'],
    },
    // Keycloak puts profile and email claims into the ID token too.
    conformIdTokenClaims: false,
    async findAccount(_ctx, sub) {
      const account = findAccountById(sub);
      return account ? { accountId: sub, claims: () => profileClaims(account) } : undefined;
    },
    interactions: { url: (_ctx, interaction) => `${LOGIN_ACTIONS_PATH}/${interaction.uid}` },
    loadExistingGrant,
    // Keycloak gives refresh tokens without the offline_access scope.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => PIN_API_RESOURCE,
        // Without it a code-flow token that includes `openid` would be opaque.
        useGrantedResource: async () => true,
        getResourceServerInfo: async () => resourceServer(accessTokenTTL),
      },
    },
    extraTokenClaims,
    formats: { customizers: { jwt: customizeJwt } },
    renderError,
    // Local tool: any origin may call the token/userinfo endpoints (a SPA served by vite, say).
    clientBasedCORS: () => true,
    ttl: {
      AccessToken: accessTokenTTL,
      ClientCredentials: accessTokenTTL,
      AuthorizationCode: 60,
      IdToken: accessTokenTTL,
      // Keycloak's defaults: 30 min idle session (refresh token), 10 h at most.
      RefreshToken: 30 * 60,
      Interaction: HOUR,
      Session: 10 * HOUR,
      Grant: 10 * HOUR,
      DeviceCode: 10 * 60,
      BackchannelAuthenticationRequest: 10 * 60,
      PreAuthorizedCode: 10 * 60,
    },
  };
  const provider = new Provider(issuer, configuration);
  markIdTokens(provider);
  return provider;
}
