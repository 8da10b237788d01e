/** Registers <term-connection> (once, even if this module loads twice). */
import { TermConnection } from './term-connection.component.js';

export { TermConnection };

if (!customElements.get('term-connection')) customElements.define('term-connection', TermConnection);

declare global {
  interface HTMLElementTagNameMap {
    'term-connection': TermConnection;
  }
}
