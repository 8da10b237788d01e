/**
 * The events the elements fire. All bubble and are composed (they cross shadow
 * roots), carry an object `detail`, and are typed in HTMLElementEventMap,
 * DocumentEventMap and WindowEventMap.
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

export interface TermPlayerDetail {
  /** seconds into the recording. */
  position: number;
}

export interface TermplexEventDetails {
  'term-session-open': TermSessionOpenDetail;
  'term-session-exit': TermSessionExitDetail;
  'term-session-error': TermErrorDetail;
  'term-title-change': TermTitleChangeDetail;
  'term-bell': TermBellDetail;
  'term-connection-state': TermConnectionStateDetail;
  'term-connection-error': TermErrorDetail;
  'term-player-play': TermPlayerDetail;
  'term-player-pause': TermPlayerDetail;
  'term-player-end': TermPlayerDetail;
  'term-player-error': TermErrorDetail;
}

/** Every event by name, as listeners receive it. */
export type TermplexEventMap = { [K in keyof TermplexEventDetails]: CustomEvent<TermplexEventDetails[K]> };

// On the elements, and on document and window too: the events bubble and are composed, so a page listens there.
declare global {
  interface HTMLElementEventMap extends TermplexEventMap {}
  interface DocumentEventMap extends TermplexEventMap {}
  interface WindowEventMap extends TermplexEventMap {}
}

export function emit<K extends keyof TermplexEventDetails>(target: EventTarget, type: K, detail: TermplexEventDetails[K]): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
