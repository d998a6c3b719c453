import type { z } from 'zod';
import { PinError } from './errors';

/** One shape of `REQUEST.INVALID` details everywhere: `[{ path, message }]`, messages in French. */
export interface InvalidField {
  path: string;
  message: string;
}

export function invalidFields(error: z.ZodError): InvalidField[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

export function invalidRequest(error: z.ZodError): PinError {
  return new PinError('REQUEST.INVALID', 'La requête contient des données invalides.', invalidFields(error));
}

/** C0 and C1 control characters and NUL, except tab, line feed and carriage return (texts may have lines). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Nesting deeper than this is refused rather than walked (no legitimate payload comes close). */
const MAX_DEPTH = 32;

/**
 * The one input sanitation rule, applied at the edge and again in every service's payload parsing
 * (and to every import row): strings in Unicode NFC, no control character (PostgreSQL refuses NUL
 * in text; the others are never meant), keys included. Returns a normalised copy, or the paths of
 * the offending fields.
 */
export function sanitizeInput(value: unknown): { value: unknown; rejected: InvalidField[] } {
  const rejected: InvalidField[] = [];
  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (typeof v === 'string') {
      if (CONTROL.test(v)) rejected.push({ path, message: `${path ? `${path} : ` : ''}caractère de contrôle interdit (octet nul ou non imprimable).` });
      return v.normalize('NFC');
    }
    if (v === null || typeof v !== 'object') return v;
    if (depth > MAX_DEPTH) {
      rejected.push({ path, message: 'Données trop imbriquées.' });
      return v;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, path ? `${path}.${i}` : String(i), depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const key = walk(k, path ? `${path}.${k}` : k, depth + 1) as string;
      out[key] = walk(x, path ? `${path}.${k}` : k, depth + 1);
    }
    return out;
  };
  const out = walk(value, '', 0);
  return { value: out, rejected };
}

/** Sanitises (see `sanitizeInput`) or throws `REQUEST.INVALID` naming the fields. */
export function sanitizedOrThrow(value: unknown): unknown {
  const { value: clean, rejected } = sanitizeInput(value);
  if (rejected.length > 0) throw new PinError('REQUEST.INVALID', 'La requête contient des caractères interdits.', rejected);
  return clean;
}

/** Validates a payload at the edge and again in the service (the edge's check is not trusted alone). */
export function parsePayload<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(sanitizedOrThrow(value ?? {}));
  if (r.success) return r.data;
  throw invalidRequest(r.error);
}
