/**
 * The connection's state over the terminal, never in its scrollback: a small
 * badge while connecting or reconnecting, a panel with a retry button when it
 * failed. Nothing at all while open.
 */
import type { ProtocolError } from '@termplex/protocol';
import { html, nothing } from 'lit';
import type { ConnectionState } from '../connection/connection-state.js';

const LABELS: Partial<Record<ConnectionState, string>> = {
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
  failed: 'Connection failed',
};

export function renderOverlay(state: ConnectionState, error: ProtocolError | undefined, retry: () => void) {
  const label = LABELS[state];
  if (!label) return nothing;
  if (state !== 'failed' && state !== 'closed') {
    return html`<div part="overlay" class="badge" data-state=${state} role="status">${label}</div>`;
  }
  return html`<div part="overlay" class="panel" data-state=${state} role="alert">
    <strong>${label}</strong>
    ${error ? html`<span part="overlay-message">${error.message} (${error.code})</span>` : nothing}
    <button part="retry-button" type="button" @click=${retry}>Retry</button>
  </div>`;
}
