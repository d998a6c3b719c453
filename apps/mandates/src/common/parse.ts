import type { z } from 'zod';
import { PinError } from '@pin/contracts';

/** Validates a request payload in the service too (the gateway's check is not trusted alone). */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new PinError('REQUEST.INVALID', issues[0]?.message ?? 'Requête invalide.', { issues });
}

export const isUuid = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
