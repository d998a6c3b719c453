import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '@pin/testing';
import { PlatformHarness } from './platform.harness';

// Real Chromium (Debian package `chromium`, installed by tools/infra.sh) against the built platform:
// `bash tools/build.sh` first, so that dist/apps/web holds the SPA that the gateway serves.
jest.setTimeout(60_000);

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = resolve(repoRoot(), 'tmp/screenshots');

/** WCAG 2.1 A/AA with axe-core: serious and critical violations fail, the others are printed. */
async function expectAccessible(page: Page, label: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = violations.map((v) => `[${v.impact}] ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (summary.length) console.log(`axe (${label}):\n${summary.join('\n')}`);
  expect(summary.filter((s) => s.startsWith('[serious]') || s.startsWith('[critical]'))).toEqual([]);
}

describe('web app in Chromium: login through the dev-idp, accessibility, logout', () => {
  const h = new PlatformHarness();
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  /** A fresh browser profile; CSP violations and uncaught errors end up in `problems`. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (err) => problems.push(`erreur JS : ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(`CSP : ${msg.text()}`);
    });
    return page;
  }

  beforeAll(async () => {
    [browser] = await Promise.all([chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS }), h.start()]);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await h.stop();
  });

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

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
    const login = page.getByRole('link', { name: 'Se connecter' });
    await login.waitFor();
    await expect(page.locator('header').textContent()).resolves.toContain('PIN — Inclusion numérique des Landes');
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    await expectAccessible(page, 'accueil, déconnecté');

    await login.click();
    await page.waitForURL((url) => url.href.startsWith(h.platform.issuer));
    await page.fill('#username', 'referent');
    await page.fill('#password', 'demo');
    const landing = page.waitForResponse((r) => r.url() === `${gateway}/app` && r.request().isNavigationRequest());
    await page.click('#kc-login');
    await page.waitForURL(`${gateway}/app`);
    expect((await landing).status()).toBe(200);

    const heading = page.getByRole('heading', { level: 1, name: /^Bonjour/ });
    await heading.waitFor();
    await expect(heading.textContent()).resolves.toBe('Bonjour Romain Référent');
    await expect(page.locator('main').textContent()).resolves.toContain('Référent de structure');
    const structures = page.getByRole('region', { name: 'Mes structures' });
    await structures.getByText('[Démo] Médiathèque du Marsan').waitFor();
    await expectAccessible(page, 'mon espace, connecté');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'web-signed-in.png'), fullPage: true });

    const cookie = (await page.context().cookies(gateway)).find((c) => c.name === 'pin_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('pin_session');

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${gateway}/`);
    await page.getByRole('link', { name: 'Se connecter' }).waitFor();
    expect(await page.getByText('Bonjour').count()).toBe(0);
    expect(await page.evaluate(() => fetch('/api/v1/me', { credentials: 'same-origin' }).then((r) => r.status))).toBe(401);
  });

  it('keeps a wrong password on the login page with a French error', async () => {
    const page = await newPage();
    await page.goto(`${h.platform.gatewayUrl}/`);
    await page.getByRole('link', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.href.startsWith(h.platform.issuer));
    await page.fill('#username', 'referent');
    await page.fill('#password', 'pas-le-bon');
    await page.click('#kc-login');
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
    await page.getByRole('link', { name: 'Se connecter' }).waitFor();
    expect(await page.locator('#annonces').textContent()).toBe('');
  });
});
