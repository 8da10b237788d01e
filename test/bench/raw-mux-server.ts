/**
 * The raw-mux baseline: the raw server with multiplexing and nothing else.
 * Many PTYs share one WebSocket; every frame, either way, starts with a
 * 5-byte header, the kind (u8) and the session id (u32, big-endian, chosen
 * by the client), then the bytes:
 *
 *   client -> server   0 open    1 input (to the PTY)    2 close
 *   server -> client   0 opened  1 output (PTY bytes)    2 exit
 *
 * Its one form of flow control: a socket's PTYs are paused while more than
 * 1 MiB waits in its send buffer. No auth, protocol messages, ring, acks or
 * snapshots: what termplex does on top of multiplexing, the ratio prices.
 *
 *   node .build/raw-mux-server.mjs [--port 0] [--command /bin/sh]   (bundled by build-servers.ts)
 *
 * Prints one line, `http://127.0.0.1:PORT/`, then serves until SIGTERM.
 */
import http from 'node:http';
import type { IPty } from '@lydell/node-pty';
import { WebSocketServer, type WebSocket } from 'ws';
import { killSessions } from './proc.js';
import { flag, serve, spawnShell } from './raw-shell.js';
import { MUX_HEADER, MuxKind, muxFrame } from './raw-mux-frame.js';

const command = flag('command', '/bin/sh');
const port = Number(flag('port', '0'));
/** bytes waiting in a socket's send buffer above which its PTYs are paused. */
const PAUSE_ABOVE = 1024 * 1024;
const shells = new Set<number>();

const server = http.createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 1024 * 1024 });

wss.on('connection', (socket) => {
  const ptys = new Map<number, IPty>();
  let paused = false;
  const setPaused = (value: boolean) => {
    if (paused === value) return;
    paused = value;
    for (const p of ptys.values()) (value ? p.pause() : p.resume());
  };
  // Called once a frame has left for the kernel: resume when the buffer is back under the mark.
  const sent = () => {
    if (paused && socket.bufferedAmount <= PAUSE_ABOVE) setPaused(false);
  };
  const send = (kind: MuxKind, id: number, data?: Uint8Array) => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(muxFrame(kind, id, data), { binary: true }, sent);
    if (socket.bufferedAmount > PAUSE_ABOVE) setPaused(true);
  };
  const end = (id: number) => {
    const shell = ptys.get(id);
    if (!shell) return;
    ptys.delete(id);
    if (shells.delete(shell.pid)) killSessions(new Set([shell.pid]));
  };

  socket.on('message', (data: Buffer) => {
    if (data.length < MUX_HEADER) return;
    const kind = data[0];
    const id = data.readUInt32BE(1);
    if (kind === MuxKind.Open && !ptys.has(id)) {
      let shell: IPty;
      try {
        shell = spawnShell(command);
      } catch (error) {
        process.stderr.write(`spawn failed: ${error instanceof Error ? error.message : String(error)}\n`);
        send(MuxKind.Exit, id);
        return;
      }
      ptys.set(id, shell);
      shells.add(shell.pid);
      if (paused) shell.pause();
      // With `encoding: null` node-pty hands out Buffers, whatever its typings say.
      shell.onData((chunk) => send(MuxKind.Data, id, chunk as unknown as Buffer));
      shell.onExit(() => {
        shells.delete(shell.pid);
        if (ptys.get(id) === shell) ptys.delete(id);
        send(MuxKind.Exit, id);
      });
      send(MuxKind.Open, id);
    } else if (kind === MuxKind.Data) {
      ptys.get(id)?.write(data.subarray(MUX_HEADER) as unknown as string);
    } else if (kind === MuxKind.Exit) {
      end(id);
    }
  });
  socket.on('close', () => {
    for (const id of [...ptys.keys()]) end(id);
  });
});

serve(server, wss, port, shells);
