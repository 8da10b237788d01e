/**
 * A headless xterm.js screen for tests: feed it what a client received and
 * read back what a user would see (the visible rows and the cursor).
 */
import { createRequire } from 'node:module';
import type { Terminal as TerminalType } from '@xterm/headless';

const require = createRequire(new URL('../../packages/server/package.json', import.meta.url));
const { Terminal } = require('@xterm/headless') as { Terminal: typeof TerminalType };

export interface ScreenText {
  rows: string[];
  cursor: [number, number];
  alternate: boolean;
}

/** What `chunks`, written in order to a fresh cols x rows terminal, leave on its screen. */
export async function screenOf(chunks: Uint8Array[], cols: number, rows: number): Promise<ScreenText> {
  const term = new Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true });
  for (const chunk of chunks) term.write(chunk);
  await new Promise<void>((resolve) => term.write('', resolve));
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
  const screen = { rows: lines, cursor: [buffer.cursorX, buffer.cursorY] as [number, number], alternate: buffer.type === 'alternate' };
  term.dispose();
  return screen;
}
