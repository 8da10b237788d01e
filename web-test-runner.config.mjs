/**
 * Browser tests: headless Chromium (test/support/chromium.mjs says which), TypeScript through esbuild, and
 * packages resolved to their source (the `source` export condition).
 * Run it through test/run-all.mjs (or `node --import tsx ...`) so server
 * commands can load the TypeScript server in this process.
 */
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { findChromium, launchOptions } from './test/support/chromium.mjs';
import { countReporter } from './test/support/count-reporter.mjs';
import { cssInlinePlugin } from './test/support/css-inline-plugin.mjs';

const serverCommands = process.env.TERMPLEX_NO_SERVER_COMMANDS
  ? []
  : [(await import('./test/support/server-commands-plugin.mjs')).serverCommandsPlugin()];

console.log(`browser tests: Chromium ${(await findChromium()).description}`);

export default {
  files: ['packages/*/src/**/*.browser.test.ts', 'test/browser/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser', 'production'] },
  concurrency: 1,
  testFramework: { config: { timeout: 20_000 } },
  testsFinishTimeout: 300_000,
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: await launchOptions(),
      // The clipboard tests read back what the copy keys wrote, through the real Clipboard API.
      createBrowserContext: ({ browser }) => browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] }),
    }),
  ],
  plugins: [
    cssInlinePlugin(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./packages/elements/tsconfig.json', import.meta.url)) }),
    ...serverCommands,
  ],
  reporters: [defaultReporter(), summaryReporter(), countReporter(process.env.TERMPLEX_WTR_COUNTS)],
};
