/**
 * Close codes after which retrying cannot help: the server said why, and the
 * same attempt would be refused the same way. The reason text starts with the
 * stable error code (`TERMPLEX_ERR_AUTH: ...`); the close code decides.
 */
import { CloseCode, ErrorCode, type ProtocolError } from '@termplex/protocol';

const REFUSALS: Partial<Record<number, { code: ErrorCode; message: string }>> = {
  [CloseCode.AuthFailed]: { code: ErrorCode.Auth, message: 'the server refused the token' },
  [CloseCode.ProtocolVersion]: { code: ErrorCode.ProtocolVersion, message: 'the server speaks another protocol version' },
  [CloseCode.Abuse]: { code: ErrorCode.Abuse, message: 'the server closed the socket after too many bad frames' },
};

export function refusalFor(closeCode: number, reason: string): ProtocolError | undefined {
  const refusal = REFUSALS[closeCode];
  if (!refusal) return undefined;
  const prefix = `${refusal.code}: `;
  const detail = reason.startsWith(prefix) ? reason.slice(prefix.length) : reason;
  return { code: refusal.code, message: detail ? `${refusal.message} (${detail})` : refusal.message };
}
