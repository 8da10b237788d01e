/**
 * Browser: the same terminal output rendered by a <term-session> (through
 * the server and the socket) and by a bare xterm.js `terminal.write()` in
 * the same page, in headless Chromium. The ratio is what the kit costs over
 * xterm.js itself; the "raw" column of this row is the bare terminal.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { PageApi } from '../browser/page.js';
import { startPageServer, type PageServer } from '../browser/page-server.js';
import { sentinel } from '../clients/bench-stream.js';
import { asTerminalOutput, writeCorpus } from '../corpus.js';
import type { BenchContext } from '../plan.js';
import { sideOrder } from '../plan.js';
import { startServer, type ServerProcess } from '../server-process.js';
import { MiB } from '../stats.js';

declare global {
  interface Window {
    termplexBench: PageApi;
  }
}

/** test/support/chromium.mjs is plain JS; a computed specifier keeps tsc from wanting its types. */
async function chromiumLaunchOptions(): Promise<Parameters<typeof chromium.launch>[0]> {
  const support = '../../support/chromium.mjs';
  const module = (await import(support)) as { launchOptions(): Parameters<typeof chromium.launch>[0] };
  return module.launchOptions();
}

export async function browserWorkload(ctx: BenchContext): Promise<void> {
  const corpus = writeCorpus(ctx.mode.browserBytes);
  let pages: PageServer | undefined;
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  try {
    pages = await startPageServer(asTerminalOutput(readFileSync(corpus.path)));
    server = await startServer('termplex', { ...ctx.serverOptions.termplex, allowOrigins: [pages.origin] });
    browser = await chromium.launch(await chromiumLaunchOptions());
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${pages.origin}/`);
    await page.waitForFunction(() => 'termplexBench' in window);
    await page.evaluate(([wsUrl, token]) => window.termplexBench.prepare(wsUrl, token), [server.wsUrl, server.token] as const);
    let count = 0;
    const measure = (side: 'termplex' | 'raw') => {
      if (side === 'raw') return page.evaluate(() => window.termplexBench.timeBare('/output.bin'));
      // A fresh sentinel each time: the previous one is still on the screen.
      const done = sentinel(`BROWSER${++count}`);
      return page.evaluate(([c, text]) => window.termplexBench.timeSession(c, text), [`cat ${corpus.path}; ${done.command}`, done.text] as const);
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
    await page.evaluate(() => window.termplexBench.closeSession());
    if (pageErrors.length > 0) throw new Error(`page errors: ${pageErrors.join('; ')}`);
  } finally {
    await browser?.close();
    await server?.close();
    await pages?.close();
    corpus.dispose();
  }
}
