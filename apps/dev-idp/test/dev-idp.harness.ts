import './mute-provider-notices';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEV_IDP_DEFAULT_POST_LOGOUT_URI, DEV_IDP_DEFAULT_REDIRECT_URI, DEV_IDP_GATEWAY_SECRET, DEV_IDP_OPERATOR_SECRET } from '@pin/testing';
import { createLogger } from '../src/boot/logger';
import { configSchema } from '../src/config/config.schema';
import { createDevIdp, type DevIdp } from '../src/dev-idp.factory';

/** An in-process dev-idp on a free port with its own key file under tmp/. */
export async function startInProcess(env: Record<string, string> = {}): Promise<DevIdp & { keyFile: string; dispose(): Promise<void> }> {
  const keyFile = join('tmp', `dev-idp-test-${randomUUID()}`, 'jwks.json');
  const config = configSchema.parse({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEV_IDP_PORT: '0',
    DEV_IDP_ISSUER: 'http://127.0.0.1:0/realms/pin',
    DEV_IDP_GATEWAY_CLIENT_SECRET: DEV_IDP_GATEWAY_SECRET,
    DEV_IDP_OPERATOR_CLIENT_SECRET: DEV_IDP_OPERATOR_SECRET,
    DEV_IDP_GATEWAY_REDIRECT_URIS: DEV_IDP_DEFAULT_REDIRECT_URI,
    DEV_IDP_GATEWAY_POST_LOGOUT_URIS: DEV_IDP_DEFAULT_POST_LOGOUT_URI,
    DEV_IDP_KEY_FILE: keyFile,
    ...env,
  });
  const idp = await createDevIdp(config, createLogger(config.LOG_LEVEL));
  return {
    ...idp,
    keyFile,
    dispose: async () => {
      await idp.close();
      await rm(dirname(keyFile), { recursive: true, force: true });
    },
  };
}
