/**
 * Search in the scrollback against a real shell and real keys: the find bar
 * (Ctrl+Shift+F, counts, next/previous, case and regex toggles, a bad
 * regex, Escape), the key kept from the shell, and find() for scripts.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '@termplex/elements';
import type { TermSession } from '@termplex/elements';
import { sendKeys } from '@web/test-runner-commands';
import { cleanup, mount, screenLines, startServer, waitForOpen, waitForText } from './harness.js';

/** Past the default 1000 lines of scrollback, so the element's own `scrollback` must hold them. */
const FILLER = 3000;

async function shell(): Promise<TermSession> {
  const server = await startServer();
  const connection = mount(`<term-connection url="${server.wsUrl}" token="${server.token}"><term-session scrollback="5000"></term-session></term-connection>`);
  const session = connection.querySelector('term-session')!;
  await waitForOpen(session);
  await waitForText(session, '$ ');
  return session;
}

/**
 * Three NEEDLEs and a lowercase needle: two NEEDLEs and the needle 3000 lines
 * above the screen, one NEEDLE on it. The command line spells them `NEE""DLE`,
 * so only the output matches.
 */
async function printNeedles(session: TermSession): Promise<void> {
  session.write(`echo 'alpha NEE''DLE one'; echo 'lower nee''dle'; echo 'beta NEE''DLE two'; seq 1 ${FILLER}; echo 'gamma NEE''DLE three'; echo done-$((6*7))\r`);
  await waitForText(session, /\ndone-42\n\$ $/);
}

const part = <T extends HTMLElement = HTMLElement>(session: TermSession, name: string) => session.shadowRoot!.querySelector<T>(`[part~="${name}"]`)!;
/** The bar is rendered only while open. */
const isOpen = (session: TermSession) => session.shadowRoot!.querySelector('[part~="find-bar"]') !== null;
const count = (session: TermSession) => part(session, 'find-count').textContent!.trim();
/** The buffer row (not the joined line: the long command above wraps) that reads `line`. */
function rowOf(session: TermSession, line: string): number {
  const buffer = session.terminal!.buffer.active;
  for (let y = 0; y < buffer.length; y++) if (buffer.getLine(y)!.translateToString(true) === line) return y;
  throw new Error(`no row reads ${JSON.stringify(line)}`);
}

async function countIs(session: TermSession, expected: string): Promise<void> {
  await waitUntil(() => count(session) === expected, `find count never read "${expected}"; it reads "${count(session)}"`, { timeout: 5000 }).catch(() => {
    throw new Error(`find count never read "${expected}"; it reads "${count(session)}"`);
  });
}

/** The buffer row the current match is on, and its text. */
function selection(session: TermSession): { row: number | undefined; text: string } {
  return { row: session.terminal!.getSelectionPosition()?.start.y, text: session.terminal!.getSelection() };
}

/** The buffer row is on screen (the terminal scrolled to it). */
function onScreen(session: TermSession, row: number): boolean {
  const { viewportY } = session.terminal!.buffer.active;
  return row >= viewportY && row < viewportY + session.terminal!.rows;
}

describe('find in the scrollback', () => {
  afterEach(cleanup);

  it('opens on Ctrl+Shift+F, counts matches 3000 lines up, and steps with Enter, Shift+Enter and the buttons', async () => {
    const session = await shell();
    await printNeedles(session);
    const alpha = rowOf(session, 'alpha NEEDLE one');
    const beta = rowOf(session, 'beta NEEDLE two');
    const gamma = rowOf(session, 'gamma NEEDLE three');
    expect(gamma - beta, 'lines between the last two').to.be.greaterThan(FILLER);
    expect(onScreen(session, beta), 'beta starts off the screen').to.equal(false);

    session.focus();
    expect(isOpen(session)).to.equal(false);
    await sendKeys({ press: 'Control+Shift+F' });
    await waitUntil(() => session.shadowRoot!.activeElement === part(session, 'find-input'), 'the find bar never opened with its input focused');
    expect(isOpen(session)).to.equal(true);

    // Typing finds the newest match first; case is ignored by default.
    await sendKeys({ type: 'needle' });
    await countIs(session, '4 of 4');
    expect(selection(session)).to.deep.equal({ row: gamma, text: 'NEEDLE' });
    expect(session.shadowRoot!.querySelectorAll('.xterm-find-result-decoration').length, 'the match on screen is highlighted').to.be.greaterThan(0);

    await sendKeys({ press: 'Shift+Enter' });
    await countIs(session, '3 of 4');
    expect(selection(session)).to.deep.equal({ row: beta, text: 'NEEDLE' });
    expect(onScreen(session, beta), 'scrolled up to beta').to.equal(true);

    part(session, 'find-previous').click();
    await countIs(session, '2 of 4');
    expect(selection(session).text).to.equal('needle');

    await sendKeys({ press: 'Enter' });
    await countIs(session, '3 of 4');
    part(session, 'find-next').click();
    await countIs(session, '4 of 4');
    await sendKeys({ press: 'Enter' });
    await countIs(session, '1 of 4');
    expect(selection(session)).to.deep.equal({ row: alpha, text: 'NEEDLE' });
    expect(onScreen(session, alpha), 'wrapped to the top of the scrollback').to.equal(true);

    await sendKeys({ press: 'Backspace' });
    await sendKeys({ type: 'zzz' });
    await countIs(session, 'No results');
  });

  it('changes the results with the case and regex toggles, and explains a bad regex instead of throwing', async () => {
    const session = await shell();
    await printNeedles(session);
    await session.openFind();
    await sendKeys({ type: 'NEEDLE' });
    await countIs(session, '4 of 4');

    const caseButton = part<HTMLButtonElement>(session, 'find-case');
    const regexButton = part<HTMLButtonElement>(session, 'find-regex');
    expect([caseButton.getAttribute('aria-pressed'), caseButton.getAttribute('aria-label')]).to.deep.equal(['false', 'Match case']);
    caseButton.click();
    await countIs(session, '3 of 3');
    expect(caseButton.getAttribute('aria-pressed')).to.equal('true');

    // As text, a pattern matches nothing; as a regex, two lines. (No \w+ or ^ here: the addon counts a match
    // again from each later column that also matches, and anchors ^ wherever it resumes.)
    const input = part<HTMLInputElement>(session, 'find-input');
    input.select();
    await sendKeys({ type: '(alpha|gamma) NEEDLE' });
    expect(input.value).to.equal('(alpha|gamma) NEEDLE');
    await countIs(session, 'No results');
    regexButton.click();
    await countIs(session, '2 of 2');
    expect(selection(session).text).to.equal('gamma NEEDLE');
    expect(regexButton.getAttribute('aria-pressed')).to.equal('true');
    caseButton.click();
    input.select();
    await sendKeys({ type: 'nee.le' });
    await countIs(session, '4 of 4');
    input.select();
    await sendKeys({ type: 'nee(dle' });
    await waitUntil(() => session.shadowRoot!.querySelector('[part~="find-error"]'), 'no message for a bad regex');
    expect(part(session, 'find-error').textContent!.trim()).to.equal('Invalid regular expression: Unterminated group');
    expect(part(session, 'find-error').getAttribute('role')).to.equal('alert');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(count(session)).to.equal('');
    expect(session.shadowRoot!.querySelectorAll('.xterm-find-result-decoration').length, 'no stale highlights').to.equal(0);

    // Fixing it clears the message.
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ type: 'dle' });
    await countIs(session, '4 of 4');
    expect(session.shadowRoot!.querySelector('[part~="find-error"]')).to.equal(null);
    expect(input.getAttribute('aria-invalid')).to.equal('false');
  });

  it('closes on Escape and on its close button, gives the keys back to the terminal, and removes the highlights', async () => {
    const session = await shell();
    await printNeedles(session);
    session.focus();
    await sendKeys({ press: 'Control+Shift+F' });
    await sendKeys({ type: 'done-42' });
    await countIs(session, '1 of 1');
    await sendKeys({ press: 'Escape' });
    expect(isOpen(session)).to.equal(false);
    expect(session.shadowRoot!.activeElement, 'the terminal has the focus back').to.equal(session.terminal!.textarea);
    expect(session.shadowRoot!.querySelectorAll('.xterm-find-result-decoration').length).to.equal(0);
    expect(selection(session).text, 'the match stays selected').to.equal('done-42');

    // Typing goes to the shell again, and reopening keeps the last search.
    await sendKeys({ type: 'echo back-$((2+3))' });
    await sendKeys({ press: 'Enter' });
    await waitForText(session, '\nback-5');
    await sendKeys({ press: 'Control+Shift+F' });
    await waitUntil(() => isOpen(session), 'the find bar never reopened');
    expect(part<HTMLInputElement>(session, 'find-input').value).to.equal('done-42');
    await countIs(session, '1 of 1');
    part(session, 'find-close').click();
    await session.updateComplete;
    expect(isOpen(session)).to.equal(false);
    expect(session.shadowRoot!.activeElement).to.equal(session.terminal!.textarea);
  });

  it('keeps Ctrl+Shift+F from the shell, while plain Ctrl+F still reaches it', async () => {
    const session = await shell();
    // Once "cat-ready" shows, readline has handed the tty back (cooked), so what is typed next waits for cat.
    session.write("echo cat-ready-$((1+1)); cat -v\r");
    await waitForText(session, /\ncat-ready-2$/);
    session.focus();
    const keydowns: KeyboardEvent[] = [];
    const watch = (event: KeyboardEvent) => void (event.code === 'KeyF' && keydowns.push(event));
    window.addEventListener('keydown', watch, { capture: true });
    try {
      await sendKeys({ press: 'Control+Shift+F' });
      await waitUntil(() => isOpen(session), 'the find bar never opened');
      await sendKeys({ press: 'Escape' });
      await sendKeys({ press: 'Control+F' });
    } finally {
      window.removeEventListener('keydown', watch, { capture: true });
    }
    // Claimed: cancelled, so the browser does not act on it either (xterm would have let it through, sending nothing).
    expect(keydowns.map((event) => event.shiftKey)).to.deep.equal([true, false]);
    expect(keydowns[0].defaultPrevented, 'Ctrl+Shift+F cancelled').to.equal(true);
    await sendKeys({ type: 'end' });
    await sendKeys({ press: 'Enter' });
    // cat -v shows what it got: one ^F (plain Ctrl+F), then "end"; the tty echoes the same line first.
    await waitForText(session, /\^Fend\n\^Fend$/);
    expect(screenLines(session).join('\n').match(/\^F/g)?.length, 'only the plain Ctrl+F, echoed and printed').to.equal(2);
    expect(isOpen(session)).to.equal(false);
  });

  it('find() selects and scrolls to a match for scripts, steps both ways, and names a bad pattern', async () => {
    const session = await shell();
    await printNeedles(session);
    const alpha = rowOf(session, 'alpha NEEDLE one');
    const gamma = rowOf(session, 'gamma NEEDLE three');

    expect(session.find('alpha NEEDLE')).to.equal(true);
    expect(selection(session)).to.deep.equal({ row: alpha, text: 'alpha NEEDLE' });
    expect(onScreen(session, alpha)).to.equal(true);
    expect(isOpen(session), 'find() does not open the bar').to.equal(false);
    expect(session.shadowRoot!.querySelectorAll('.xterm-find-result-decoration').length, 'nor leave highlights').to.equal(0);

    expect(session.find('needle', { caseSensitive: true })).to.equal(true);
    expect(selection(session).text).to.equal('needle');
    expect(session.find('NEEDLE', { caseSensitive: true, backwards: true })).to.equal(true);
    expect(selection(session).row, 'upwards from the needle: alpha').to.equal(alpha);
    expect(session.find('NEEDLE', { caseSensitive: true, backwards: true })).to.equal(true);
    expect(selection(session).row, 'and on past the top, to the newest').to.equal(gamma);
    expect(session.find('^gamma \\w+', { regex: true })).to.equal(true);
    expect(selection(session).text).to.equal('gamma NEEDLE');
    expect(session.find('no-such-text-anywhere')).to.equal(false);
    expect(() => session.find('a{2,1}', { regex: true })).to.throw(SyntaxError, 'find(): "a{2,1}" is not a valid regular expression (numbers out of order in {} quantifier)');

    // The bar takes on a script's query.
    session.find('beta NEEDLE', { caseSensitive: true });
    await session.openFind();
    expect(part<HTMLInputElement>(session, 'find-input').value).to.equal('beta NEEDLE');
    expect(part(session, 'find-case').getAttribute('aria-pressed')).to.equal('true');
    await countIs(session, '1 of 1');
    session.closeFind();
    await session.updateComplete;
    expect(isOpen(session)).to.equal(false);
    expect(session.shadowRoot!.querySelectorAll('.xterm-find-result-decoration').length).to.equal(0);
  });
});
