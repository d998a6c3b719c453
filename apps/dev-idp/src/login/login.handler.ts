import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEMO_PASSWORD } from '@pin/contracts';
import type { Provider } from 'oidc-provider';
import { findAccountByUsername } from '../accounts/demo-accounts';
import { htmlPage } from '../http/html-page';
import { readForm, sendHtml } from '../http/http-io';
import { LOGIN_ACTIONS_PATH } from '../provider/realm-paths';
import { LOGIN_ERROR_MESSAGE, loginPage } from './login.page';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

const EXPIRED_PAGE = htmlPage(
  'Session expirée',
  '<h1>Session de connexion expirée</h1><p>Revenez à l’application et relancez la connexion.</p>',
);

/** Grants what the provider still asks consent for: Keycloak clients here never show consent. */
async function finishConsent(provider: Provider, interaction: Interaction, req: IncomingMessage, res: ServerResponse) {
  const { prompt, params, session, grantId } = interaction;
  const grant =
    (grantId ? await provider.Grant.find(grantId) : undefined) ??
    new provider.Grant({ accountId: session?.accountId, clientId: String(params.client_id) });
  const details = prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope);
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes);
  }
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

/**
 * GET and POST of `/realms/pin/login-actions/:uid` (the interaction cookie is scoped to that path).
 * GET with `login_hint=<demo user>` logs in at once: the headless shortcut of tests and benches.
 */
export function loginHandler(provider: Provider) {
  return async (req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> => {
    let interaction: Interaction;
    try {
      interaction = await provider.interactionDetails(req, res);
    } catch {
      return sendHtml(res, 400, EXPIRED_PAGE);
    }
    if (interaction.uid !== uid) return sendHtml(res, 400, EXPIRED_PAGE);

    if (interaction.prompt.name === 'consent') return finishConsent(provider, interaction, req, res);

    const action = `${LOGIN_ACTIONS_PATH}/${encodeURIComponent(uid)}`;
    if (req.method === 'POST') {
      const form = await readForm(req);
      const username = form.get('username') ?? '';
      const account = findAccountByUsername(username);
      if (!account || form.get('password') !== DEMO_PASSWORD) {
        return sendHtml(res, 401, loginPage({ action, username, error: LOGIN_ERROR_MESSAGE }));
      }
      return provider.interactionFinished(req, res, { login: { accountId: account.id } }, { mergeWithLastSubmission: false });
    }

    const hint = interaction.params.login_hint;
    const hinted = typeof hint === 'string' ? findAccountByUsername(hint) : undefined;
    if (hinted) {
      return provider.interactionFinished(req, res, { login: { accountId: hinted.id } }, { mergeWithLastSubmission: false });
    }
    return sendHtml(res, 200, loginPage({ action, username: typeof hint === 'string' ? hint : '' }));
  };
}
