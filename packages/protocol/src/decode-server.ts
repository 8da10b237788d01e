/**
 * Client-side boundary: a server is trusted less than it might seem (it may be
 * another version, or a proxy may mangle frames), so its messages are checked
 * as strictly as the server checks the client's.
 */
import { LIMITS, MAX_FRAME_DATA, PROFILE_NAME_PATTERN, SESSION_ID_PATTERN } from './constants.js';
import { context } from './decode-client.js';
import { ErrorCode, type Result } from './errors.js';
import { FieldReader, parseJsonObject } from './field-reader.js';
import type { ServerMessage } from './messages.js';

const MAX = Number.MAX_SAFE_INTEGER;
const SERVER_TYPES = ['welcome', 'opened', 'lost', 'snapshot', 'size', 'exit', 'error', 'closed', 'pong'] as const;
const ERROR_CODES = Object.values(ErrorCode);

export function decodeServerMessage(text: string): Result<ServerMessage> {
  const parsed = parseJsonObject(text, LIMITS.controlFrame);
  if (!parsed.ok) return parsed;
  const raw = parsed.value;
  const r = new FieldReader(raw, typeof raw.type === 'string' ? raw.type.slice(0, 32) : 'message');
  const message = readServerMessage(raw, r);
  if (r.error) return { ok: false, error: { ...r.error, ...context(raw) } };
  if (!message) {
    const shown = typeof raw.type === 'string' ? JSON.stringify(raw.type.slice(0, 32)) : typeof raw.type;
    const code = raw.type === undefined ? ErrorCode.MissingField : ErrorCode.UnknownType;
    const text = raw.type === undefined ? 'message.type is required' : `message.type ${shown} is not one of ${SERVER_TYPES.join(', ')}`;
    return { ok: false, error: { code, message: text, ...context(raw) } };
  }
  return { ok: true, value: message };
}

function readServerMessage(raw: Record<string, unknown>, r: FieldReader): ServerMessage | undefined {
  const channel = () => r.int('channel', 1, LIMITS.channel);
  const sessionId = () => r.string('sessionId', 32, SESSION_ID_PATTERN);
  switch (raw.type) {
    case 'welcome': {
      const welcome: ServerMessage = {
        type: 'welcome',
        protocol: r.string('protocol', 64),
        server: r.string('server', 64),
        heartbeat: r.int('heartbeat', 100, 3_600_000),
      };
      const resume = r.string('resume', LIMITS.ticketLength, undefined, true);
      const resumeExpiresAt = r.string('resumeExpiresAt', 64, undefined, true);
      if (resume !== undefined) welcome.resume = resume;
      if (resumeExpiresAt !== undefined) welcome.resumeExpiresAt = resumeExpiresAt;
      return welcome;
    }
    case 'opened':
      return {
        type: 'opened',
        ref: r.int('ref', 0, MAX),
        channel: channel(),
        sessionId: sessionId(),
        profile: r.string('profile', 64, PROFILE_NAME_PATTERN),
        offset: r.int('offset', 0, MAX),
        head: r.int('head', 0, MAX),
        lost: r.int('lost', 0, MAX),
        cols: r.int('cols', 1, LIMITS.cols),
        rows: r.int('rows', 1, LIMITS.rows),
        readonly: r.bool('readonly') ?? false,
      };
    case 'lost':
      return { type: 'lost', channel: channel(), sessionId: sessionId(), bytes: r.int('bytes', 1, MAX), offset: r.int('offset', 0, MAX) };
    case 'snapshot':
      return {
        type: 'snapshot', channel: channel(), sessionId: sessionId(), offset: r.int('offset', 0, MAX),
        cols: r.int('cols', 1, LIMITS.cols), rows: r.int('rows', 1, LIMITS.rows), bytes: r.int('bytes', 0, MAX_FRAME_DATA),
      };
    case 'size':
      return { type: 'size', channel: channel(), cols: r.int('cols', 1, LIMITS.cols), rows: r.int('rows', 1, LIMITS.rows) };
    case 'exit':
      return {
        type: 'exit',
        channel: channel(),
        sessionId: sessionId(),
        code: r.nullableInt('code', -2_147_483_648, 2_147_483_647) as number | null,
        signal: r.nullableString('signal', 32) as string | null,
      };
    case 'error': {
      const message: ServerMessage = {
        type: 'error',
        code: r.oneOf('code', ERROR_CODES) as ErrorCode,
        message: r.string('message', LIMITS.messageText),
      };
      const ch = r.int('channel', 1, LIMITS.channel, true);
      const ref = r.int('ref', 0, MAX, true);
      const id = r.string('sessionId', 32, SESSION_ID_PATTERN, true);
      if (ch !== undefined) message.channel = ch;
      if (ref !== undefined) message.ref = ref;
      if (id !== undefined) message.sessionId = id;
      return message;
    }
    case 'closed':
      return { type: 'closed', channel: channel(), sessionId: sessionId() };
    case 'pong':
      return { type: 'pong', id: r.int('id', 0, MAX) };
    default:
      return undefined;
  }
}
