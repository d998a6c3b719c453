import { z } from 'zod';
import { baseConfigSchema, httpUrl, port } from '@pin/config';

export const configSchema = baseConfigSchema.extend({
  DEV_IDP_HOST: z.string().default('127.0.0.1'),
  DEV_IDP_PORT: port(8080),
  /** Issuer exactly as tokens carry it: http://127.0.0.1:8080/realms/pin (no trailing slash). */
  DEV_IDP_ISSUER: httpUrl,
  DEV_IDP_GATEWAY_CLIENT_SECRET: z.string().min(8),
  /** Comma-separated redirect URIs of the gateway client (…/auth/callback). */
  DEV_IDP_GATEWAY_REDIRECT_URIS: z.string().min(1),
  /** Comma-separated post-logout redirect URIs of the gateway client. */
  DEV_IDP_GATEWAY_POST_LOGOUT_URIS: z.string().min(1),
  DEV_IDP_OPERATOR_CLIENT_SECRET: z.string().min(8),
  /** Secrets of the CAF and CPAM operator clients (dev-idp only: defaults are dev values). */
  DEV_IDP_CAF_CLIENT_SECRET: z.string().min(8).default('pin-caf-dev-secret'),
  DEV_IDP_CPAM_CLIENT_SECRET: z.string().min(8).default('pin-cpam-dev-secret'),
  DEV_IDP_KEY_FILE: z.string().default('.secrets/dev-idp-jwks.json'),
  DEV_IDP_ACCESS_TOKEN_TTL: z.coerce.number().int().min(10).default(300),
});

export type DevIdpConfig = z.infer<typeof configSchema>;
