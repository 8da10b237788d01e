/** Registers <term-player> (once, even if this module loads twice). */
import { TermPlayer } from './term-player.component.js';

export { TermPlayer };

if (!customElements.get('term-player')) customElements.define('term-player', TermPlayer);

declare global {
  interface HTMLElementTagNameMap {
    'term-player': TermPlayer;
  }
}
