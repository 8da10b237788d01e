/**
 * Visitors: sockets that came with a ticket or a resume credential, as the
 * sessions' owner sees them. A visitor may attach exactly the sessions it
 * created (or the one its ticket named), create sessions of its ticket's
 * profile up to its quotas, and nothing else. The record outlives its
 * sockets while it has sessions, so a reconnect with the resume credential
 * (on this owner: a PTY host keeps it across web server restarts) finds them.
 */
import { ErrorCode, type ProtocolError } from '@termplex/protocol';
import type { Grant } from '../core/grant.js';
import type { Session } from './session.js';
import type { SessionLimits } from './session.js';

class Visitor {
  /** session id -> read-only: what this visitor may attach. Each entry goes when its session exits. */
  readonly sessions = new Map<string, boolean>();
  /** live sessions this visitor created */
  created = 0;
  sockets = 0;
}

export class Visitors {
  private readonly byId = new Map<string, Visitor>();
  /** live visitor-created sessions per client address */
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly lookup: (id: string) => Session | undefined) {}

  /** Visitors with a socket or a live session (for tests and the bench: records must not pile up). */
  get size(): number {
    return this.byId.size;
  }

  /** A socket with this grant: its view of the visitor. Call `leave()` when the socket closes. */
  join(grant: Grant): VisitorAccess {
    let visitor = this.byId.get(grant.visitor);
    if (!visitor) {
      visitor = new Visitor();
      this.byId.set(grant.visitor, visitor);
    }
    visitor.sockets++;
    const named = grant.session && this.lookup(grant.session.id);
    if (named && grant.session) this.allow(grant.visitor, visitor, named, grant.session.readonly);
    return new VisitorAccess(grant, visitor, this);
  }

  leave(id: string, visitor: Visitor): void {
    visitor.sockets--;
    this.forgetIfEmpty(id, visitor);
  }

  liveFrom(address: string): number {
    return this.perAddress.get(address) ?? 0;
  }

  /** `session` was created by this visitor: it may attach it, and it counts against the quotas until it exits. */
  adopt(id: string, visitor: Visitor, session: Session, address: string): void {
    visitor.created++;
    this.perAddress.set(address, this.liveFrom(address) + 1);
    session.onceExited(() => {
      visitor.created--;
      const left = this.liveFrom(address) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });
    this.allow(id, visitor, session, false);
  }

  private allow(id: string, visitor: Visitor, session: Session, readonly: boolean): void {
    if (visitor.sessions.has(session.id)) {
      // A writable grant is never narrowed by a later read-only one, nor widened by it.
      visitor.sessions.set(session.id, visitor.sessions.get(session.id)! && readonly);
      return;
    }
    visitor.sessions.set(session.id, readonly);
    session.onceExited(() => {
      visitor.sessions.delete(session.id);
      this.forgetIfEmpty(id, visitor);
    });
  }

  private forgetIfEmpty(id: string, visitor: Visitor): void {
    if (visitor.sockets === 0 && visitor.sessions.size === 0 && this.byId.get(id) === visitor) this.byId.delete(id);
  }
}

/** One socket's view of its visitor: the checks ChannelConnection asks before it opens anything. */
export class VisitorAccess {
  private left = false;

  constructor(
    private readonly grant: Grant,
    private readonly visitor: Visitor,
    private readonly visitors: Visitors,
  ) {}

  /** What a new session of this visitor is held to. */
  get limits(): SessionLimits {
    const { lifetimeMs, idleMs, outputBytesPerSecond } = this.grant.quotas;
    return { lifetimeMs, idleMs, outputBytesPerSecond };
  }

  /** The profile a new session gets when the open names none. */
  get profile(): string | undefined {
    return this.grant.profile;
  }

  mayCreate(profile: string | undefined): ProtocolError | undefined {
    const { grant, visitor } = this;
    if (grant.maxSessions === 0) {
      return { code: ErrorCode.NotGranted, message: 'this connection may only re-attach the sessions it opened; new sessions need a new ticket' };
    }
    if (profile !== undefined && profile !== (grant.profile ?? profile)) {
      return { code: ErrorCode.NotGranted, message: `this connection's ticket grants sessions of profile ${JSON.stringify(grant.profile)} only, not ${JSON.stringify(profile)}` };
    }
    if (visitor.created >= grant.maxSessions) {
      return { code: ErrorCode.Quota, message: `this ticket allows ${grant.maxSessions} session${grant.maxSessions === 1 ? '' : 's'} at once, and ${visitor.created} are running` };
    }
    const perAddress = grant.quotas.sessionsPerAddress;
    if (perAddress > 0 && this.visitors.liveFrom(grant.address) >= perAddress) {
      return { code: ErrorCode.Quota, message: `visitors from this address already run ${perAddress} sessions, the limit; end one first` };
    }
    return undefined;
  }

  /** A refusal when the session is not this visitor's; else whether it may only watch. */
  access(sessionId: string): ProtocolError | { readonly: boolean } {
    const readonly = this.visitor.sessions.get(sessionId);
    if (readonly === undefined) return { code: ErrorCode.NotGranted, message: `this connection's ticket does not grant session ${sessionId}` };
    return { readonly };
  }

  adopt(session: Session): void {
    this.visitors.adopt(this.grant.visitor, this.visitor, session, this.grant.address);
  }

  leave(): void {
    if (this.left) return;
    this.left = true;
    this.visitors.leave(this.grant.visitor, this.visitor);
  }
}
