/**
 * What both raw baselines share: their flags, and the one shell each runs
 * with the environment termplex gives its shells, so every side runs the
 * same programs the same way.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import pty, { type IPty } from '@lydell/node-pty';
import type { WebSocketServer } from 'ws';
import { killSessions } from './proc.js';

export function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

function shellEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return { ...env, TERM: 'xterm-256color', COLORTERM: 'truecolor' };
}

export function spawnShell(command: string): IPty {
  return pty.spawn(command, [], { name: 'xterm-256color', cols: 80, rows: 24, cwd: process.env.HOME ?? '/', env: shellEnv(), encoding: null });
}

/** Listens on loopback, prints the URL line the harness waits for, and on SIGTERM ends every shell and exits. */
export function serve(server: http.Server, wss: WebSocketServer, port: number, shells: ReadonlySet<number>): void {
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}/\n`);
  });
  process.on('SIGTERM', () => {
    killSessions(shells);
    wss.close();
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
