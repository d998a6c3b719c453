import { z } from 'zod';

/**
 * The Département's look (name, logo, colours) comes from configuration: the web app reads it
 * from GET /api/v1/site and /site.css instead of hard-coding it.
 */
export const DEFAULT_SITE_NAME = 'Département des Landes';
export const DEFAULT_SITE_SHORT_NAME = 'PIN Landes';
/** Dark pine green (8.3:1 on white). */
export const DEFAULT_COLOR_PRIMARY = '#00594f';
/** Sand gold: decoration only (borders, highlights), not text on white (2:1). */
export const DEFAULT_COLOR_ACCENT = '#f2a900';
/** WCAG 2.x AA for normal text. */
export const MIN_PRIMARY_CONTRAST = 4.5;

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Relative luminance of an sRGB #rrggbb colour (WCAG 2.x definition). */
export function relativeLuminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** Contrast ratio of two #rrggbb colours (1 to 21), WCAG 2.x formula. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** A #rrggbb colour, stored in lower case. */
export const hexColorSchema = (name: string) =>
  z
    .string()
    .trim()
    .regex(HEX, `${name} doit être une couleur #rrggbb (ex. ${DEFAULT_COLOR_PRIMARY}).`)
    .transform((v) => v.toLowerCase());

/** The primary colour carries white text (buttons, header): refused below 4.5:1 against white. */
export const primaryColorSchema = hexColorSchema('SITE_COLOR_PRIMARY').refine((v) => contrastRatio(v, '#ffffff') >= MIN_PRIMARY_CONTRAST, {
  error: (issue) =>
    `SITE_COLOR_PRIMARY ${String(issue.input)} n'a qu'un contraste de ${contrastRatio(String(issue.input), '#ffffff').toFixed(2)}:1 avec le blanc ; ` +
    `il faut au moins ${MIN_PRIMARY_CONTRAST}:1 (WCAG AA) : choisissez une couleur plus foncée.`,
});

/** Logo: an http(s) address or a path of this site ("/logo.svg"); absent: the web app shows the name only. */
export const logoUrlSchema = z
  .string()
  .trim()
  .max(500)
  .refine((v) => logoImgSource(v) !== null, {
    message: 'SITE_LOGO_URL doit être une adresse http(s) ou un chemin du site commençant par « / » (ex. /logo-landes.svg).',
  });

/** The CSP img-src source the logo needs: 'self' for a path of this site, else its origin; null when invalid. */
export function logoImgSource(value: string): string | null {
  if (/^\/(?!\/)[^\s\\]*$/.test(value)) return "'self'";
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** GET /api/v1/site. */
export interface SiteIdentity {
  name: string;
  shortName: string;
  /** Logo address, or null (show the name). */
  logoUrl: string | null;
  colors: { primary: string; accent: string };
}

export function siteIdentity(config: {
  SITE_NAME: string; SITE_SHORT_NAME: string; SITE_LOGO_URL?: string; SITE_COLOR_PRIMARY: string; SITE_COLOR_ACCENT: string;
}): SiteIdentity {
  return {
    name: config.SITE_NAME,
    shortName: config.SITE_SHORT_NAME,
    logoUrl: config.SITE_LOGO_URL || null,
    colors: { primary: config.SITE_COLOR_PRIMARY, accent: config.SITE_COLOR_ACCENT },
  };
}

/** GET /site.css: the colours as CSS custom properties (validated #rrggbb values only). */
export function siteCss(identity: SiteIdentity): string {
  return `:root{--couleur-primaire:${identity.colors.primary};--couleur-accent:${identity.colors.accent}}\n`;
}
