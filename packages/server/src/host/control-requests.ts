/**
 * The PTY host's control link: requests from a web server (create, list,
 * end, info, profiles), each validated like any input from outside, answered by id.
 */
import { ErrorCode, FieldReader, LIMITS, parseJsonObject, SESSION_ID_PATTERN, type ProtocolError } from '@termplex/protocol';
import type { ControlReply } from '../core/host-link.js';
import { checkCreateFields } from './create-fields.js';
import type { LocalSessions } from './local-sessions.js';

const OPS = ['info', 'create', 'list', 'end', 'profiles'] as const;

export interface HostInfo {
  hostId: string;
  version: string;
  pid: number;
}

/** The answer to one control frame; malformed input gets an error naming what was wrong. */
export function answerControl(text: string, local: LocalSessions, info: HostInfo): ControlReply {
  const parsed = parseJsonObject(text, LIMITS.controlFrame);
  if (!parsed.ok) return { id: null, ok: false, error: parsed.error };
  const raw = parsed.value;
  const r = new FieldReader(raw, 'control');
  const id = r.int('id', 0, 2 ** 31);
  const op = r.oneOf('op', OPS);
  if (r.error || op === undefined) return { id: typeof raw.id === 'number' ? raw.id : null, ok: false, error: r.error! };
  const fail = (error: ProtocolError): ControlReply => ({ id, ok: false, error });
  switch (op) {
    case 'info':
      return { id, ok: true, value: { ...info, sessions: local.manager.size } };
    case 'list':
      return { id, ok: true, value: local.manager.summaries() };
    case 'profiles':
      return { id, ok: true, value: local.profileNames() };
    case 'create': {
      const checked = checkCreateFields(raw, 'create', ['id', 'op']);
      if (!checked.ok) return fail(checked.error);
      const created = local.createNow(checked.value);
      return 'code' in created ? fail(created) : { id, ok: true, value: created };
    }
    case 'end': {
      const sessionId = r.string('sessionId', 64, SESSION_ID_PATTERN);
      if (r.error) return fail(r.error);
      return local.endNow(sessionId) ? { id, ok: true, value: true } : fail({ code: ErrorCode.UnknownSession, message: `session ${sessionId} does not exist` });
    }
  }
}
