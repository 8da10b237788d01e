/**
 * The everyday details of a terminal, against a real server and real keys:
 * character widths as the shell counts them, copy and paste keys, links on
 * Ctrl+click, the wheel over `less`, the read-only cue, the title and the bell.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '@termplex/elements';
import type { TermSession } from '@termplex/elements';
import { sendKeys } from '@web/test-runner-commands';
import { cleanup, mount, mountReporting, nextEvent, screenLines, startServer, waitForOpen, waitForText } from './harness.js';

const UTF8 = 'export LC_ALL=C.UTF-8; ';

async function shell(extra = ''): Promise<TermSession> {
  const server = await startServer();
  const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session ${extra}></term-session></term-connection>`);
  const session = connection.querySelector('term-session')!;
  await waitForOpen(session);
  await waitForText(session, '$ ');
  return session;
}

/** The buffer line the cursor is on, and the cursor's column. */
const cursor = (session: TermSession) => ({ x: session.terminal!.buffer.active.cursorX, line: screenLines(session).at(-1) ?? '' });

describe('terminal details', () => {
  afterEach(cleanup);

  it('gives emoji, CJK and combining marks the columns the shell counts (Unicode 11 widths)', async () => {
    const session = await shell();
    for (const [name, text] of [['emoji', '😀😀😀|'], ['cjk', '漢字かな|'], ['combining', 'e\u0301a\u0308|'], ['mixed', 'a😀b漢c\u0301|']] as const) {
      session.write(`${UTF8}S='${text}'; echo "${name}-width=$(printf '%s' "$S" | wc -L)"; printf '%s' "$S"; sleep 1; echo\r`);
      await waitForText(session, new RegExp(`${name}-width=\\d+`));
      const width = Number(new RegExp(`${name}-width=(\\d+)`).exec(screenLines(session).join('\n'))![1]);
      await waitUntil(() => cursor(session).line.endsWith('|'), `${name}: never printed`, { timeout: 5000 });
      expect(cursor(session).x, `${name}: the cursor column after ${text}`).to.equal(width);
      await waitForText(session, /\$ $/);
    }
  });

  it('copies the selection to the clipboard with Ctrl+Shift+C, and Ctrl+C then copies instead of interrupting', async () => {
    const session = await shell();
    const clipboard = () => navigator.clipboard.readText();
    session.write("echo copy-$((6*7))-me; echo second-$((2*2)); sleep 2; echo not-$((1+1))-interrupted\r");
    await waitForText(session, 'second-4');
    const row = (text: string) => screenLines(session).findIndex((l) => l === text);
    session.terminal!.select(0, row('copy-42-me'), 'copy-42-me'.length);
    session.focus();
    await navigator.clipboard.writeText('before');
    await sendKeys({ press: 'Control+Shift+C' });
    await waitUntil(async () => (await clipboard()) === 'copy-42-me', 'Ctrl+Shift+C did not copy');
    session.terminal!.select(0, row('second-4'), 'second-4'.length);
    await sendKeys({ press: 'Control+C' });
    await waitUntil(async () => (await clipboard()) === 'second-4', 'Ctrl+C over a selection did not copy');
    await waitForText(session, 'not-2-interrupted');
    // Without a selection, Ctrl+C interrupts as it always did.
    session.terminal!.clearSelection();
    session.write('sleep 5; echo slept-$((2+2))\r');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sendKeys({ press: 'Control+C' });
    await waitForText(session, /\^C\n\$ $/);
    expect(screenLines(session).join('\n')).not.to.include('slept-4');
    expect(await clipboard()).to.equal('second-4');
  });

  it('with shell-keys, Ctrl+C always interrupts, even over a selection', async () => {
    const session = await shell('shell-keys');
    const copied: string[] = [];
    const original = navigator.clipboard.writeText;
    navigator.clipboard.writeText = async (text: string) => void copied.push(text);
    try {
      session.write('echo selected; sleep 5; echo slept-through\r');
      await waitForText(session, /^selected$/m);
      session.terminal!.select(0, screenLines(session).findIndex((l) => l === 'selected'), 8);
      session.focus();
      await sendKeys({ press: 'Control+C' });
      await waitForText(session, /\^C\n\$ $/);
      expect(copied).to.deep.equal([]);
    } finally {
      navigator.clipboard.writeText = original;
    }
  });

  it('pastes the clipboard with Ctrl+Shift+V and Ctrl+V (the browser\'s own paste, so no ^V reaches the shell)', async () => {
    const session = await shell();
    session.write('cat -v\r');
    await new Promise((resolve) => setTimeout(resolve, 300));
    session.focus();
    for (const [keys, text] of [['Control+Shift+V', 'pasted-one'], ['Control+V', 'pasted-two']] as const) {
      await navigator.clipboard.writeText(text);
      await sendKeys({ press: keys });
      await waitForText(session, text);
    }
    session.write('\r');
    await waitForText(session, /^pasted-onepasted-two$/m);
    expect(screenLines(session).join('\n')).not.to.include('^V');
  });

  it('opens a link on Ctrl+click only, and shows the hint on hover', async () => {
    const session = await shell();
    const opened: string[] = [];
    const original = window.open;
    window.open = ((url: string) => (opened.push(url), null)) as typeof window.open;
    try {
      session.write('clear; echo https://example.com/docs\r');
      await waitForText(session, 'https://example.com/docs');
      const screen = session.shadowRoot!.querySelector<HTMLElement>('.xterm-screen')!;
      const box = screen.getBoundingClientRect();
      const cell = { w: box.width / session.terminal!.cols, h: box.height / session.terminal!.rows };
      const row = screenLines(session).findIndex((l) => l === 'https://example.com/docs') - session.terminal!.buffer.active.viewportY;
      const at = { clientX: box.left + cell.w * 5.5, clientY: box.top + cell.h * (row + 0.5) };
      screen.dispatchEvent(new MouseEvent('mousemove', { ...at, bubbles: true }));
      const hint = session.shadowRoot!.querySelector<HTMLElement>('[part="link-hint"]')!;
      await waitUntil(() => !hint.hidden, 'no hint on hover', { timeout: 3000 });
      expect(hint.textContent).to.match(/(Ctrl|⌘)\+click to open/);
      for (const modifiers of [{}, { ctrlKey: true, metaKey: true }]) {
        screen.dispatchEvent(new MouseEvent('mousedown', { ...at, ...modifiers, bubbles: true, button: 0 }));
        screen.dispatchEvent(new MouseEvent('mouseup', { ...at, ...modifiers, bubbles: true, button: 0 }));
        screen.dispatchEvent(new MouseEvent('click', { ...at, ...modifiers, bubbles: true, button: 0 }));
      }
      expect(opened).to.deep.equal(['https://example.com/docs']);
    } finally {
      window.open = original;
    }
  });

  it('scrolls less by as many lines per wheel notch as scrollback scrolls', async () => {
    const session = await shell();
    session.write("seq -f 'line-%g' 1 500 > /tmp/termplex-wheel.txt; less /tmp/termplex-wheel.txt\r");
    await waitForText(session, /^line-1$/m);
    const terminal = session.terminal!;
    await waitUntil(() => terminal.buffer.active.type === 'alternate', 'less never used the alternate screen');
    const top = () => Number(/line-(\d+)/.exec(terminal.buffer.active.getLine(terminal.buffer.active.viewportY)!.translateToString(true))?.[1]);
    const screen = session.shadowRoot!.querySelector<HTMLElement>('.xterm-screen')!;
    const rowHeight = screen.clientHeight / terminal.rows;
    const before = top();
    terminal.element!.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, deltaMode: WheelEvent.DOM_DELTA_PIXEL, bubbles: true, cancelable: true }));
    const expected = Math.trunc(100 / rowHeight);
    expect(expected).to.be.greaterThan(1, 'a notch is several rows high');
    await waitUntil(() => top() === before + expected, `less moved from ${before} to ${top()}, not by ${expected}: ${screenLines(session).slice(0, 3).join(' / ')}`, { timeout: 3000 });
    session.write('q');
  });

  it('makes a viewer look read-only: a badge, a still underline cursor, and a nudge when someone types', async () => {
    const server = await startServer();
    const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session></term-session></term-connection>`);
    const writer = connection.querySelector('term-session')!;
    const id = await waitForOpen(writer);
    const viewer = document.createElement('term-session') as TermSession;
    viewer.setAttribute('session-id', id);
    viewer.readonly = true;
    connection.append(viewer);
    await waitForOpen(viewer);
    const badge = () => viewer.shadowRoot!.querySelector<HTMLElement>('[part="readonly-badge"]');
    expect(badge()?.textContent?.trim()).to.equal('Read-only');
    expect(viewer.terminal!.options.cursorStyle).to.equal('underline');
    expect(viewer.terminal!.options.cursorBlink).to.equal(false);
    expect(writer.shadowRoot!.querySelector('[part="readonly-badge"]')).to.equal(null);
    viewer.focus();
    await sendKeys({ type: 'ls' });
    await waitUntil(() => /typing is not sent/.test(badge()?.textContent ?? ''), 'no nudge');
    expect(badge()!.getAttribute('aria-live')).to.equal('polite');
  });

  it('shows the title the program sets, and rings the bell (an event and a flash)', async () => {
    const session = await shell('titlebar');
    const bell = nextEvent(session, 'term-bell');
    session.write("printf '\\033]0;build: 3 of 5\\007'; printf '\\a'\r");
    await bell;
    expect(session.shadowRoot!.querySelector('[part="terminal"]')!.hasAttribute('data-bell')).to.equal(true);
    await waitUntil(() => session.getAttribute('terminal-title') === 'build: 3 of 5', 'no title attribute');
    await session.updateComplete;
    expect(session.shadowRoot!.querySelector('[part="title"]')!.textContent).to.equal('build: 3 of 5');
  });

  it('reports a bad bell value when it is set, naming the allowed ones, and still rings the visual bell', async () => {
    const server = await startServer();
    const { session, errors } = mountReporting('bell="loud"', `url="${server.wsUrl}" token="${server.token}"`);
    await session.updateComplete;
    expect(errors).to.deep.equal([{ code: 'TERMPLEX_ERR_BAD_ATTRIBUTE', message: 'bell must be one of visual, none, got "loud"' }]);
    await waitForOpen(session);
    const bell = nextEvent(session, 'term-bell');
    session.write("printf '\\a'\r");
    await bell;
    expect(session.shadowRoot!.querySelector('[part="terminal"]')!.hasAttribute('data-bell')).to.equal(true);
    expect(errors).to.have.length(1);
  });
});
