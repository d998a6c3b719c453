import type { Socket } from 'node:net';

/**
 * Errors Node's HTTP parser answers before any route runs (headers too large, malformed request
 * line): the same `{ code, message }` envelope as every other error, then the connection closes.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const [status, reason, body] = tooLarge
    ? [431, 'Request Header Fields Too Large', { code: 'REQUEST.HEADERS_TOO_LARGE', message: 'Les en-têtes de la requête sont trop volumineux.' }]
    : [400, 'Bad Request', { code: 'REQUEST.INVALID', message: 'La requête est invalide.' }];
  const json = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`);
}
