/**
 * Server-side boundary: turns any text frame into a typed ClientMessage or a
 * typed error. Never throws; unknown extra fields are dropped, not passed on.
 */
import { LIMITS, PROFILE_NAME_PATTERN, SESSION_ID_PATTERN } from './constants.js';
import { ErrorCode, fail, type ProtocolError, type Result } from './errors.js';
import { FieldReader, parseJsonObject } from './field-reader.js';
import type { ClientMessage } from './messages.js';

const MAX_OFFSET = Number.MAX_SAFE_INTEGER;
const CLIENT_TYPES = ['hello', 'open', 'resize', 'ack', 'close', 'ping'] as const;

export function decodeClientMessage(text: string): Result<ClientMessage> {
  const parsed = parseJsonObject(text, LIMITS.controlFrame);
  if (!parsed.ok) return parsed;
  const raw = parsed.value;
  const r = new FieldReader(raw, typeof raw.type === 'string' ? raw.type.slice(0, 32) : 'message');
  const message = readClientMessage(raw, r);
  if (r.error || !message) return { ok: false, error: { ...(r.error ?? unknownType(raw)), ...context(raw) } };
  return { ok: true, value: message };
}

function readClientMessage(raw: Record<string, unknown>, r: FieldReader): ClientMessage | undefined {
  switch (raw.type) {
    case 'hello': {
      const token = r.string('token', LIMITS.tokenLength, undefined, true);
      const ticket = r.string('ticket', LIMITS.ticketLength, undefined, true);
      const resume = r.string('resume', LIMITS.ticketLength, undefined, true);
      const client = r.string('client', LIMITS.clientNameLength, undefined, true);
      if (r.error) return undefined;
      if (token === undefined && ticket === undefined && resume === undefined) {
        r.error = fail(ErrorCode.MissingField, 'hello.token is required (or hello.ticket, or hello.resume)').error;
        return undefined;
      }
      if (token !== undefined && (ticket !== undefined || resume !== undefined)) {
        r.error = fail(ErrorCode.BadField, 'hello carries a token or a ticket/resume, not both').error;
        return undefined;
      }
      const hello: ClientMessage = { type: 'hello' };
      if (token !== undefined) hello.token = token;
      if (ticket !== undefined) hello.ticket = ticket;
      if (resume !== undefined) hello.resume = resume;
      if (client !== undefined) hello.client = client;
      return hello;
    }
    case 'open': {
      const message: ClientMessage = {
        type: 'open',
        ref: r.int('ref', 0, MAX_OFFSET),
        cols: r.int('cols', 1, LIMITS.cols),
        rows: r.int('rows', 1, LIMITS.rows),
      };
      const sessionId = r.string('sessionId', 32, SESSION_ID_PATTERN, true);
      const profile = r.string('profile', 64, PROFILE_NAME_PATTERN, true);
      const offset = r.int('offset', 0, MAX_OFFSET, true);
      const readonly = r.bool('readonly');
      if (sessionId !== undefined) message.sessionId = sessionId;
      if (profile !== undefined) message.profile = profile;
      if (offset !== undefined) message.offset = offset;
      if (readonly !== undefined) message.readonly = readonly;
      return message;
    }
    case 'resize':
      return {
        type: 'resize',
        channel: r.int('channel', 1, LIMITS.channel),
        cols: r.int('cols', 1, LIMITS.cols),
        rows: r.int('rows', 1, LIMITS.rows),
      };
    case 'ack':
      return { type: 'ack', channel: r.int('channel', 1, LIMITS.channel), offset: r.int('offset', 0, MAX_OFFSET) };
    case 'close': {
      const channel = r.int('channel', 1, LIMITS.channel);
      const detach = r.bool('detach');
      return detach === undefined ? { type: 'close', channel } : { type: 'close', channel, detach };
    }
    case 'ping':
      return { type: 'ping', id: r.int('id', 0, MAX_OFFSET) };
    default:
      return undefined;
  }
}

function unknownType(raw: Record<string, unknown>): ProtocolError {
  if (raw.type === undefined) return fail(ErrorCode.MissingField, 'message.type is required').error;
  const shown = typeof raw.type === 'string' ? JSON.stringify(raw.type.slice(0, 32)) : typeof raw.type;
  return fail(ErrorCode.UnknownType, `message.type ${shown} is not one of ${CLIENT_TYPES.join(', ')}`).error;
}

/** The routing fields of a rejected frame, kept only when they are themselves valid. */
export function context(raw: Record<string, unknown>): Pick<ProtocolError, 'channel' | 'ref' | 'sessionId'> {
  const out: Pick<ProtocolError, 'channel' | 'ref' | 'sessionId'> = {};
  if (Number.isInteger(raw.channel) && (raw.channel as number) >= 1 && (raw.channel as number) <= LIMITS.channel) out.channel = raw.channel as number;
  if (Number.isInteger(raw.ref) && (raw.ref as number) >= 0 && (raw.ref as number) <= MAX_OFFSET) out.ref = raw.ref as number;
  if (typeof raw.sessionId === 'string' && SESSION_ID_PATTERN.test(raw.sessionId)) out.sessionId = raw.sessionId;
  return out;
}
