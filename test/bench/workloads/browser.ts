/**
 * Browser: the same terminal output rendered by a <term-session> (through
 * the server and the socket) and by a bare xterm.js `terminal.write()` in
 * the same page, in headless Chromium. The ratio is what the kit costs over
 * xterm.js itself; the "raw" column of this row is the bare terminal. The
 * page is driven over a bare DevTools pipe (cdp-page.ts), not playwright,
 * whose network instrumentation would tax every WebSocket frame.
 */
import { readFileSync } from 'node:fs';
import { openCdpPage, type CdpPage } from '../browser/cdp-page.js';
import type { PageApi } from '../browser/page.js';
import { startPageServer, type PageServer } from '../browser/page-server.js';
import { sentinel } from '../clients/bench-stream.js';
import { asTerminalOutput, writeCorpus } from '../corpus.js';
import type { BenchContext } from '../plan.js';
import { sideOrder } from '../plan.js';
import { startServer, type ServerProcess } from '../server-process.js';
import { MiB } from '../stats.js';

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
    const measure = (side: 'termplex' | 'raw') => {
      if (side === 'raw') return callPage(driven, 'timeBare', '/output.bin');
      // A fresh sentinel each time: the previous one is still on the screen.
      const done = sentinel(`BROWSER${++count}`);
      return callPage(driven, 'timeSession', `cat ${corpus.path}; ${done.command}`, done.text);
    };
    // One untimed pass each: the first run of either would also pay for JIT warm-up.
    await measure('raw');
    await measure('termplex');
    for (let run = 0; run < ctx.mode.runs; run++) {
      for (const side of sideOrder(run)) {
        const ms = await measure(side);
        const rate = corpus.bytes / MiB / (ms / 1000);
        ctx.samples.add('browser.rate', side, rate);
        ctx.log(`browser ${side === 'raw' ? 'bare terminal.write' : '<term-session>'}: ${rate.toFixed(2)} MiB/s (${ms.toFixed(0)} ms)`);
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
