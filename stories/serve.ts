#!/usr/bin/env node
/**
 * `npm run storybook`: the reference server and Storybook, started together
 * and stopped together, so every story has a live terminal.
 *
 *   npm run storybook [-- storybook dev flags, e.g. --no-open]
 *
 * 1. Picks a free loopback port for Storybook (Storybook refuses port 0, so
 *    the port is probed here and passed with --exact-port).
 * 2. Starts the termplex server on 127.0.0.1, port 0, with a random token and
 *    Storybook's origin as the only allowed cross-origin.
 * 3. Hands {wsUrl, token} to Storybook in TERMPLEX_STORYBOOK_SERVER; the
 *    preview gets it as __TERMPLEX_SERVER__ (.storybook/main.ts). The token is
 *    never printed.
 * 4. When Storybook exits (Ctrl-C, SIGTERM, a crash) the server is closed,
 *    which ends every shell it started.
 *
 * Run with tsx and the `source` condition (see package.json) so the server
 * runs from its TypeScript source, like the tests.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createTerminalServer, type LogLevel } from '@termplex/server';
import { freePort } from '../test/e2e/processes.js';
import { storyProfiles } from './support/story-profiles.js';
import { storybookBin } from './support/storybook-bin.js';

const host = '127.0.0.1';

const port = await freePort(host);
const server = await createTerminalServer({
  host,
  port: 0,
  token: randomBytes(32).toString('base64url'),
  allowedOrigins: [`http://${host}:${port}`, `http://localhost:${port}`],
  profiles: storyProfiles(),
  // Stories come and go; a shell whose page vanished need not wait the default 5 minutes.
  graceMs: 60_000,
  logLevel: (process.env.TERMPLEX_LOG_LEVEL as LogLevel | undefined) ?? 'warn',
});
console.log(`termplex server for the stories: ${server.url}/ (token handed to Storybook, not shown)`);

const child = spawn(process.execPath, [storybookBin(), 'dev', '--port', String(port), '--exact-port', '--host', host, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {
    ...process.env,
    STORYBOOK_DISABLE_TELEMETRY: '1',
    TERMPLEX_STORYBOOK_SERVER: JSON.stringify({ wsUrl: server.wsUrl, token: server.token }),
  },
});

let closing: Promise<void> | undefined;
function shutdown(code: number): void {
  closing ??= server.close().then(
    () => process.exit(code),
    (error) => {
      console.error('termplex server did not close cleanly:', error);
      process.exit(1);
    },
  );
}

child.on('exit', (code, signal) => shutdown(code ?? (signal ? 1 : 0)));
child.on('error', (error) => {
  console.error('could not start Storybook:', error);
  shutdown(1);
});
// Ctrl-C reaches Storybook too (same process group); SIGTERM may reach only
// this process, so pass it on. Either way the server closes when Storybook
// exits. A second signal does not wait for Storybook.
let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    signals++;
    const running = child.exitCode === null && child.signalCode === null;
    if (running) child.kill(signals > 1 ? 'SIGKILL' : signal);
    else shutdown(1);
  });
}
