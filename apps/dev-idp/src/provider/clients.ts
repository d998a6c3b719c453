import { DEMO_OPERATOR_CLIENT_ID, OPERATOR_CLIENTS } from '@pin/contracts';
import type { ClientMetadata } from 'oidc-provider';
import type { DevIdpConfig } from '../config/config.schema';

export const GATEWAY_CLIENT_ID = 'pin-gateway';

const list = (csv: string) =>
  csv
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The clients of deploy/keycloak/realm-pin.json, with the same ids and grant types. */
export function devIdpClients(config: DevIdpConfig): ClientMetadata[] {
  return [
    {
      client_id: GATEWAY_CLIENT_ID,
      client_secret: config.DEV_IDP_GATEWAY_CLIENT_SECRET,
      client_name: 'PIN gateway',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: list(config.DEV_IDP_GATEWAY_REDIRECT_URIS),
      post_logout_redirect_uris: list(config.DEV_IDP_GATEWAY_POST_LOGOUT_URIS),
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      client_id: DEMO_OPERATOR_CLIENT_ID,
      client_secret: config.DEV_IDP_OPERATOR_CLIENT_SECRET,
      client_name: 'PIN operator (service account)',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    ...[
      { client_id: OPERATOR_CLIENTS.caf, client_secret: config.DEV_IDP_CAF_CLIENT_SECRET, client_name: 'CAF des Landes (opérateur)' },
      { client_id: OPERATOR_CLIENTS.cpam, client_secret: config.DEV_IDP_CPAM_CLIENT_SECRET, client_name: 'CPAM des Landes (opérateur)' },
    ].map((c) => ({ ...c, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic' as const })),
  ];
}
