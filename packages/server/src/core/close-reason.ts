import type { ErrorCode } from '@termplex/protocol';

/** A WebSocket close reason "CODE: text", cut to the protocol's 123 bytes without splitting a character. */
export function closeReason(code: ErrorCode, text: string): string {
  return Buffer.from(`${code}: ${text}`).subarray(0, 123).toString().replace(/\uFFFD$/, '');
}
