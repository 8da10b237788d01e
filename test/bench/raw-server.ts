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
import type { IPty } from '@lydell/node-pty';
import { WebSocketServer, type WebSocket } from 'ws';
import { killSessions } from './proc.js';
import { flag, serve, spawnShell } from './raw-shell.js';

const command = flag('command', '/bin/sh');
const port = Number(flag('port', '0'));
const shells = new Set<number>();

const server = http.createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 1024 * 1024 });

wss.on('connection', (socket) => {
  let shell: IPty;
  try {
    shell = spawnShell(command);
  } catch (error) {
    process.stderr.write(`spawn failed: ${error instanceof Error ? error.message : String(error)}\n`);
    socket.close(1011, 'spawn failed');
    return;
  }
  wire(socket, shell);
});

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

serve(server, wss, port, shells);
