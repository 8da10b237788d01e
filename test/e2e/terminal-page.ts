/**
 * Driving <term-session> elements in a real page through playwright-core:
 * the n-th terminal on the page, its xterm screen, its connection's state,
 * typing into it and reading its buffer as lines of text.
 */
import type { Page } from 'playwright-core';

/** The slice of <term-session> these helpers touch, as seen from page scripts. */
interface SessionElement extends HTMLElement {
  terminal?: { buffer: { active: { length: number; getLine(y: number): { translateToString(trim: boolean): string } | undefined } } };
}

const DEFAULT_TIMEOUT = 20_000;

/** Waits until the index-th <term-session> has an xterm screen in its shadow root. */
export async function waitForXterm(page: Page, index = 0, timeout = DEFAULT_TIMEOUT): Promise<void> {
  await page.waitForFunction((i) => Boolean(document.querySelectorAll('term-session')[i]?.shadowRoot?.querySelector('.xterm')), index, { timeout });
}

/** Waits until the index-th <term-connection> reflects `state`. */
export async function waitForConnectionState(page: Page, state: string, index = 0, timeout = DEFAULT_TIMEOUT): Promise<void> {
  await page.waitForFunction(([i, s]) => document.querySelectorAll('term-connection')[i as number]?.getAttribute('state') === s, [index, state] as const, { timeout });
}

/** Focuses the index-th terminal and types `text` with the keyboard ("\n" is Enter). */
export async function typeInto(page: Page, text: string, index = 0): Promise<void> {
  await page.evaluate((i) => (document.querySelectorAll('term-session')[i] as HTMLElement).focus(), index);
  await page.keyboard.type(text);
}

/** The index-th terminal's buffer (scrollback and screen), one string per line, trailing spaces trimmed. */
export function terminalLines(page: Page, index = 0): Promise<string[]> {
  return page.evaluate((i) => {
    const buffer = (document.querySelectorAll('term-session')[i] as SessionElement | undefined)?.terminal?.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < (buffer?.length ?? 0); y++) lines.push(buffer!.getLine(y)?.translateToString(true) ?? '');
    return lines;
  }, index);
}

/**
 * Waits until a line of the index-th terminal matches: a string must equal
 * the trimmed line, a RegExp must match the line as it is.
 */
export async function waitForTerminalLine(page: Page, match: string | RegExp, index = 0, timeout = DEFAULT_TIMEOUT): Promise<void> {
  const pattern = typeof match === 'string' ? null : { source: match.source, flags: match.flags };
  const text = typeof match === 'string' ? match : null;
  await page.waitForFunction(
    ({ i, text, pattern }) => {
      const buffer = (document.querySelectorAll('term-session')[i] as SessionElement | undefined)?.terminal?.buffer.active;
      const regex = pattern && new RegExp(pattern.source, pattern.flags);
      for (let y = 0; y < (buffer?.length ?? 0); y++) {
        const line = buffer!.getLine(y)?.translateToString(true) ?? '';
        if (regex ? regex.test(line) : line.trim() === text) return true;
      }
      return false;
    },
    { i: index, text, pattern },
    { timeout },
  );
}
