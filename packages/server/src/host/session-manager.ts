/**
 * Every live session on the server: creation from a profile, lookup by id,
 * the server-wide session limit, and ending them all at shutdown.
 */
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { ErrorCode, type ProtocolError } from '@termplex/protocol';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ResolvedProfile, SessionSummary } from '../options.js';
import { sandboxCommand } from '../sandbox/sandbox-command.js';
import type { Recorder } from '../recording/recorder.js';
import type { SandboxProbe } from '../sandbox/sandbox-probe.js';
import type { PtyBackend } from './pty-backend.js';
import type { ScreenModels } from './screen-model.js';
import { Session, type SessionLimits } from './session.js';

export interface SessionManagerSettings {
  profiles: Map<string, ResolvedProfile>;
  defaultProfile: string;
  maxSessions: number;
  ringBytes: number;
  graceMs: number;
  idleTimeoutMs: number;
  backend: PtyBackend;
  clock: Clock;
  log: Logger;
  /** Screen models for profiles that keep them. */
  screens: ScreenModels;
  /**
   * 8 hex characters that begin every session id of this owner (a PTY host
   * or an in-process server), so an id says which host runs it; the other
   * 24 are random (96 bits).
   */
  hostId: string;
  /** What this machine's sandboxes can use; set when a profile is sandboxed. */
  sandboxProbe?: SandboxProbe;
  /** Set when sessions are recorded (the `record` option). */
  recorder?: Recorder;
}

/** Never handed to a shell: the token and the host key are the server's secrets, not the user's. */
const HIDDEN_ENV = ['TERMPLEX_TOKEN', 'TERMPLEX_HOST_KEY'];

export type CreateResult = { ok: true; session: Session } | { ok: false; error: ProtocolError };

/** A client asks for a channel on a session: an existing one by id, or a new one of a profile. */
export interface AttachRequest {
  sessionId?: string;
  profile?: string;
  /** Output offset the client already has; 0 for all the ring holds. */
  offset?: number;
  cols: number;
  rows: number;
  readonly: boolean;
  /** A visitor's new session is held to these. */
  limits?: SessionLimits;
}

/** The asking socket's own rules, checked at the right moment (before any spawn). */
export interface AttachRules {
  /** A refusal when this socket may not create another session (of `profile`; undefined: the default). */
  mayCreate(profile: string | undefined): ProtocolError | undefined;
  /** A refusal when this socket may not write to an existing session. */
  mayWrite(sessionId: string): ProtocolError | undefined;
}

/**
 * Where a new channel starts in the session's output. `start` is where the
 * replay begins: the client's offset when the ring (or the screen model)
 * covers it, else the ring's start, with `lost` bytes in between.
 */
export type AttachDecision =
  | { ok: true; session: Session; created: boolean; start: number; lost: number }
  | { ok: false; error: ProtocolError; sessionId?: string };

export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private readonly ending = new Set<Promise<number[]>>();

  constructor(private readonly settings: SessionManagerSettings) {}

  /** What every session id of this owner begins with. */
  get hostId(): string {
    return this.settings.hostId;
  }

  get size(): number {
    return this.sessions.size;
  }

  profileNames(): { names: string[]; defaultProfile: string } {
    return { names: [...this.settings.profiles.keys()], defaultProfile: this.settings.defaultProfile };
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  /** `limits`: a visitor's session (a ticket), held to its quotas. */
  create(profileName: string | undefined, cols: number, rows: number, limits?: SessionLimits): CreateResult {
    const name = profileName ?? this.settings.defaultProfile;
    const profile = this.settings.profiles.get(name);
    if (!profile) {
      const known = [...this.settings.profiles.keys()].join(', ');
      return { ok: false, error: { code: ErrorCode.UnknownProfile, message: `profile ${JSON.stringify(name)} does not exist; this server has: ${known}` } };
    }
    if (this.sessions.size >= this.settings.maxSessions) {
      return { ok: false, error: { code: ErrorCode.SessionLimit, message: `the server already runs ${this.settings.maxSessions} sessions, its limit` } };
    }
    const own = { TERM: 'xterm-256color', COLORTERM: 'truecolor', ...profile.env };
    let pty;
    try {
      const spawn = profile.sandbox ? this.sandboxed(profile.sandbox, profile, own) : this.plain(profile, own);
      pty = this.settings.backend.spawn(spawn.command, spawn.args, { cols, rows, cwd: spawn.cwd, env: spawn.env });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.settings.log.error({ profile: name, code: ErrorCode.SpawnFailed, reason }, 'could not start profile');
      return { ok: false, error: { code: ErrorCode.SpawnFailed, message: `profile ${JSON.stringify(name)} could not start: ${reason}` } };
    }
    const id = this.settings.hostId + randomBytes(12).toString('hex');
    const screens = profile.snapshots ? this.settings.screens : undefined;
    const recording = this.startRecording(id, profile, own, cols, rows);
    const session = new Session(id, name, pty, { cols, rows }, { ...this.settings, screens, limits, recording });
    this.sessions.set(id, session);
    session.onceExited(() => {
      this.sessions.delete(id);
      if (recording) void this.settings.recorder!.finish(recording);
    });
    return { ok: true, session };
  }

  private startRecording(id: string, profile: ResolvedProfile, env: Record<string, string>, cols: number, rows: number) {
    const recorder = this.settings.recorder;
    if (!recorder || !profile.record) return undefined;
    // A recording failure is logged by the writer; it never stops the session.
    const shell = env.SHELL ?? (profile.sandbox ? profile.command : process.env.SHELL ?? profile.command);
    return recorder.start(id, { cols, rows, env: { TERM: env.TERM, SHELL: shell } }, profile.record.input);
  }

  /** The server's environment (less its secrets) under the profile's own, in its cwd or $HOME. */
  private plain(profile: ResolvedProfile, own: Record<string, string>) {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !HIDDEN_ENV.includes(key)) env[key] = value;
    Object.assign(env, own);
    return { command: profile.command, args: profile.args, cwd: profile.cwd ?? process.env.HOME ?? homedir(), env };
  }

  /** Not the server's environment: a sandbox starts from an allow-list of it, which may hold secrets. */
  private sandboxed(sandbox: NonNullable<ResolvedProfile['sandbox']>, profile: ResolvedProfile, own: Record<string, string>) {
    if (!this.settings.sandboxProbe) throw new Error('it is sandboxed, and this machine\'s sandbox support was never probed');
    return sandboxCommand(sandbox, this.settings.sandboxProbe, { command: profile.command, args: profile.args, cwd: profile.cwd, env: own });
  }

  /** Get or create, then where the replay starts; refusals name what was wrong. */
  decide(request: AttachRequest, rules: AttachRules): AttachDecision {
    const from = request.offset ?? 0;
    let session: Session;
    let created = false;
    if (request.sessionId !== undefined) {
      const found = this.get(request.sessionId);
      const id = request.sessionId;
      if (!found) return { ok: false, sessionId: id, error: { code: ErrorCode.UnknownSession, message: `session ${id} does not exist (it never did, expired or exited)` } };
      const refusal = request.readonly ? undefined : rules.mayWrite(id);
      if (refusal) return { ok: false, sessionId: id, error: refusal };
      session = found;
    } else {
      // Checked before spawning: a refused open must not leave a session behind.
      if (from > 0) return { ok: false, error: { code: ErrorCode.OutOfBounds, message: `open.offset must be 0 for a new session, got ${from}` } };
      const refusal = rules.mayCreate(request.profile);
      if (refusal) return { ok: false, error: refusal };
      const made = this.create(request.profile, request.cols, request.rows, request.limits);
      if (!made.ok) return made;
      session = made.session;
      created = true;
    }
    if (from > session.head) {
      return { ok: false, sessionId: session.id, error: { code: ErrorCode.OutOfBounds, message: `open.offset must be 0..${session.head} (the session's output so far), got ${from}` } };
    }
    // Behind the ring: a session with a screen model sends the screen instead (see Attachment.take).
    const start = from < session.start && !session.restorable ? session.start : from;
    return { ok: true, session, created, start, lost: start - from };
  }

  /** Ends one session; resolves when its processes are gone, to the pids that would not go. */
  end(session: Session, reason: string): Promise<number[]> {
    const done = session.end(reason);
    this.ending.add(done);
    void done.finally(() => this.ending.delete(done));
    return done;
  }

  /**
   * Ends every session (shutdown), waits for their processes to go, and
   * resolves to the pids that would not (teardowns already under way included).
   */
  async endAll(reason: string): Promise<number[]> {
    for (const session of this.all()) this.end(session, reason);
    const results = await Promise.allSettled([...this.ending]);
    return results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  }

  summaries(): SessionSummary[] {
    return this.all().map((s) => ({
      id: s.id,
      profile: s.profile,
      pid: s.pid,
      cols: s.cols,
      rows: s.rows,
      created: new Date(s.created).toISOString(),
      clients: s.attachments.size,
      lastActivity: new Date(s.lastActivity).toISOString(),
    }));
  }
}
