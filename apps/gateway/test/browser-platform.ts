import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { repoRoot } from '@pin/testing';
import { useBrowserSession, type BrowserSession, type BrowserSessionOptions } from '@pin/testing/browser';
import type { PlatformHarness } from './platform.harness';

/** `PlatformHarness.start` with the gateway serving the private copy of the web app (same arguments). */
export type StartPlatform = (...args: Parameters<PlatformHarness['start']>) => Promise<void>;

export interface BrowserPlatformOptions {
  /** Options of the browser session (see `useBrowserSession`). */
  session?: BrowserSessionOptions;
  /** Set on the harness before it starts: also runs the labelling service. */
  withLabelling?: boolean;
  /** Set on the harness before it starts: also runs the mailbox service and its Dovecot. */
  withMailbox?: boolean;
  /**
   * Starts the platform by calling `start` (its gateway environment, dev-idp environment and
   * platform options as `PlatformHarness.start`'s), with what the spec needs before or after it
   * (other servers, test data). By default: `start()`.
   */
  start?: (start: StartPlatform) => Promise<unknown>;
  /** Runs once the platform has stopped (other servers, temporary files). */
  stop?: () => Promise<unknown> | unknown;
}

export interface BrowserPlatform {
  /** The spec's Chromium (a fresh profile per page; problems checked after each test). */
  web: BrowserSession;
  /** A new page on `path`, signed in as `username` through the dev-idp (`context`: e.g. a phone's). */
  login(username: string, path: string, context?: BrowserContextOptions): Promise<Page>;
  /** The private copy of dist/apps/web that the gateway serves (a spec may put its own files there). */
  webDir: string;
}

/**
 * The hooks of a browser spec: the harness's platform, its gateway serving a private copy of the
 * built web app (a rebuild of dist/ meanwhile does not disturb the run), and a browser session
 * (`useBrowserSession`). Call it in the `describe` body.
 */
export function useBrowserPlatform(h: PlatformHarness, options: BrowserPlatformOptions = {}): BrowserPlatform {
  if (options.withLabelling) h.withLabelling = true;
  if (options.withMailbox) h.withMailbox = true;
  const webDir = mkdtempSync(join(tmpdir(), 'pin-web-'));
  const startPlatform: StartPlatform = (gatewayEnv = {}, devIdpEnv, extra) => h.start({ WEB_DIST_DIR: webDir, ...gatewayEnv }, devIdpEnv, extra);
  const web = useBrowserSession(options.session ?? {}, {
    start: () => {
      cpSync(resolve(repoRoot(), 'dist/apps/web'), webDir, { recursive: true });
      return options.start ? options.start(startPlatform) : startPlatform();
    },
    stop: async () => {
      await h.stop();
      await options.stop?.();
      rmSync(webDir, { recursive: true, force: true });
    },
  });
  const login = (username: string, path: string, context: BrowserContextOptions = {}) => web.login(h.url(path), h.platform.issuer, username, context);
  return { web, login, webDir };
}
