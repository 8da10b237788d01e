/**
 * The fields of a request to create a session ahead of time, from any source
 * (an HTTP body, a library call, the PTY host's control link), read through
 * the protocol's FieldReader so every path reports a bad field the same way.
 */
import { ErrorCode, FieldReader, LIMITS, PROFILE_NAME_PATTERN, type ProtocolError } from '@termplex/protocol';
import type { CreateSessionOptions } from '../options.js';

const FIELDS = ['profile', 'cols', 'rows'];

export function checkCreateFields(
  body: Record<string, unknown>,
  where: string,
  extra: readonly string[] = [],
): { ok: true; value: CreateSessionOptions } | { ok: false; error: ProtocolError } {
  for (const key of Object.keys(body)) {
    if (!FIELDS.includes(key) && !extra.includes(key)) {
      return { ok: false, error: { code: ErrorCode.BadField, message: `${where}.${key.slice(0, 32)} is not a known field; allowed: ${FIELDS.join(', ')}` } };
    }
  }
  const r = new FieldReader(body, where);
  const profile = r.string('profile', 64, PROFILE_NAME_PATTERN, true);
  const cols = r.int('cols', 1, LIMITS.cols, true);
  const rows = r.int('rows', 1, LIMITS.rows, true);
  if (r.error) return { ok: false, error: r.error };
  const value: CreateSessionOptions = {};
  if (profile !== undefined) value.profile = profile;
  if (cols !== undefined) value.cols = cols;
  if (rows !== undefined) value.rows = rows;
  return { ok: true, value };
}
