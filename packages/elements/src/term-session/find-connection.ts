/**
 * Which connection a <term-session> uses: the one named by `connection="id"`,
 * else its nearest <term-connection> ancestor (through @lit/context, so shadow
 * roots are crossed), else the page's only <term-connection>.
 */
import type { TerminalConnection } from '../connection/terminal-connection.js';

export type FoundConnection = { ok: true; connection: TerminalConnection } | { ok: false; message: string };

interface HasConnection extends Element {
  connection: TerminalConnection;
}

export function findConnection(session: Element, provided: TerminalConnection | undefined): FoundConnection {
  const id = session.getAttribute('connection');
  if (id) {
    const root = session.getRootNode() as Document | ShadowRoot;
    const element = root.getElementById(id) ?? document.getElementById(id);
    if (element?.localName !== 'term-connection') return { ok: false, message: `connection="${id}" names no <term-connection> on this page` };
    return { ok: true, connection: (element as unknown as HasConnection).connection };
  }
  if (provided) return { ok: true, connection: provided };
  const all = document.querySelectorAll('term-connection');
  if (all.length === 1) return { ok: true, connection: (all[0] as unknown as HasConnection).connection };
  return {
    ok: false,
    message: all.length === 0 ? 'no <term-connection> on this page: put the session inside one' : `${all.length} <term-connection> elements on this page: set connection="id" to pick one`,
  };
}
