/**
 * The HTTP API: sessions created ahead of time, listed and ended, for
 * programs rather than pages. Bearer-token auth on every call.
 *
 *   POST   /api/sessions        {profile?, cols?, rows?} -> 201 SessionInfo
 *   GET    /api/sessions        -> 200 SessionSummary[]
 *   DELETE /api/sessions/:id    -> 204, or 404 TERMPLEX_ERR_UNKNOWN_SESSION
 */
import type http from 'node:http';
import { ErrorCode, SESSION_ID_PATTERN } from '@termplex/protocol';
import { checkCreateFields } from '../host/create-fields.js';
import { closeIfBodyUnread, sendError, sendJson } from './http-response.js';
import { readJsonRequest } from './request-body.js';
import type { SessionService } from '../session-service.js';
import type { TokenCheck } from '../gateway/token.js';

/** Handles /api/sessions[/id]; the caller has already matched the prefix and checked Host. */
export async function handleSessionApi(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
  tokenCheck: TokenCheck,
  sessions: SessionService,
): Promise<void> {
  if (!tokenCheck.matchesBearer(req.headers.authorization)) {
    return sendError(res, 401, ErrorCode.Auth, 'missing or wrong token: send "Authorization: Bearer <token>"', { 'WWW-Authenticate': 'Bearer realm="termplex"' });
  }
  if (pathname === '/api/sessions') {
    if (req.method === 'GET') return sendJson(res, 200, await sessions.list());
    if (req.method !== 'POST') return sendError(res, 405, ErrorCode.BadField, `${req.method} is not allowed here; use GET or POST`, { Allow: 'GET, POST' });
    const body = await readJsonRequest(req, res);
    if (!body) return;
    const parsed = checkCreateFields(body, 'body');
    if (!parsed.ok) return sendError(res, 400, parsed.error.code, parsed.error.message);
    const created = await sessions.create(parsed.value);
    if ('code' in created) {
      const status = created.code === ErrorCode.SessionLimit ? 503 : created.code === ErrorCode.SpawnFailed ? 500 : 400;
      return sendError(res, status, created.code, created.message);
    }
    return sendJson(res, 201, created, { Location: `/api/sessions/${created.id}` });
  }
  const id = pathname.slice('/api/sessions/'.length);
  if (req.method !== 'DELETE') return sendError(res, 405, ErrorCode.BadField, `${req.method} is not allowed here; use DELETE`, { Allow: 'DELETE' });
  if (!SESSION_ID_PATTERN.test(id)) return sendError(res, 404, ErrorCode.UnknownSession, 'a session id is 32 lowercase hex characters');
  if (!(await sessions.end(id))) return sendError(res, 404, ErrorCode.UnknownSession, `session ${id} does not exist (it never did, expired or exited)`);
  res.writeHead(204, { 'Cache-Control': 'no-store', ...closeIfBodyUnread(res) });
  res.end();
}
