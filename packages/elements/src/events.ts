/**
 * The events the elements fire. All bubble and are composed (they cross shadow
 * roots), carry an object `detail`, and are typed in HTMLElementEventMap.
 */
import type { ErrorCode, ProtocolError } from '@termplex/protocol';
import type { ConnectionState } from './connection/connection-state.js';

export interface TermSessionOpenDetail {
  sessionId: string;
}
export interface TermSessionExitDetail {
  /** Exit status, or null when a signal ended the process. */
  code: number | null;
  /** Signal name such as "SIGTERM", or null. */
  signal: string | null;
}
export interface TermErrorDetail {
  code: ErrorCode;
  message: string;
}
export interface TermTitleChangeDetail {
  title: string;
}
/** The program rang the bell (BEL); nothing to say beyond that. */
export type TermBellDetail = Record<string, never>;
export interface TermConnectionStateDetail {
  state: ConnectionState;
  /** Why, when the state is `failed` or `reconnecting`. */
  error?: ProtocolError;
}

export interface TermplexEventDetails {
  'term-session-open': TermSessionOpenDetail;
  'term-session-exit': TermSessionExitDetail;
  'term-session-error': TermErrorDetail;
  'term-title-change': TermTitleChangeDetail;
  'term-bell': TermBellDetail;
  'term-connection-state': TermConnectionStateDetail;
  'term-connection-error': TermErrorDetail;
}

declare global {
  interface HTMLElementEventMap {
    'term-session-open': CustomEvent<TermSessionOpenDetail>;
    'term-session-exit': CustomEvent<TermSessionExitDetail>;
    'term-session-error': CustomEvent<TermErrorDetail>;
    'term-title-change': CustomEvent<TermTitleChangeDetail>;
    'term-bell': CustomEvent<TermBellDetail>;
    'term-connection-state': CustomEvent<TermConnectionStateDetail>;
    'term-connection-error': CustomEvent<TermErrorDetail>;
  }
}

export function emit<K extends keyof TermplexEventDetails>(target: EventTarget, type: K, detail: TermplexEventDetails[K]): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
