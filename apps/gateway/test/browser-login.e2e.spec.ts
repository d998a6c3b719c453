import { expectAccessible, screenshotPath, submitDevIdpLogin, useBrowserSession } from '@pin/testing/browser';
import { PlatformHarness } from './platform.harness';

// Real Chromium (Debian package `chromium`, installed by tools/infra.sh) against the built platform:
// `bash tools/build.sh` first, so that dist/apps/web holds the SPA that the gateway serves.
jest.setTimeout(60_000);

describe('web app in Chromium: login through the dev-idp, accessibility, logout', () => {
  const h = new PlatformHarness();
  const web = useBrowserSession({ timeoutMs: 10_000 }, { start: () => h.start(), stop: () => h.stop() });
  const newPage = () => web.newPage();

  it.each(['/', '/app', '/app/'])('the gateway serves the web app for %s', async (path) => {
    const r = await h.call('GET', path);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).toContain('<main id="contenu"');
  });

  it('the gateway accepts the logout form (an empty application/x-www-form-urlencoded POST)', async () => {
    const r = await h.call('POST', '/auth/logout', { raw: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.status).toBe(303);
  });

  it('signs a référent in and out, with an accessible shell and an HttpOnly session cookie', async () => {
    const page = await newPage();
    const gateway = h.platform.gatewayUrl;

    await page.goto(`${gateway}/`);
    const login = page.locator('header').getByRole('link', { name: 'Se connecter' });
    await login.waitFor();
    await expect(page.locator('header').textContent()).resolves.toContain('PIN — Inclusion numérique');
    await expect(page.locator('header').textContent()).resolves.toContain('Département des Landes');
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    await expectAccessible(page, 'accueil, déconnecté');

    const landing = page.waitForResponse((r) => r.url() === `${gateway}/app` && r.request().isNavigationRequest());
    await login.click();
    await submitDevIdpLogin(page, h.platform.issuer, 'referent');
    await page.waitForURL(`${gateway}/app`);
    expect((await landing).status()).toBe(200);

    const heading = page.getByRole('heading', { level: 1, name: /^Bonjour/ });
    await heading.waitFor();
    await expect(heading.textContent()).resolves.toBe('Bonjour Romain Référent');
    await expect(page.locator('main').textContent()).resolves.toContain('Référent de structure');
    const structures = page.getByRole('region', { name: 'Mes structures' });
    await structures.getByText('[Démo] Médiathèque du Marsan').waitFor();
    await expectAccessible(page, 'mon espace, connecté');
    await page.screenshot({ path: screenshotPath('web-signed-in.png'), fullPage: true });

    const cookie = (await page.context().cookies(gateway)).find((c) => c.name === 'pin_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('pin_session');

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${gateway}/`);
    await page.locator('header').getByRole('link', { name: 'Se connecter' }).waitFor();
    expect(await page.getByText('Bonjour').count()).toBe(0);
    expect(await page.evaluate(() => fetch('/api/v1/me', { credentials: 'same-origin' }).then((r) => r.status))).toBe(401);
  });

  it('keeps a wrong password on the login page with a French error', async () => {
    const page = await newPage();
    await page.goto(`${h.platform.gatewayUrl}/`);
    await page.locator('header').getByRole('link', { name: 'Se connecter' }).click();
    await submitDevIdpLogin(page, h.platform.issuer, 'referent', 'pas-le-bon');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Identifiant ou mot de passe incorrect.');
    expect(page.url().startsWith(h.platform.issuer)).toBe(true);
    expect(await page.locator('#kc-login').isVisible()).toBe(true);
    expect((await page.context().cookies(h.platform.gatewayUrl)).map((c) => c.name)).not.toContain('pin_session');
  });

  it('says in French, in the live region, that the server cannot be reached', async () => {
    const page = await newPage();
    await page.route('**/api/v1/me', (route) => route.abort('connectionrefused'));
    await page.goto(`${h.platform.gatewayUrl}/`);
    await page.locator('#annonces[aria-live]').getByText('Impossible de joindre le serveur').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    await page.getByRole('button', { name: 'Réessayer' }).waitFor();
    await page.unroute('**/api/v1/me');
    await page.getByRole('button', { name: 'Réessayer' }).click();
    await page.locator('header').getByRole('link', { name: 'Se connecter' }).waitFor();
    expect(await page.locator('#annonces').textContent()).toBe('');
  });
});
