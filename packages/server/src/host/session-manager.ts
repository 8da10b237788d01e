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
import type { PtyBackend } from './pty-backend.js';
import { Session } from './session.js';

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
}

/** Never handed to a shell: the token is the server's secret, not the user's. */
const HIDDEN_ENV = ['TERMPLEX_TOKEN'];

export type CreateResult = { ok: true; session: Session } | { ok: false; error: ProtocolError };

export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private readonly ending = new Set<Promise<number[]>>();

  constructor(private readonly settings: SessionManagerSettings) {}

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  create(profileName: string | undefined, cols: number, rows: number): CreateResult {
    const name = profileName ?? this.settings.defaultProfile;
    const profile = this.settings.profiles.get(name);
    if (!profile) {
      const known = [...this.settings.profiles.keys()].join(', ');
      return { ok: false, error: { code: ErrorCode.UnknownProfile, message: `profile ${JSON.stringify(name)} does not exist; this server has: ${known}` } };
    }
    if (this.sessions.size >= this.settings.maxSessions) {
      return { ok: false, error: { code: ErrorCode.SessionLimit, message: `the server already runs ${this.settings.maxSessions} sessions, its limit` } };
    }
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !HIDDEN_ENV.includes(key)) env[key] = value;
    Object.assign(env, { TERM: 'xterm-256color', COLORTERM: 'truecolor' }, profile.env);
    const cwd = profile.cwd ?? process.env.HOME ?? homedir();
    let pty;
    try {
      pty = this.settings.backend.spawn(profile.command, profile.args, { cols, rows, cwd, env });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.settings.log.error({ profile: name, code: ErrorCode.SpawnFailed, reason }, 'could not start profile');
      return { ok: false, error: { code: ErrorCode.SpawnFailed, message: `profile ${JSON.stringify(name)} could not start: ${reason}` } };
    }
    const id = randomBytes(16).toString('hex');
    const session = new Session(id, name, pty, { cols, rows }, this.settings);
    this.sessions.set(id, session);
    session.onceExited(() => this.sessions.delete(id));
    return { ok: true, session };
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
