/**
 * The raw baseline: the least a terminal-over-WebSocket server can do. One
 * PTY per WebSocket; PTY output goes out as binary frames the moment it
 * arrives, binary frames in go to the PTY. No auth, no protocol, no batching,
 * no ring, no flow control: whatever termplex adds is absent, so the ratio
 * prices it.
 *
 *   node .build/raw-server.mjs [--port 0] [--command /bin/sh]   (bundled by build-servers.ts)
 *
 * Prints one line, `http://127.0.0.1:PORT/`, then serves until SIGTERM.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pty, { type IPty } from '@lydell/node-pty';
import { WebSocketServer, type WebSocket } from 'ws';
import { killSessions } from './proc.js';

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

const command = flag('command', '/bin/sh');
const port = Number(flag('port', '0'));
const shells = new Set<number>();

/** The environment termplex gives its shells, so both sides run the same programs the same way. */
function shellEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return { ...env, TERM: 'xterm-256color', COLORTERM: 'truecolor' };
}

const server = http.createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 1024 * 1024 });

wss.on('connection', (socket) => {
  let shell: IPty;
  try {
    shell = spawnShell();
  } catch (error) {
    process.stderr.write(`spawn failed: ${error instanceof Error ? error.message : String(error)}\n`);
    socket.close(1011, 'spawn failed');
    return;
  }
  wire(socket, shell);
});

function spawnShell(): IPty {
  return pty.spawn(command, [], { name: 'xterm-256color', cols: 80, rows: 24, cwd: process.env.HOME ?? '/', env: shellEnv(), encoding: null });
}

function wire(socket: WebSocket, shell: IPty): void {
  shells.add(shell.pid);
  // With `encoding: null` node-pty hands out Buffers, whatever its typings say.
  shell.onData((data) => {
    if (socket.readyState === socket.OPEN) socket.send(data as unknown as Buffer, { binary: true });
  });
  shell.onExit(() => {
    shells.delete(shell.pid);
    socket.close();
  });
  socket.on('message', (data: Buffer) => shell.write(data as unknown as string));
  socket.on('close', () => {
    if (!shells.has(shell.pid)) return;
    killSessions(new Set([shell.pid]));
  });
}

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
