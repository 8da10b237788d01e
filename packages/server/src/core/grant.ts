/**
 * What a socket authenticated by a ticket or a resume credential may do, as
 * the web server decided it and the sessions' owner (this process or a PTY
 * host) enforces it. A socket with the server token has no grant: it may do
 * everything. Crosses the host link as JSON in a header, so it is re-read
 * there like any input.
 */
import { PROFILE_NAME_PATTERN, SESSION_ID_PATTERN } from '@termplex/protocol';

/** Limits on the sessions a visitor creates; 0 turns one off. */
export interface VisitorQuotas {
  /** live sessions created by tickets from one client address. */
  sessionsPerAddress: number;
  /** milliseconds a visitor's session may run in all. */
  lifetimeMs: number;
  /** milliseconds without input or output after which a visitor's session ends. */
  idleMs: number;
  /** bytes per second of output a visitor's session may produce (the program is slowed, not ended). */
  outputBytesPerSecond: number;
}

export interface Grant {
  /**
   * 32 hex: who this is across sockets. A resume credential names it, so a
   * reconnect reaches exactly the sessions this visitor opened.
   */
  visitor: string;
  /** The client address, for the per-address quota. */
  address: string;
  /** New sessions are of this profile; undefined: the owner's default profile. */
  profile?: string;
  /** Live sessions this visitor may have created at once; 0: it may create none (a resume, or a session ticket). */
  maxSessions: number;
  /** An existing session a ticket grants, read-only or not. */
  session?: { id: string; readonly: boolean };
  quotas: VisitorQuotas;
}

export const VISITOR_PATTERN = /^[0-9a-f]{32}$/;

const QUOTA_KEYS = ['sessionsPerAddress', 'lifetimeMs', 'idleMs', 'outputBytesPerSecond'] as const;

/** Reads a grant from its JSON form; a string says what was wrong. */
export function parseGrant(text: string): Grant | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'the grant is not JSON';
  }
  if (typeof raw !== 'object' || raw === null) return 'the grant must be an object';
  const g = raw as Record<string, unknown>;
  if (typeof g.visitor !== 'string' || !VISITOR_PATTERN.test(g.visitor)) return 'grant.visitor must be 32 hex characters';
  if (typeof g.address !== 'string' || g.address.length > 64) return 'grant.address must be a string of at most 64 characters';
  if (g.profile !== undefined && (typeof g.profile !== 'string' || !PROFILE_NAME_PATTERN.test(g.profile))) return 'grant.profile must be a profile name';
  if (!Number.isInteger(g.maxSessions) || (g.maxSessions as number) < 0 || (g.maxSessions as number) > 10_000) return 'grant.maxSessions must be 0..10000';
  let session: Grant['session'];
  if (g.session !== undefined) {
    const s = g.session as Record<string, unknown> | null;
    if (typeof s !== 'object' || s === null || typeof s.id !== 'string' || !SESSION_ID_PATTERN.test(s.id) || typeof s.readonly !== 'boolean') {
      return 'grant.session must be {id: a session id, readonly: boolean}';
    }
    session = { id: s.id, readonly: s.readonly };
  }
  const q = g.quotas as Record<string, unknown> | null;
  if (typeof q !== 'object' || q === null) return 'grant.quotas must be an object';
  const quotas = {} as VisitorQuotas;
  for (const key of QUOTA_KEYS) {
    const value = q[key];
    if (!Number.isSafeInteger(value) || (value as number) < 0) return `grant.quotas.${key} must be a non-negative integer`;
    quotas[key] = value as number;
  }
  const grant: Grant = { visitor: g.visitor, address: g.address, maxSessions: g.maxSessions as number, quotas };
  if (g.profile !== undefined) grant.profile = g.profile as string;
  if (session) grant.session = session;
  return grant;
}
