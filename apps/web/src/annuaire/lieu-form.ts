/** Lieu (standard fields) ↔ edit form values: pure, tested in format.spec.ts. */
import { linesOf } from './format';

export const TEXT_FIELDS = [
  'nom', 'pivot', 'adresse', 'complement_adresse', 'code_postal', 'commune', 'code_insee', 'telephone', 'horaires',
  'presentation_resume', 'presentation_detail', 'structure_parente', 'fiche_acces_libre', 'prise_rdv',
] as const;
export const LIST_TEXT_FIELDS = ['courriels', 'site_web', 'autres_formations_labels', 'typologie'] as const;
export const SLUG_FIELDS = [
  'services', 'publics_specifiquement_adresses', 'prise_en_charge_specifique', 'frais_a_charge', 'itinerance', 'dispositif_programmes_nationaux',
  'formations_labels', 'modalites_acces', 'modalites_accompagnement', 'demarches',
] as const;
export type SlugField = (typeof SLUG_FIELDS)[number];

/** Values of a multi-valued field as slugs, whether the API gives slugs or {slug, label} objects. */
export function slugsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => (typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { slug?: unknown }).slug === 'string' ? (v as { slug: string }).slug : '')).filter(Boolean);
}

export interface FormValues {
  text: Record<string, string>;
  lists: Record<string, string>;
  slugs: Record<string, string[]>;
  latitude: string;
  longitude: string;
}

export function formValuesOf(lieu: Record<string, unknown>): FormValues {
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
  return {
    text: Object.fromEntries(TEXT_FIELDS.map((f) => [f, str(lieu[f])])),
    lists: Object.fromEntries(LIST_TEXT_FIELDS.map((f) => [f, slugsOf(lieu[f]).join('\n')])),
    slugs: Object.fromEntries(SLUG_FIELDS.map((f) => [f, slugsOf(lieu[f])])),
    latitude: str(lieu.latitude),
    longitude: str(lieu.longitude),
  };
}

const REQUIRED_TEXT: readonly string[] = ['nom', 'adresse', 'code_postal', 'commune', 'code_insee'];

/**
 * Form values → the body of PATCH /api/v1/lieux/:id: required texts as typed (the API says what is
 * wrong), empty optional texts as null (cleared), numbers parsed, lists split.
 */
export function lieuDataOf(values: FormValues): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of TEXT_FIELDS) {
    const v = (values.text[f] ?? '').trim();
    data[f] = v || REQUIRED_TEXT.includes(f) ? v : null;
  }
  for (const f of LIST_TEXT_FIELDS) data[f] = linesOf(values.lists[f] ?? '').map((v) => (f === 'typologie' ? v.toUpperCase() : v));
  for (const f of SLUG_FIELDS) data[f] = [...(values.slugs[f] ?? [])];
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s.trim().replace(',', '.')));
  data.latitude = num(values.latitude);
  data.longitude = num(values.longitude);
  if (typeof data.telephone === 'string') data.telephone = normalizePhone(data.telephone);
  return data;
}

/** "05 58 00 00 00" → "+33558000000" (the standard's format); anything else as typed. */
export function normalizePhone(text: string): string {
  const digits = text.replace(/[\s.\-()]/g, '');
  if (/^0[1-9]\d{8}$/.test(digits)) return `+33${digits.slice(1)}`;
  return digits;
}
