/**
 * The one place that knows how to start this machine's Chromium: Debian's
 * package, overridable by CHROME_PATH, with the flags a closed network and a
 * root user need. Used by the test runner, the e2e scripts and the benchmark.
 */
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROME_PATH || '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
];

export function assertChromium() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}. Install it (apt-get install -y chromium) or set CHROME_PATH.`);
  }
}

/** Launch options for playwright-core's chromium.launch(). */
export function launchOptions() {
  assertChromium();
  return { executablePath: chromiumPath, headless: true, args: chromiumArgs };
}
