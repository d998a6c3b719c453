import { parseHoraires, type HorairesPlace } from './horaires';

export interface HorairesValidation {
  ok: boolean;
  /** The library's canonical form of the value (only when ok). */
  normalized?: string;
  /** Parse error (when not ok) or the library's warnings (sloppy but understood input). */
  warnings: string[];
}

/**
 * Checks an OSM opening_hours value with the French context (country 'fr', public holidays).
 * Sloppy input the library understands ('lundi-vendredi 9h-18h') is ok with warnings and a
 * normalized form ('Mo-Fr 09:00-18:00'); input it cannot read is not ok. Never throws.
 */
export function validateHoraires(text: string, place: HorairesPlace = {}): HorairesValidation {
  const value = text.trim();
  if (!value) return { ok: false, warnings: ['Les horaires sont vides.'] };
  const parsed = parseHoraires(value, place);
  if (!parsed.ok) return { ok: false, warnings: [parsed.error] };
  let warnings: string[] = [];
  let normalized = value;
  try {
    warnings = parsed.oh.getWarnings();
    normalized = parsed.oh.prettifyValue();
  } catch {
    // Keep the value as given when the library cannot pretty-print it.
  }
  return { ok: true, normalized, warnings };
}
