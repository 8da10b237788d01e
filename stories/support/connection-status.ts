/**
 * <story-connection-status>: one line with the state of the <term-connection>
 * beside it and how many WebSockets this frame has opened, updated on every
 * `term-connection-state` event that bubbles to its parent.
 */
import { socketsCreated } from './demo-sockets.js';

class StoryConnectionStatus extends HTMLElement {
  #parent: Node | null = null;
  readonly #update = () => {
    // The event fires before the reflected attribute updates; read both after it.
    queueMicrotask(() => {
      const state = this.parentElement?.querySelector('term-connection')?.getAttribute('state') ?? 'idle';
      this.textContent = `connection: ${state} · WebSockets opened by this page so far: ${socketsCreated()}`;
    });
  };

  connectedCallback(): void {
    this.setAttribute('role', 'status');
    this.#parent = this.parentNode;
    this.#parent?.addEventListener('term-connection-state', this.#update);
    this.#update();
  }

  disconnectedCallback(): void {
    this.#parent?.removeEventListener('term-connection-state', this.#update);
    this.#parent = null;
  }
}

if (!customElements.get('story-connection-status')) customElements.define('story-connection-status', StoryConnectionStatus);
