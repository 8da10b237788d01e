/**
 * Tickets and resume credentials: claims signed with HMAC-SHA256 under a key
 * derived from the server token, so checking one needs no lookup, and a
 * resume credential still works after the web server restarts (same token,
 * same key). A holder can read the claims (its own profile and session), not
 * change them.
 *
 *   ticket   tpt1.<claims>.<mac>  single use, short-lived (POST /api/tickets)
 *   resume   tpr1.<claims>.<mac>  names a visitor: reconnects reach exactly
 *                                 the sessions that visitor opened
 *
 * Single use is the one piece of state: the nonces of used tickets, kept
 * until they expire. A ticket issued before this process started is refused:
 * whether it was used died with the previous process.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ErrorCode, PROFILE_NAME_PATTERN, SESSION_ID_PATTERN, type ProtocolError } from '@termplex/protocol';
import { VISITOR_PATTERN } from '../core/grant.js';

export interface TicketClaims {
  /** 32 hex, random: what single use is tracked by. */
  nonce: string;
  profile?: string;
  sessionId?: string;
  readonly: boolean;
  maxSessions: number;
  /** ms since the epoch */
  issuedAt: number;
  expiresAt: number;
}

export interface ResumeClaims {
  visitor: string;
  expiresAt: number;
}

export type Checked<T> = { ok: true; claims: T } | { ok: false; error: ProtocolError };

const TICKET = 'tpt1';
const RESUME = 'tpr1';
/** Used nonces kept at most; beyond it minting refuses until some expire (a ticket lives an hour at most). */
const MAX_USED = 1_000_000;

const b64 = (bytes: Buffer) => bytes.toString('base64url');

export class TicketAuthority {
  private readonly key: Buffer;
  private readonly startedAt: number;
  /** nonce -> expiry of tickets already used. */
  private readonly used = new Map<string, number>();
  private lastPrune = 0;

  constructor(token: string, private readonly now: () => number = Date.now) {
    this.key = createHmac('sha256', token).update('termplex ticket signing key v1').digest();
    this.startedAt = now();
  }

  mintTicket(grant: Omit<TicketClaims, 'nonce' | 'issuedAt' | 'expiresAt'>, ttlMs: number): { ticket: string; expiresAt: number } {
    const issuedAt = this.now();
    const claims: TicketClaims = { nonce: randomBytes(16).toString('hex'), ...grant, issuedAt, expiresAt: issuedAt + ttlMs };
    return { ticket: this.sign(TICKET, claims), expiresAt: claims.expiresAt };
  }

  mintResume(visitor: string, ttlMs: number): { resume: string; expiresAt: number } {
    const claims: ResumeClaims = { visitor, expiresAt: this.now() + ttlMs };
    return { resume: this.sign(RESUME, claims), expiresAt: claims.expiresAt };
  }

  /** Verifies a ticket and uses it up: a second redeem of the same ticket is refused. */
  redeemTicket(text: string): Checked<TicketClaims> {
    const read = this.open(TICKET, text, 'ticket');
    if (!read.ok) return read;
    const claims = ticketClaims(read.claims);
    if (!claims) return invalid('the ticket claims are malformed');
    if (claims.issuedAt < this.startedAt) return invalid('the ticket was issued before this server started; get a new one');
    const now = this.now();
    if (now >= claims.expiresAt) return refuse(ErrorCode.TicketExpired, `the ticket expired ${Math.ceil((now - claims.expiresAt) / 1000)} s ago; get a new one`);
    if (this.used.has(claims.nonce)) return refuse(ErrorCode.TicketUsed, 'the ticket was already used; tickets open one connection');
    this.prune(now);
    this.used.set(claims.nonce, claims.expiresAt);
    return { ok: true, claims };
  }

  checkResume(text: string): Checked<ResumeClaims> {
    const read = this.open(RESUME, text, 'resume credential');
    if (!read.ok) return read;
    const c = read.claims;
    if (typeof c.visitor !== 'string' || !VISITOR_PATTERN.test(c.visitor) || !Number.isSafeInteger(c.expiresAt)) return invalid('the resume credential claims are malformed');
    if (this.now() >= (c.expiresAt as number)) return refuse(ErrorCode.TicketExpired, 'the resume credential expired; get a new ticket');
    return { ok: true, claims: { visitor: c.visitor, expiresAt: c.expiresAt as number } };
  }

  /** True while there is room to remember one more used ticket. */
  get hasRoom(): boolean {
    this.prune(this.now());
    return this.used.size < MAX_USED;
  }

  private sign(kind: string, claims: object): string {
    const body = `${kind}.${b64(Buffer.from(JSON.stringify(claims)))}`;
    return `${body}.${b64(this.mac(body))}`;
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }

  private open(kind: string, text: string, what: string): Checked<Record<string, unknown>> {
    const parts = text.split('.');
    if (parts.length !== 3 || parts[0] !== kind) return invalid(`this is not a termplex ${what}`);
    const given = Buffer.from(parts[2], 'base64url');
    const expected = this.mac(`${parts[0]}.${parts[1]}`);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid(`the ${what}'s signature does not match this server`);
    try {
      const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
      if (typeof claims === 'object' && claims !== null) return { ok: true, claims: claims as Record<string, unknown> };
    } catch {
      // a signed body that is not JSON: only a bug could make one
    }
    return invalid(`the ${what} claims are not JSON`);
  }

  /** At most once a second: a sweep is linear in the used tickets. */
  private prune(now: number): void {
    if (now - this.lastPrune < 1000) return;
    this.lastPrune = now;
    for (const [nonce, expiresAt] of this.used) if (expiresAt <= now) this.used.delete(nonce);
  }
}

function refuse(code: ErrorCode, message: string): { ok: false; error: ProtocolError } {
  return { ok: false, error: { code, message } };
}

const invalid = (message: string) => refuse(ErrorCode.TicketInvalid, message);

function ticketClaims(c: Record<string, unknown>): TicketClaims | undefined {
  if (typeof c.nonce !== 'string' || !/^[0-9a-f]{32}$/.test(c.nonce)) return undefined;
  if (c.profile !== undefined && (typeof c.profile !== 'string' || !PROFILE_NAME_PATTERN.test(c.profile))) return undefined;
  if (c.sessionId !== undefined && (typeof c.sessionId !== 'string' || !SESSION_ID_PATTERN.test(c.sessionId))) return undefined;
  if (typeof c.readonly !== 'boolean' || !Number.isSafeInteger(c.maxSessions) || !Number.isSafeInteger(c.issuedAt) || !Number.isSafeInteger(c.expiresAt)) return undefined;
  return c as unknown as TicketClaims;
}
