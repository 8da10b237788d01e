/**
 * POST /api/tickets: a site's own backend (bearer = the server token, which
 * never reaches a browser) mints a ticket for one visitor.
 *
 *   {profile?, sessionId?, readonly?, ttlSeconds?, maxSessions?}
 *     -> 201 {ticket, expiresAt}
 *
 * A ticket grants new sessions of one profile (default: the default profile),
 * at most maxSessions at once; or, with sessionId, that one existing session
 * (read-only if it says so). It opens one connection, within ttlSeconds.
 */
import type http from 'node:http';
import { ErrorCode, FieldReader, PROFILE_NAME_PATTERN, SESSION_ID_PATTERN, type ProtocolError } from '@termplex/protocol';
import type { TicketAuthority } from '../gateway/tickets.js';
import type { TokenCheck } from '../gateway/token.js';
import type { SessionService } from '../session-service.js';
import { sendError, sendJson } from './http-response.js';
import { readJsonRequest } from './request-body.js';

const FIELDS = ['profile', 'sessionId', 'readonly', 'ttlSeconds', 'maxSessions'];
/** seconds: a ticket is for a page that is loading now; the default is its time to first use. */
export const TICKET_TTL = { default: 60, max: 3600 } as const;

export interface TicketApiSettings {
  tokenCheck: TokenCheck;
  tickets: TicketAuthority;
  sessions: SessionService;
  /** The default, and the ceiling, of a ticket's maxSessions. */
  sessionsPerTicket: number;
}

type Checked = { profile?: string; sessionId?: string; readonly: boolean; ttlSeconds: number; maxSessions: number };

/** Validates the fields alone (no lookups); a ProtocolError is a 400. */
export function readTicketRequest(body: Record<string, unknown>, sessionsPerTicket: number): Checked | ProtocolError {
  for (const key of Object.keys(body)) {
    if (!FIELDS.includes(key)) return { code: ErrorCode.BadField, message: `body.${key.slice(0, 32)} is not a known field; allowed: ${FIELDS.join(', ')}` };
  }
  const r = new FieldReader(body, 'body');
  const profile = r.string('profile', 64, PROFILE_NAME_PATTERN, true);
  const sessionId = r.string('sessionId', 32, SESSION_ID_PATTERN, true);
  const readonly = r.bool('readonly');
  const ttlSeconds = r.int('ttlSeconds', 1, TICKET_TTL.max, true);
  const maxSessions = r.int('maxSessions', 1, sessionsPerTicket, true);
  if (r.error) return r.error;
  if (sessionId !== undefined && (profile !== undefined || maxSessions !== undefined)) {
    return { code: ErrorCode.BadField, message: 'body.sessionId grants one existing session: profile and maxSessions do not go with it' };
  }
  if (sessionId === undefined && readonly === true) {
    return { code: ErrorCode.BadField, message: 'body.readonly applies to a sessionId ticket (a new session nobody may type into is of no use)' };
  }
  return { profile, sessionId, readonly: readonly === true, ttlSeconds: ttlSeconds ?? TICKET_TTL.default, maxSessions: maxSessions ?? sessionsPerTicket };
}

export type Issued = { ok: true; value: { ticket: string; expiresAt: string } } | { ok: false; status: number; error: ProtocolError };

/** Checks a ticket request (fields, then the profile or session it names) and mints the ticket. */
export async function issueTicket(body: Record<string, unknown>, settings: TicketApiSettings): Promise<Issued> {
  const refuse = (status: number, code: ErrorCode, message: string): Issued => ({ ok: false, status, error: { code, message } });
  const request = readTicketRequest(body, settings.sessionsPerTicket);
  if ('code' in request) return refuse(400, request.code, request.message);
  let profile = request.profile;
  if (request.sessionId !== undefined) {
    const id = request.sessionId;
    const known = (await settings.sessions.list()).some((s) => s.id === id);
    if (!known) return refuse(404, ErrorCode.UnknownSession, `session ${id} does not exist (it never did, expired or exited)`);
  } else {
    const { names, defaultProfile } = await settings.sessions.profiles();
    profile ??= defaultProfile;
    if (!names.includes(profile)) return refuse(400, ErrorCode.UnknownProfile, `profile ${JSON.stringify(profile)} does not exist; this server has: ${names.join(', ')}`);
  }
  if (!settings.tickets.hasRoom) return refuse(503, ErrorCode.RateLimit, 'too many tickets are in use; try again in a minute');
  const claims = request.sessionId !== undefined
    ? { sessionId: request.sessionId, readonly: request.readonly, maxSessions: 0 }
    : { profile, readonly: false, maxSessions: request.maxSessions };
  const { ticket, expiresAt } = settings.tickets.mintTicket(claims, request.ttlSeconds * 1000);
  return { ok: true, value: { ticket, expiresAt: new Date(expiresAt).toISOString() } };
}

export async function handleTicketApi(req: http.IncomingMessage, res: http.ServerResponse, settings: TicketApiSettings): Promise<void> {
  if (!settings.tokenCheck.matchesBearer(req.headers.authorization)) {
    return sendError(res, 401, ErrorCode.Auth, 'missing or wrong token: send "Authorization: Bearer <token>" (from your backend; never put the token in a page)', {
      'WWW-Authenticate': 'Bearer realm="termplex"',
    });
  }
  if (req.method !== 'POST') return sendError(res, 405, ErrorCode.BadField, `${req.method} is not allowed here; use POST`, { Allow: 'POST' });
  const body = await readJsonRequest(req, res);
  if (!body) return;
  const issued = await issueTicket(body, settings);
  if (!issued.ok) return sendError(res, issued.status, issued.error.code, issued.error.message, issued.status === 503 ? { 'Retry-After': '60' } : {});
  return sendJson(res, 201, issued.value);
}
