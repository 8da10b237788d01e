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

/** Authentication refusals more precise than "wrong token", by the code the reason starts with. */
const AUTH_DETAIL: Partial<Record<string, string>> = {
  [ErrorCode.TicketInvalid]: 'the server refused the ticket',
  [ErrorCode.TicketExpired]: 'the ticket has expired',
  [ErrorCode.TicketUsed]: 'the ticket was already used',
};

export function refusalFor(closeCode: number, reason: string): ProtocolError | undefined {
  let refusal = REFUSALS[closeCode];
  if (!refusal) return undefined;
  const named = /^(TERMPLEX_ERR_[A-Z_]+): /.exec(reason)?.[1];
  if (closeCode === CloseCode.AuthFailed && named && AUTH_DETAIL[named]) refusal = { code: named as ErrorCode, message: AUTH_DETAIL[named]! };
  const prefix = `${named ?? refusal.code}: `;
  const detail = reason.startsWith(prefix) ? reason.slice(prefix.length) : reason;
  return { code: refusal.code, message: detail ? `${refusal.message} (${detail})` : refusal.message };
}
