import { codeInseeSchema, latitudeSchema, lieuDataSchema, longitudeSchema } from '@pin/contracts';
import type { LieuWriteData } from '../../standard/v1-0-2';
import { str } from './cell-values';

const REQUIRED = new Set(['nom', 'adresse', 'commune', 'code_postal', 'services']);
const FIELD_NAMES: Record<string, string> = {
  nom: 'nom', adresse: 'adresse', commune: 'commune', code_postal: 'code postal', services: 'services',
};
const lieuImportSchema = lieuDataSchema.extend({
  latitude: latitudeSchema.nullable(),
  longitude: longitudeSchema.nullable(),
  code_insee: codeInseeSchema.optional(),
});
type Issue = NonNullable<ReturnType<typeof lieuImportSchema.safeParse>['error']>['issues'][number];
type Candidate = Record<string, unknown>;

/**
 * Validates a row's lieu with the write model; a bad optional value is dropped (with a warning), a
 * bad required value rejects the row. `values` are the row's cells, quoted in warnings.
 */
export function validateCandidate(
  candidate: Candidate,
  values: Record<string, unknown>,
  warn: (motif: string) => void,
): { data: LieuWriteData } | { motif: string } {
  for (let attempt = 0; attempt < 10; attempt++) {
    const parsed = lieuImportSchema.safeParse(candidate);
    if (parsed.success) return { data: parsed.data as LieuWriteData };
    const dropped = triageIssues(candidate, parsed.error.issues, values, warn);
    if ('motif' in dropped) return dropped;
    applyDrops(candidate, dropped.keys);
  }
  return { motif: 'Ligne invalide.' };
}

/** Warns about each invalid optional value and returns what to drop ("field/index" keys), or why the row is rejected. */
function triageIssues(
  candidate: Candidate,
  issues: Issue[],
  values: Record<string, unknown>,
  warn: (motif: string) => void,
): { motif: string } | { keys: Set<string> } {
  const keys = new Set<string>();
  for (const issue of issues) {
    const [field, index] = issue.path as [string, number | undefined];
    if (REQUIRED.has(field) || field === undefined) return { motif: rejection(candidate, field, issue) };
    const key = `${field}/${index ?? ''}`;
    if (keys.has(key)) continue;
    keys.add(key);
    warn(dropWarning(candidate, field, index, issue, values));
  }
  return { keys };
}

function rejection(candidate: Candidate, field: string | undefined, issue: Issue): string {
  const what = FIELD_NAMES[field!] ?? field ?? 'ligne';
  const value = candidate[field!];
  const missing = value === undefined || (Array.isArray(value) && value.length === 0);
  if (!missing) return `${what[0].toUpperCase()}${what.slice(1)} invalide : ${issue.message}`;
  return field === 'services' ? 'Aucun service reconnu : au moins un service du standard est obligatoire.' : `Champ obligatoire manquant : ${what}.`;
}

function dropWarning(candidate: Candidate, field: string, index: number | undefined, issue: Issue, values: Record<string, unknown>): string {
  const value = candidate[field];
  if (Array.isArray(value) && typeof index === 'number') return `Valeur « ${String(value[index])} » ignorée (${field}) : ${issue.message}`;
  if (Array.isArray(value) && value.length > 0 && issue.code === 'too_big') return `Trop de valeurs (${field}) : seules les premières sont gardées.`;
  const given = field === 'telephone' ? str(values.telephone) : value;
  return `Valeur « ${String(given).slice(0, 80)} » ignorée (${field}) : ${issue.message}`;
}

/** Applies the drops (array items by index, a too long array cut to 10, any other value removed). */
function applyDrops(candidate: Candidate, keys: Set<string>): void {
  const byField = new Map<string, number[]>();
  for (const key of keys) {
    const [field, index] = key.split('/');
    byField.set(field, [...(byField.get(field) ?? []), ...(index === '' ? [] : [Number(index)])]);
  }
  for (const [field, indexes] of byField) {
    const value = candidate[field];
    if (Array.isArray(value) && indexes.length > 0) candidate[field] = value.filter((_, i) => !indexes.includes(i));
    else if (Array.isArray(value)) candidate[field] = value.slice(0, 10);
    else delete candidate[field];
  }
}
