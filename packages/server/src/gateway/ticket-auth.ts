/**
 * `hello` to a decision: the server token (no grant: everything), or a
 * ticket and/or resume credential (a grant naming exactly what this socket
 * may do). A hello with both a ticket and a resume credential keeps the
 * visitor of the resume, so the sessions of both stay within one visitor's
 * reach and quota; a dead resume credential beside a good ticket is only
 * dropped (the ticket alone decides), so a page that kept a stale one still
 * gets in with a fresh ticket.
 */
import { randomBytes } from 'node:crypto';
import { ErrorCode, type HelloMessage } from '@termplex/protocol';
import type { Grant, VisitorQuotas } from '../core/grant.js';
import type { TicketAuthority } from './tickets.js';
import type { TokenCheck } from './token.js';

export type HelloVerdict =
  | { ok: true; grant?: Grant }
  | { ok: false; code: ErrorCode; why: string };

/** milliseconds a resume credential works without a reconnect renewing it: beyond any visitor session's lifetime. */
export function resumeTtlMs(quotas: VisitorQuotas): number {
  return quotas.lifetimeMs > 0 ? quotas.lifetimeMs + 10 * 60_000 : 24 * 3_600_000;
}

export function checkHello(hello: HelloMessage, tokenCheck: TokenCheck, tickets: TicketAuthority, quotas: VisitorQuotas, address: string): HelloVerdict {
  if (hello.token !== undefined) {
    return tokenCheck.matches(hello.token) ? { ok: true } : { ok: false, code: ErrorCode.Auth, why: 'wrong token' };
  }
  let visitor: string | undefined;
  if (hello.resume !== undefined) {
    const resumed = tickets.checkResume(hello.resume);
    if (resumed.ok) visitor = resumed.claims.visitor;
    else if (hello.ticket === undefined) return { ok: false, code: resumed.error.code, why: resumed.error.message };
  }
  const grant: Grant = { visitor: visitor ?? randomBytes(16).toString('hex'), address, maxSessions: 0, quotas };
  if (hello.ticket !== undefined) {
    const redeemed = tickets.redeemTicket(hello.ticket);
    if (!redeemed.ok) return { ok: false, code: redeemed.error.code, why: redeemed.error.message };
    const { claims } = redeemed;
    if (claims.sessionId !== undefined) grant.session = { id: claims.sessionId, readonly: claims.readonly };
    else grant.maxSessions = claims.maxSessions;
    if (claims.profile !== undefined) grant.profile = claims.profile;
  }
  return { ok: true, grant };
}
