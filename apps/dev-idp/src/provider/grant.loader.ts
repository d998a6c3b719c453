import type { Grant, KoaContextWithOIDC } from 'oidc-provider';

/**
 * Keycloak clients here have consent turned off, so there is no consent screen: every scope,
 * claim and resource scope the client asks for is granted on the spot (and topped up when a
 * later request in the same session asks for more).
 */
export async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { oidc } = ctx;
  if (!oidc.client || !oidc.session?.accountId) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
  const grant =
    (grantId ? await oidc.provider.Grant.find(grantId) : undefined) ??
    new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId: oidc.session.accountId });

  grant.addOIDCScope([...oidc.requestParamOIDCScopes]);
  if (oidc.requestParamClaims.size > 0) grant.addOIDCClaims([...oidc.requestParamClaims]);
  for (const [resource, server] of Object.entries(oidc.resourceServers ?? {})) {
    const scopes = [...oidc.requestParamScopes].filter((s) => server.scopes.has(s));
    if (scopes.length > 0) grant.addResourceScope(resource, scopes);
  }
  await grant.save();
  return grant;
}
