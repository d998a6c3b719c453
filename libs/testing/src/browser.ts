// Browser tests only, imported as `@pin/testing/browser` (not from the index): the other tests
// and the benchmarks never load playwright-core and axe-core.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { repoRoot } from './dev-idp-process';

/** The Debian package `chromium` (installed by tools/infra.sh); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** WCAG 2.1 A/AA with axe-core: any violation, whatever its impact, fails (listed in the message). */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = violations.map((v) => `[${v.impact}] ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect({ page: label, violations: summary }).toEqual({ page: label, violations: [] });
}

/** Path of a screenshot under tmp/screenshots (the folder is created). */
export function screenshotPath(file: string): string {
  const dir = resolve(repoRoot(), 'tmp/screenshots');
  mkdirSync(dir, { recursive: true });
  return resolve(dir, file);
}

/**
 * Waits for a locator (the page's default timeout, or `opts.timeout`); on timeout, the error shows
 * what the page's <main> said instead.
 */
export async function see(page: Page, locator: Locator, opts: { timeout?: number } = {}): Promise<void> {
  try {
    await locator.waitFor(opts);
  } catch (err) {
    const text = ((await page.locator('main').textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').slice(0, 1500);
    throw new Error(`${(err as Error).message.split('\n')[0]}\n— page ${page.url()} : ${text}`);
  }
}

/**
 * Waits until the focused element matches `css` (pages move the focus in an effect, after the
 * screen is painted); fails after `timeout` ms naming the element that has the focus instead.
 * `text`, if given, must also be contained in the focused element's text.
 */
export async function expectFocus(page: Page, css: string, opts: { text?: string; timeout?: number } = {}): Promise<void> {
  const matches = (arg: { css: string; text?: string }): boolean => {
    const el = document.activeElement;
    return !!el && el.matches(arg.css) && (arg.text === undefined || (el.textContent ?? '').includes(arg.text));
  };
  try {
    await page.waitForFunction(matches, { css, text: opts.text }, { timeout: opts.timeout ?? 5_000 });
  } catch {
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? `<${el.tagName.toLowerCase()} id="${el.id}" class="${el.className}"> ${(el.textContent ?? '').slice(0, 80)}` : 'nothing';
    });
    throw new Error(`expected the focus on ${css}${opts.text ? ` containing « ${opts.text} »` : ''}, found ${focused}`);
  }
}

/** A phone's browser context: 390 × 844 CSS pixels, touch (the width every page must fit). */
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** Nothing wider than a phone's 390 px screen: no sideways scrolling (the first wide elements are named). */
export async function expectNoSideScroll(page: Page, label: string): Promise<void> {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    wide: Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > 391)
      .slice(0, 5)
      .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
  }));
  expect({ label, width: widths.page, wide: widths.wide }).toEqual({ label, width: Math.min(widths.page, 390), wide: [] });
}

/** Fills in and sends the dev-idp's login form, once the page has reached the IdP (`issuer`). */
export async function submitDevIdpLogin(page: Page, issuer: string, username: string, password = 'demo'): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(issuer));
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#kc-login');
}

export interface BrowserSessionOptions {
  /** Options of every context, over `{ locale: 'fr-FR', viewport: 1280 × 900 }`. */
  context?: BrowserContextOptions;
  /** Default timeout of every page (15 s when absent). */
  timeoutMs?: number;
  /** Also count the API's HTTP 5xx answers as problems. */
  serverErrors?: boolean;
}

/**
 * One Chromium for a spec, a fresh profile (context) per page. Uncaught page errors and CSP
 * violations (and, with `serverErrors`, HTTP 5xx answers) end up in `problems`, which the spec
 * checks after each test.
 */
export class BrowserSession {
  browser!: Browser;
  readonly problems: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  constructor(private readonly options: BrowserSessionOptions = {}) {}

  async launch(): Promise<Browser> {
    this.browser = await launchChromium();
    return this.browser;
  }

  async newPage(context: BrowserContextOptions = {}): Promise<Page> {
    const ctx = await this.browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, ...this.options.context, ...context });
    this.contexts.push(ctx);
    const page = await ctx.newPage();
    page.setDefaultTimeout(this.options.timeoutMs ?? 15_000);
    page.on('pageerror', (err) => this.problems.push(`erreur JS : ${err.message}`));
    if (this.options.serverErrors) {
      page.on('response', (res) => {
        if (res.status() >= 500) this.problems.push(`HTTP ${res.status()} : ${res.request().method()} ${res.url()}`);
      });
    }
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) this.problems.push(`CSP : ${msg.text()}`);
    });
    return page;
  }

  /** A new page that opens `url`, follows « Se connecter » to the dev-idp, signs in and waits to be back on `url`. */
  /** A new page on `url`, signed in through the dev-idp; `context`: e.g. a phone's viewport and touch. */
  async login(url: string, issuer: string, username: string, context: BrowserContextOptions = {}, password = 'demo'): Promise<Page> {
    const page = await this.newPage(context);
    await page.goto(url);
    await page.getByRole('link', { name: 'Se connecter' }).first().click();
    await submitDevIdpLogin(page, issuer, username, password);
    await page.waitForURL(url);
    return page;
  }

  async close(): Promise<void> {
    for (const c of this.contexts.splice(0)) await c.close().catch(() => undefined);
    await this.browser?.close();
  }
}

/**
 * The hooks of a browser spec: Chromium launches while `start` runs (the platform, say), closes
 * before `stop`, and no problem may be left after a test.
 */
export function useBrowserSession(options: BrowserSessionOptions, hooks: { start(): Promise<unknown>; stop(): Promise<unknown> }): BrowserSession {
  const session = new BrowserSession(options);
  beforeAll(async () => {
    await Promise.all([session.launch(), hooks.start()]);
  });
  afterAll(async () => {
    await session.close();
    await hooks.stop();
  });
  afterEach(() => {
    expect(session.problems.splice(0)).toEqual([]);
  });
  return session;
}
