/**
 * Find in the scrollback: the `logs` profile prints 3000 lines of a service's
 * log (an ERROR every 250th) before starting a shell, and the find bar
 * searches all of them, not just the rows on screen.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { FindOptions, TermSession } from '@termplex/elements';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { connection } from './support/connection.js';

const meta: Meta = {
  title: 'Scenarios/Find',
  component: 'term-session',
  // A scenario, not a playground: the element's API is on its Docs page.
  parameters: { controls: { disable: true } },
};
export default meta;

/** milliseconds: the log is printed well within this on a live server; without one nothing ever is. */
const LOG_TIMEOUT = 10_000;

/** Resolves once the terminal shows the log's last line (false if it never does). */
async function logShown(session: TermSession): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < LOG_TIMEOUT) {
    const buffer = session.terminal?.buffer.active;
    for (let y = buffer ? buffer.length - 1 : -1; y >= 0 && y >= buffer!.length - 60; y--) {
      if (buffer!.getLine(y)!.translateToString(true).startsWith('end of log')) return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Once the log is shown, opens the bar on the newest match of `text`, as pressing Ctrl+Shift+F and typing it would. */
function openOn(text: string, options: FindOptions) {
  return (element: Element | undefined) => {
    const session = element as TermSession | undefined;
    if (!session) return;
    void logShown(session).then(async (shown) => {
      if (!shown || !session.isConnected) return;
      await session.openFind();
      session.find(text, { ...options, backwards: true });
    });
  };
}

/**
 * The bar open on "ERROR": 12 matches, 11 of them thousands of lines up.
 * Enter and Shift+Enter (or the arrows) step through them, `Aa` and `.*`
 * toggle case and regular expressions (try `worker-[0-2] timed`), Escape
 * closes the bar and gives the keys back to the shell. Ctrl+Shift+F (Cmd+F
 * on macOS) opens it again.
 */
export const SearchScrollback: StoryObj = {
  name: 'Search the scrollback',
  render: () => html`<div class="story">
    ${connection(html`<term-session profile="logs" scrollback="10000" label="service log" ${ref(openOn('ERROR', { caseSensitive: true }))}></term-session>`)}
  </div>`,
};

/**
 * The bar and the highlights take their colours from the terminal's theme;
 * `--term-find-*` overrides them (here matches in the theme's blue, the
 * current one outlined in magenta), and `::part(find-bar)` and friends
 * restyle the bar itself. The search is a regular expression, `worker-[45]`.
 */
export const Themed: StoryObj = {
  name: 'Themed find bar',
  render: () => html`<div class="story">
    <style>
      .find-themed::part(find-bar) {
        border-radius: 0;
        font-family: ui-monospace, monospace;
      }
    </style>
    ${connection(html`<term-session
      class="find-themed"
      profile="logs"
      scrollback="10000"
      label="themed find"
      style="--term-find-match: color-mix(in srgb, var(--term-blue, #89b4fa) 35%, transparent); --term-find-active-match-border: var(--term-magenta, #f5c2e7);"
      ${ref(openOn('worker-[45]', { regex: true }))}
    ></term-session>`)}
    <pre><code>term-session {
  --term-find-match: color-mix(in srgb, var(--term-blue) 35%, transparent);
  --term-find-active-match-border: var(--term-magenta);
}
term-session::part(find-bar) { border-radius: 0; font-family: ui-monospace, monospace; }</code></pre>
  </div>`,
};
