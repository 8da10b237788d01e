import type { SessionInfo } from '../options.js';
import type { Session } from './session.js';

/** What a caller that created a session learns about it. */
export function sessionInfo(session: Session): SessionInfo {
  return { id: session.id, profile: session.profile, pid: session.pid, cols: session.cols, rows: session.rows, created: new Date(session.created).toISOString() };
}
