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

/** Validates a payload at the edge and again in the service (the edge's check is not trusted alone). */
export function parsePayload<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  throw invalidRequest(r.error);
}
