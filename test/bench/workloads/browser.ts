/**
 * Browser: the same terminal output rendered by a <term-session> (through
 * the server and the socket) and by a bare xterm.js `terminal.write()` in
 * the same page, in headless Chromium. The ratio is what the kit costs over
 * xterm.js itself; the "raw" column of this row is the bare terminal. Both
 * are measured with xterm's DOM renderer (`browser.rate`) and with its WebGL
 * addon (`browser.webgl.rate`), in turn in the same page. The
 * page is driven over a bare DevTools pipe (cdp-page.ts), not playwright,
 * whose network instrumentation would tax every WebSocket frame.
 */
import { readFileSync } from 'node:fs';
import { openCdpPage, type CdpPage } from '../browser/cdp-page.js';
import type { BenchRenderer, PageApi } from '../browser/page.js';
import { startPageServer, type PageServer } from '../browser/page-server.js';
import { sentinel } from '../clients/bench-stream.js';
import { asTerminalOutput, writeCorpus } from '../corpus.js';
import type { BenchContext } from '../plan.js';
import { inTurn } from '../plan.js';
import { startServer, type ServerProcess } from '../server-process.js';
import { MiB } from '../stats.js';

/** Each renderer's row in the table. */
const ROWS: Record<BenchRenderer, string> = { dom: 'browser.rate', webgl: 'browser.webgl.rate' };
const RENDERERS = Object.keys(ROWS) as BenchRenderer[];

/** Calls the page's `termplexBench[name](...args)` and returns its (JSON) result. */
function callPage<K extends keyof PageApi>(page: CdpPage, name: K, ...args: Parameters<PageApi[K]>): Promise<Awaited<ReturnType<PageApi[K]>>> {
  return page.evaluate(`window.termplexBench.${name}(${args.map((arg) => JSON.stringify(arg)).join(', ')})`);
}

export async function browserWorkload(ctx: BenchContext): Promise<void> {
  const corpus = writeCorpus(ctx.mode.browserBytes);
  let pages: PageServer | undefined;
  let server: ServerProcess | undefined;
  let page: CdpPage | undefined;
  try {
    pages = await startPageServer(asTerminalOutput(readFileSync(corpus.path)));
    server = await startServer('termplex', { ...ctx.serverOptions.termplex, allowOrigins: [pages.origin] });
    const driven = (page = await openCdpPage(`${pages.origin}/`, `'termplexBench' in window`));
    await callPage(driven, 'prepare', server.wsUrl, server.token);
    let count = 0;
    const measure = (side: 'termplex' | 'raw', renderer: BenchRenderer) => {
      if (side === 'raw') return callPage(driven, 'timeBare', '/output.bin', renderer);
      // A fresh sentinel each time: the previous one is still on the screen.
      const done = sentinel(`BROWSER${++count}`);
      return callPage(driven, 'timeSession', `cat ${corpus.path}; ${done.command}`, done.text, renderer);
    };
    // One untimed pass each: the first run of any would also pay for JIT warm-up (and WebGL's glyph atlas).
    for (const renderer of RENDERERS) {
      await measure('raw', renderer);
      await measure('termplex', renderer);
    }
    for (let run = 0; run < ctx.mode.runs; run++) {
      for (const renderer of inTurn(RENDERERS, run)) {
        for (const side of inTurn(['raw', 'termplex'] as const, run)) {
          const ms = await measure(side, renderer);
          const rate = corpus.bytes / MiB / (ms / 1000);
          ctx.samples.add(ROWS[renderer], side, rate);
          ctx.log(`browser ${renderer} ${side === 'raw' ? 'bare terminal.write' : '<term-session>'}: ${rate.toFixed(2)} MiB/s (${ms.toFixed(0)} ms)`);
        }
      }
    }
    await callPage(driven, 'closeSession');
    if (driven.errors.length > 0) throw new Error(`page errors: ${driven.errors.join('; ')}`);
  } finally {
    await page?.close();
    await server?.close();
    await pages?.close();
    corpus.dispose();
  }
}
