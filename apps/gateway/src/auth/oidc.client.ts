import * as client from 'openid-client';

export interface OidcClientOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Plain-http issuers are allowed only outside production (dev-idp on loopback). */
  allowHttp: boolean;
}

/**
 * Authorization code + PKCE against Keycloak (or the dev-idp, same paths) with openid-client.
 * Discovery is lazy and retried, so the gateway starts even while the issuer is still booting.
 */
export class OidcClient {
  private config?: Promise<client.Configuration>;

  constructor(private readonly o: OidcClientOptions) {}

  private configuration(): Promise<client.Configuration> {
    if (!this.config) {
      this.config = client
        .discovery(new URL(this.o.issuer), this.o.clientId, this.o.clientSecret, undefined, this.o.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined)
        .catch((err: unknown) => {
          this.config = undefined;
          throw err;
        });
    }
    return this.config;
  }

  async authorizationUrl(redirectUri: string, p: { codeVerifier: string; state: string; nonce: string }): Promise<URL> {
    const config = await this.configuration();
    return client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(p.codeVerifier),
      code_challenge_method: 'S256',
      state: p.state,
      nonce: p.nonce,
    });
  }

  async exchange(callbackUrl: URL, p: { codeVerifier: string; state: string; nonce: string }) {
    const config = await this.configuration();
    return client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: p.codeVerifier, expectedState: p.state, expectedNonce: p.nonce });
  }

  async refresh(refreshToken: string) {
    return client.refreshTokenGrant(await this.configuration(), refreshToken);
  }

  async logoutUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<URL> {
    const config = await this.configuration();
    return client.buildEndSessionUrl(config, {
      post_logout_redirect_uri: postLogoutRedirectUri,
      ...(idToken ? { id_token_hint: idToken } : {}),
    });
  }

  static randomVerifier(): string {
    return client.randomPKCECodeVerifier();
  }

  static randomState(): string {
    return client.randomState();
  }

  static randomNonce(): string {
    return client.randomNonce();
  }
}
