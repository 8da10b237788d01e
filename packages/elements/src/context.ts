/**
 * How a <term-session> finds the TerminalConnection of its nearest
 * <term-connection> ancestor, across shadow roots (the @lit/context protocol).
 * Symbol.for: two copies of the bundle on one page still understand each other.
 */
import { createContext } from '@lit/context';
import type { TerminalConnection } from './connection/terminal-connection.js';

export const connectionContext = createContext<TerminalConnection>(Symbol.for('termplex.connection'));
