/**
 * <story-event-log>: lists the termplex events that bubble up to its parent,
 * so a story shows what a page's script would receive.
 */
const EVENTS = [
  'term-connection-state', 'term-connection-error', 'term-session-open', 'term-session-exit', 'term-session-error', 'term-title-change',
  'term-player-play', 'term-player-pause', 'term-player-end', 'term-player-error',
];

class StoryEventLog extends HTMLElement {
  #parent: Node | null = null;
  readonly #onEvent = (event: Event) => {
    const detail = (event as CustomEvent).detail;
    const item = document.createElement('li');
    const target = event.target instanceof Element ? event.target : undefined;
    const label = target?.getAttribute('label');
    const source = target ? `${target.localName}${label ? ` "${label}"` : ''}` : '';
    item.textContent = `${event.type}  ${JSON.stringify(detail)}  ← ${source}`;
    this.querySelector('ol')!.append(item);
  };

  connectedCallback(): void {
    if (!this.querySelector('ol')) this.innerHTML = '<strong>Events</strong><ol></ol>';
    this.#parent = this.parentNode;
    for (const type of EVENTS) this.#parent?.addEventListener(type, this.#onEvent);
  }

  disconnectedCallback(): void {
    for (const type of EVENTS) this.#parent?.removeEventListener(type, this.#onEvent);
    this.#parent = null;
  }
}

if (!customElements.get('story-event-log')) customElements.define('story-event-log', StoryEventLog);
