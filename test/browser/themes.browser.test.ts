/**
 * Themes on a real <term-session>: presets by attribute, `--term-*` on top,
 * and the terminal following custom-property changes at runtime (inline, a
 * class on <html>, a stylesheet) without repainting when nothing changed.
 * No server: the terminal exists (and draws what `terminal.write()` gives
 * it) while its connection is still failing.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '@termplex/elements';
import type { TermConnection, TermSession } from '@termplex/elements';
import { DARK_PALETTE, LIGHT_PALETTE } from '../../packages/elements/src/term-session/theme-presets.js';
import { cleanup, mount, mountReporting, waitForText } from './harness.js';

const UNREACHABLE = 'ws://127.0.0.1:9/termplex';

async function mountSession(attributes = '', style = ''): Promise<TermSession> {
  const connection = mount<TermConnection>(`<term-connection url="${UNREACHABLE}"><term-session ${attributes} style="${style}"></term-session></term-connection>`);
  const session = connection.querySelector('term-session')!;
  await session.updateComplete;
  expect(session.terminal, 'the terminal exists after the first update').to.not.equal(undefined);
  return session;
}

/** The watcher re-reads on the next frame; three frames is ample for "nothing happened". */
const frames = (n = 3) => new Promise<void>((resolve) => {
  const step = () => (n-- <= 0 ? resolve() : requestAnimationFrame(step));
  requestAnimationFrame(step);
});

const theme = (session: TermSession) => session.terminal!.options.theme!;

function waitForTheme(session: TermSession, key: keyof typeof DARK_PALETTE, value: string): Promise<void> {
  return waitUntil(() => theme(session)[key] === value, `terminal ${key} never became ${value}; it is ${theme(session)[key]}`, { timeout: 2000, interval: 10 });
}

/** The colour xterm's DOM renderer gives the first cell that shows `text`. */
function drawnColour(session: TermSession, text: string): string {
  const span = [...session.shadowRoot!.querySelectorAll<HTMLElement>('.xterm-rows span')].find((s) => s.textContent?.includes(text));
  expect(span, `no cell shows ${text}`).to.not.equal(undefined);
  return getComputedStyle(span!).color;
}

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('theme presets', () => {
  afterEach(cleanup);

  it('theme="light" puts the whole light palette on the terminal and the host', async () => {
    const session = await mountSession('theme="light"');
    expect(theme(session)).to.deep.equal({ ...LIGHT_PALETTE, cursorAccent: LIGHT_PALETTE.background });
    expect(getComputedStyle(session).backgroundColor).to.equal(rgb(LIGHT_PALETTE.background));
    session.terminal!.write('\x1b[33mYELLOW\x1b[0m');
    await waitUntil(() => session.shadowRoot!.textContent!.includes('YELLOW'), 'never drawn');
    expect(drawnColour(session, 'YELLOW')).to.equal(rgb(LIGHT_PALETTE.yellow));
  });

  it('defaults to dark, and switching the property repaints and reflects the attribute', async () => {
    const session = await mountSession();
    expect(theme(session)).to.deep.equal({ ...DARK_PALETTE, cursorAccent: DARK_PALETTE.background });
    session.theme = 'light';
    await session.updateComplete;
    expect(session.getAttribute('theme')).to.equal('light');
    expect(theme(session).background).to.equal(LIGHT_PALETTE.background);
    expect(getComputedStyle(session).backgroundColor).to.equal(rgb(LIGHT_PALETTE.background));
    session.theme = 'dark';
    await session.updateComplete;
    expect(theme(session).background).to.equal(DARK_PALETTE.background);
  });

  it('--term-* override single colours on top of the preset', async () => {
    const session = await mountSession('theme="light"', '--term-red: #aa0000; --term-background: #fafafa');
    expect(theme(session).red).to.equal('#aa0000');
    expect(theme(session).background).to.equal('#fafafa');
    expect(theme(session).cursorAccent).to.equal('#fafafa');
    expect(theme(session).green).to.equal(LIGHT_PALETTE.green);
  });

  it('reports an unknown theme, naming the allowed values, and falls back to dark', async () => {
    const { session, errors } = mountReporting('theme="solarized"', `url="${UNREACHABLE}"`);
    await session.updateComplete;
    const message = 'theme must be "dark", "light" or "auto", got "solarized"';
    expect(errors).to.deep.equal([{ code: 'TERMPLEX_ERR_BAD_ATTRIBUTE', message }]);
    expect(theme(session).background).to.equal(DARK_PALETTE.background);
    expect(getComputedStyle(session).backgroundColor).to.equal(rgb(DARK_PALETTE.background));
    await waitForText(session, /got "solarized"\s*\(TERMPLEX_ERR_BAD_ATTRIBUTE\)/); // the notice wraps at a word
    session.theme = 'light';
    await session.updateComplete;
    expect(errors.length, 'a good value reports nothing').to.equal(1);
  });

  it('theme="auto" follows prefers-color-scheme, also when it changes', async () => {
    await emulateMedia({ colorScheme: 'light' });
    try {
      const session = await mountSession('theme="auto"');
      expect(theme(session).background).to.equal(LIGHT_PALETTE.background);
      expect(getComputedStyle(session).backgroundColor).to.equal(rgb(LIGHT_PALETTE.background));
      await emulateMedia({ colorScheme: 'dark' });
      await waitForTheme(session, 'background', DARK_PALETTE.background);
      expect(getComputedStyle(session).backgroundColor).to.equal(rgb(DARK_PALETTE.background));
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });
});

describe('theme changes at runtime', () => {
  afterEach(cleanup);

  it('follows inline --term-background and --term-red, and repaints what is drawn', async () => {
    const session = await mountSession();
    session.terminal!.write('\x1b[31mRED\x1b[0m');
    await waitUntil(() => session.shadowRoot!.textContent!.includes('RED'), 'never drawn');
    expect(drawnColour(session, 'RED')).to.equal(rgb(DARK_PALETTE.red));
    session.style.setProperty('--term-background', '#102030');
    session.style.setProperty('--term-red', '#ff5555');
    await waitForTheme(session, 'red', '#ff5555');
    expect(theme(session).background).to.equal('#102030');
    await waitUntil(() => drawnColour(session, 'RED') === rgb('#ff5555'), 'the drawn cell kept its old colour');
    session.style.removeProperty('--term-red');
    await waitForTheme(session, 'red', DARK_PALETTE.red);
  });

  it('follows a class on <html> that a stylesheet themes, and a stylesheet added or removed', async () => {
    const sheet = document.createElement('style');
    sheet.textContent = 'html.paper { --term-background: #fffff0; --term-foreground: #333333; }';
    document.head.append(sheet);
    const session = await mountSession();
    try {
      document.documentElement.classList.add('paper');
      await waitForTheme(session, 'background', '#fffff0');
      expect(theme(session).foreground).to.equal('#333333');
      document.documentElement.classList.remove('paper');
      await waitForTheme(session, 'background', DARK_PALETTE.background);

      const swapped = document.createElement('style');
      swapped.textContent = 'term-session { --term-blue: #0000ee; }';
      document.head.append(swapped);
      await waitForTheme(session, 'blue', '#0000ee');
      swapped.remove();
      await waitForTheme(session, 'blue', DARK_PALETTE.blue);
    } finally {
      document.documentElement.classList.remove('paper');
      sheet.remove();
    }
  });

  it('re-applies nothing when nothing changed', async () => {
    const session = await mountSession();
    await frames();
    const applied = theme(session);
    document.documentElement.classList.add('unrelated');
    session.style.color = 'red';
    session.style.width = '500px'; // a resize, not a return from display: none
    session.theme = 'dark'; // the same preset, now named
    await session.updateComplete;
    await frames();
    document.documentElement.classList.remove('unrelated');
    await frames();
    expect(theme(session), 'the terminal was given a theme again').to.equal(applied);
    // The control: a real change does give it a new one.
    session.style.setProperty('--term-cyan', '#00aaaa');
    await waitForTheme(session, 'cyan', '#00aaaa');
    expect(theme(session)).to.not.equal(applied);
  });

  it('catches a change made while hidden, once shown again', async () => {
    const session = await mountSession();
    session.hidden = true;
    await frames();
    session.style.setProperty('--term-green', '#00ff00');
    await frames();
    session.hidden = false;
    await waitForTheme(session, 'green', '#00ff00');
  });

  it('catches a move under a differently themed ancestor', async () => {
    const session = await mountSession();
    const connection = session.parentElement!;
    const themed = mount<HTMLDivElement>('<div style="--term-magenta: #cc00cc"></div>');
    themed.append(connection); // a move: the terminal and its session stay
    await waitForTheme(session, 'magenta', '#cc00cc');
  });
});

describe('minimum contrast', () => {
  afterEach(cleanup);

  it('is 3 by default, so the dark preset yellow stays readable on a page-set white background', async () => {
    const session = await mountSession('', '--term-background: #ffffff; --term-foreground: #1f2328');
    expect(session.terminal!.options.minimumContrastRatio).to.equal(3);
    session.terminal!.write('\x1b[33mYELLOW\x1b[0m');
    await waitUntil(() => session.shadowRoot!.textContent!.includes('YELLOW'), 'never drawn');
    // #f9e2af on white is 1.3:1; xterm darkens it until it reaches 3:1.
    expect(drawnColour(session, 'YELLOW')).to.not.equal(rgb(DARK_PALETTE.yellow));
    session.minimumContrastRatio = 1;
    await session.updateComplete;
    await waitUntil(() => drawnColour(session, 'YELLOW') === rgb(DARK_PALETTE.yellow), 'ratio 1 should draw the palette colour as is');
  });

  it('takes minimum-contrast-ratio 1..21 and reports anything else', async () => {
    const { session, errors } = mountReporting('minimum-contrast-ratio="4.5"', `url="${UNREACHABLE}"`);
    await session.updateComplete;
    expect(session.terminal!.options.minimumContrastRatio).to.equal(4.5);
    session.setAttribute('minimum-contrast-ratio', '30');
    await session.updateComplete;
    expect(errors).to.deep.equal([{ code: 'TERMPLEX_ERR_BAD_ATTRIBUTE', message: 'minimum-contrast-ratio must be a number 1..21, got "30"' }]);
    expect(session.terminal!.options.minimumContrastRatio).to.equal(3);
  });
});
