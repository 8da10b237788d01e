/**
 * The static Storybook, brought to life: with no server, each
 * <term-session> of a story is replaced by a <term-player> playing the
 * recording of its profile (made from a real shell by
 * `npm run record-stories`), with its theme and style, under a label that
 * says it is a recording. A terminal whose profile has no recording keeps
 * its failed state.
 */
import { recordingOf } from './recordings.js';

/** Copied over to the player: what a story sets that changes how a terminal looks. */
const KEPT = ['theme', 'style', 'class'];

/** Called from a ref on the story's wrapper: the story's own content renders after it, so the swap waits a microtask. */
export function playRecordings(root: Element | undefined): void {
  if (root) queueMicrotask(() => swap(root));
}

function swap(root: Element): void {
  for (const session of root.querySelectorAll('term-session')) {
    const src = recordingOf(session.getAttribute('profile'));
    if (!src) continue;
    const figure = document.createElement('figure');
    figure.className = 'recording';
    const caption = document.createElement('figcaption');
    caption.textContent = `Recording of a real session${session.getAttribute('profile') ? ` (profile "${session.getAttribute('profile')}")` : ''}: no server is running here`;
    const player = document.createElement('term-player');
    for (const name of KEPT) {
      const value = session.getAttribute(name);
      if (value !== null) player.setAttribute(name, value);
    }
    player.setAttribute('src', src);
    player.setAttribute('autoplay', '');
    player.setAttribute('idle-time-limit', '1');
    player.setAttribute('label', `Recording: ${session.getAttribute('label') ?? 'terminal'}`);
    figure.append(caption, player);
    session.replaceWith(figure);
  }
}
