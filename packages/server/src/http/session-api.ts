/**
 * The HTTP API: sessions created ahead of time, listed and ended, for
 * programs rather than pages. Bearer-token auth on every call.
 *
 *   POST   /api/sessions        {profile?, cols?, rows?} -> 201 SessionInfo
 *   GET    /api/sessions        -> 200 SessionSummary[]
 *   DELETE /api/sessions/:id    -> 204, or 404 TERMPLEX_ERR_UNKNOWN_SESSION
 */
import type http from 'node:http';
import { ErrorCode, SESSION_ID_PATTERN, type ProtocolError } from '@termplex/protocol';
import { checkCreateFields } from '../host/create-fields.js';
import { closeIfBodyUnread, sendError, sendJson } from './http-response.js';
import type { CreateSessionOptions } from '../options.js';
import type { SessionService } from '../session-service.js';
import type { TokenCheck } from '../gateway/token.js';

/** bytes: a create request is three small fields. */
const MAX_BODY = 4096;
/** milliseconds for the body to arrive: MAX_BODY at 410 bytes/s, slower than any real client. A slower body only holds a connection. */
const BODY_TIMEOUT_MS = 10_000;


type Refusal = { ok: false; status: number; error: ProtocolError };
type Body = { ok: true; value: CreateSessionOptions } | Refusal;
/** undefined: the client went away mid-body, so there is nobody to answer. */
type BodyRead = { ok: true; text: string } | Refusal | undefined;

/**
 * The body, if it is at most MAX_BODY bytes and arrives within
 * BODY_TIMEOUT_MS. A refusal stops reading at once: the paused request makes
 * Node stop reading the socket, and the answer closes the connection.
 */
function readBody(req: http.IncomingMessage): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyRead) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      if (!result?.ok) req.pause();
      resolve(result);
    };
    const refuse = (status: number, code: ErrorCode, message: string) => finish({ ok: false, status, error: { code, message } });
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) refuse(413, ErrorCode.TooLarge, `the request body is larger than ${MAX_BODY} bytes`);
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    const onGone = () => finish(undefined);
    const timer = setTimeout(() => refuse(408, ErrorCode.RequestTimeout, `the request body did not arrive within ${BODY_TIMEOUT_MS / 1000} s`), BODY_TIMEOUT_MS);
    req.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
  });
}

/** Validates a create request body (empty means all defaults). */
export function parseCreateBody(text: string): Body {
  const bad = (code: ErrorCode, message: string): Body => ({ ok: false, status: 400, error: { code, message } });
  if (text.trim() === '') return { ok: true, value: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return bad(ErrorCode.BadJson, 'the request body is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad(ErrorCode.BadJson, 'the request body must be a JSON object');
  const checked = checkCreateFields(raw as Record<string, unknown>, 'body');
  return checked.ok ? checked : { ...checked, status: 400 };
}

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
    const body = await readBody(req);
    if (!body) {
      res.destroy();
      return;
    }
    // Closed even when the refused body happens to be complete: the request is paused, so a next one would never be read.
    if (!body.ok) return sendError(res, body.status, body.error.code, body.error.message, { Connection: 'close' });
    const parsed = parseCreateBody(body.text);
    if (!parsed.ok) return sendError(res, parsed.status, parsed.error.code, parsed.error.message);
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
