/** Small helpers every HTTP route uses, so errors look the same everywhere: {code, message}. */
import type http from 'node:http';
import type { ErrorCode } from '@termplex/protocol';

/**
 * `Connection: close` when the request announced a body we have not read.
 * Kept alive, the connection would make Node read and discard the rest of
 * that body before the next request could start: all 50 MiB of a refused
 * upload, at whatever pace the client sends it. Closing makes Node destroy
 * the socket as soon as the answer is written, the rest unread.
 */
export function closeIfBodyUnread(res: http.ServerResponse): http.OutgoingHttpHeaders {
  const req = res.req as http.IncomingMessage | undefined;
  if (!req || req.complete) return {};
  const announced = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  return announced ? { Connection: 'close' } : {};
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...closeIfBodyUnread(res),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: http.ServerResponse, status: number, code: ErrorCode, message: string, headers: http.OutgoingHttpHeaders = {}): void {
  sendJson(res, status, { code, message }, headers);
}

export function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
    ...closeIfBodyUnread(res),
  });
  res.end(text);
}
