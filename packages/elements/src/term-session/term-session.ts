/** Registers <term-session> (once, even if this module loads twice). */
import { TermSession } from './term-session.component.js';

export { TermSession };

if (!customElements.get('term-session')) customElements.define('term-session', TermSession);

declare global {
  interface HTMLElementTagNameMap {
    'term-session': TermSession;
  }
}
