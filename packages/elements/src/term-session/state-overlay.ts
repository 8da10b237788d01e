/**
 * The connection's and the session's state over the terminal, never in its
 * scrollback: a small badge while connecting or reconnecting, a panel with a
 * retry button when a connection that never got in failed. During an outage
 * (the connection was open and is lost) the <term-connection>'s banner says
 * what is going on, once for every terminal, so each terminal only hints.
 * Nothing at all while open and running with no input waiting.
 */
import type { ProtocolError } from '@termplex/protocol';
import { html, nothing } from 'lit';
import type { ConnectionState } from '../connection/connection-state.js';

export interface OverlayView {
  state: ConnectionState;
  error: ProtocolError | undefined;
  /** The connection was open and is lost (its banner tells the story). */
  outage: boolean;
  /** This terminal's session is over (exited, closed, or gone while the server was away). */
  ended: boolean;
  /** Bytes of input waiting to be sent. */
  pending: number;
}

const LABELS: Partial<Record<ConnectionState, string>> = {
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
  failed: 'Connection failed',
};

export function pendingLabel(bytes: number): string {
  return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'} waiting to be sent`;
}

export function renderOverlay(view: OverlayView, retry: () => void) {
  const pending = view.pending > 0 ? html`<span part="overlay-pending">${pendingLabel(view.pending)}</span>` : undefined;
  if (view.outage) {
    // No live role: the banner announces the outage once, not once per terminal.
    const [state, label] = view.state === 'failed' ? ['offline', 'Offline'] : ['reconnecting', 'Reconnecting…'];
    return badge(state, label, pending, false);
  }
  const label = LABELS[view.state];
  if (view.state === 'failed' || view.state === 'closed') {
    return html`<div part="overlay" class="panel" data-state=${view.state} role="alert">
      <strong>${label}</strong>
      ${view.error ? html`<span part="overlay-message">${view.error.message} (${view.error.code})</span>` : nothing}
      ${pending ?? nothing}
      <button part="retry-button" type="button" @click=${retry}>Retry</button>
    </div>`;
  }
  if (label) return badge(view.state, label, pending);
  if (view.ended) return badge('ended', 'Session ended', undefined);
  // Open, with input held until the replay is drawn.
  if (pending) return badge('open', undefined, pending);
  return nothing;
}

function badge(state: string, label: string | undefined, pending: unknown, live = true) {
  return html`<div part="overlay" class="badge" data-state=${state} role=${live ? 'status' : nothing}>
    ${label ?? nothing}${label && pending ? ' · ' : nothing}${pending ?? nothing}
  </div>`;
}
