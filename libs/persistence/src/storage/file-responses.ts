import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PinError } from '@pin/contracts';
import { contentDisposition } from './content-disposition';

// The answers of the services' internal file ports (safe, labelling pieces): the same headers and
// the same error shape as the gateway's, so the gateway relays them as they are.

export function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...(close ? { connection: 'close' } : {}) });
  res.end(JSON.stringify(body));
}

/** A stored file, streamed as an attachment (never sniffed, never cached). */
export async function sendFile(res: ServerResponse, file: { type: string; size: number | string; name: string }, body: Readable): Promise<void> {
  res.writeHead(200, { 'content-type': file.type, 'content-length': String(file.size), 'content-disposition': contentDisposition(file.name), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  await pipeline(body, res);
}

/**
 * A failed file request: a PinError answers with its status and code, anything else with a 500
 * (logged); once bytes are sent, the response is cut instead (the client sees an incomplete body).
 * The request body is drained and the connection closed, so an upload refused early does not hang.
 */
export function failFileRequest(req: IncomingMessage, res: ServerResponse, err: unknown, log: (message: string) => void): void {
  if (res.headersSent) {
    res.destroy(err as Error);
    return;
  }
  const e = err instanceof PinError ? err : undefined;
  if (!e) log(`internal file request failed: ${(err as Error).message}`);
  req.resume();
  sendJson(res, e?.status ?? 500, e ? e.toBody() : { code: 'INTERNAL', message: 'Erreur interne.' }, true);
}
