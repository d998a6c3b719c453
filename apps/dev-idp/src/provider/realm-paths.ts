/** Keycloak's realm path: the provider is mounted there and its routes are relative to it. */
export const REALM_PATH = '/realms/pin';
export const KC_OIDC = '/protocol/openid-connect';
export const LOGIN_ACTIONS_PATH = `${REALM_PATH}/login-actions`;
export const USERINFO_PATH = `${REALM_PATH}${KC_OIDC}/userinfo`;

export const COOKIE_NAMES = {
  session: 'DEVIDP_SESSION',
  interaction: 'DEVIDP_INTERACTION',
  resume: 'DEVIDP_RESUME',
} as const;
