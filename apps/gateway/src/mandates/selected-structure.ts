import type { FastifyRequest } from 'fastify';

/** The structure an aidant acts for: `X-Pin-Structure` header, else body/query `structureId` (the service checks it). */
export function selectedStructure(req: FastifyRequest, explicit?: unknown): string | undefined {
  const header = req.headers['x-pin-structure'];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (typeof explicit === 'string' && explicit) return explicit;
  return fromHeader || undefined;
}
