/**
 * The dev-idp signs tokens for well-known demo accounts whose password is public: anything that
 * trusts it can be entered by anyone. It must never run in production, so this check runs
 * before any other module of the app is even loaded.
 */
export function refuseProduction(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV?.trim().toLowerCase() !== 'production') return;
  const line = {
    level: 60,
    time: Date.now(),
    service: 'dev-idp',
    msg:
      'dev-idp refuses to start with NODE_ENV=production: it is a development and test identity provider ' +
      '(public demo passwords). Use Keycloak (deploy/keycloak/realm-pin.json) in production.',
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
  process.exit(1);
}
