/**
 * HTTP hygiene, attack by attack, with raw sockets against a real server:
 * a refused request must not make the server read its body, a slow body or
 * a slow request head must be cut off, and a refused request must cost no
 * file-system work.
 */
import assert from 'node:assert/strict';
import fs, { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCode } from '@termplex/protocol';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import { FakePtyBackend } from '../../packages/server/src/testing/fake-pty-backend.js';

const TOKEN = 'hygiene-token';
/** bytes: the body an attacker announces (50 MiB). */
const HUGE = 50 * 1024 * 1024;
/** bytes: what loopback socket buffers may absorb before the server closes (about 4 MiB seen); far below HUGE. */
const ACCEPTED_AT_MOST = 16 * 1024 * 1024;
/** milliseconds: functional bound for a wait; the server's deadlines are 10 s (request head, API body). */
const WAIT_MS = 20_000;

interface Reply {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** A raw connection that records what the server sends and when it hangs up. */
class RawPeer {
  readonly socket: net.Socket;
  readonly closed: Promise<void>;
  private received = '';

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => (this.received += text));
    // A server that closes with our bytes still unread resets the connection: expected, not a failure.
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static open(port: number): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.off('error', reject);
        resolve(new RawPeer(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Resolves true when the server closed the connection within `ms`, false otherwise. */
  async closedWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    try {
      return await Promise.race([this.closed.then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Writes up to `total` body bytes, as fast as the connection takes them,
   * until the server closes it; returns how many bytes the kernel accepted.
   */
  async pump(total: number): Promise<number> {
    const chunk = Buffer.alloc(64 * 1024, ' '); // JSON whitespace, so only the size can be refused
    let accepted = 0;
    let open = true;
    void this.closed.then(() => (open = false));
    for (let sent = 0; open && sent < total; ) {
      const n = Math.min(chunk.length, total - sent);
      sent += n;
      const more = this.socket.write(chunk.subarray(0, n), (error) => {
        if (!error) accepted += n;
      });
      if (!more && !(await this.drainedWithin(WAIT_MS))) break;
    }
    return accepted;
  }

  private drainedWithin(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer);
        this.socket.off('drain', onDrain);
        resolve(value);
      };
      const onDrain = () => done(true);
      const timer = setTimeout(() => done(false), ms);
      this.socket.on('drain', onDrain);
      void this.closed.then(() => done(false));
    });
  }

  reply(): Reply {
    const end = this.received.indexOf('\r\n\r\n');
    assert.ok(end > 0, `no complete response head in ${JSON.stringify(this.received.slice(0, 200))}`);
    const [statusLine, ...lines] = this.received.slice(0, end).split('\r\n');
    const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    return { status: Number(statusLine.split(' ')[1]), headers, body: this.received.slice(end + 4) };
  }

  close(): void {
    this.socket.destroy();
  }
}

function head(method: string, target: string, headers: Record<string, string | number>): string {
  return `${method} ${target} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

describe('refused and slow requests', { concurrency: true }, () => {
  let server: TerminalServer;
  const backend = new FakePtyBackend();
  const host = () => `127.0.0.1:${server.port}`;

  before(async () => {
    server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', backend });
  });
  after(() => server.close());

  const refusals: Array<{ name: string; method: string; target: string; headers: Record<string, string>; status: number; code?: ErrorCode }> = [
    { name: 'a wrong token', method: 'POST', target: '/api/sessions', headers: { Authorization: 'Bearer wrong' }, status: 401, code: ErrorCode.Auth },
    { name: 'no token', method: 'POST', target: '/api/sessions', headers: {}, status: 401, code: ErrorCode.Auth },
    { name: 'a body over 4096 bytes', method: 'POST', target: '/api/sessions', headers: { Authorization: `Bearer ${TOKEN}` }, status: 413, code: ErrorCode.TooLarge },
    { name: 'a foreign Host', method: 'POST', target: '/api/sessions', headers: { Host: 'evil.example', Authorization: `Bearer ${TOKEN}` }, status: 403, code: ErrorCode.Forbidden },
    { name: 'a method the route does not take', method: 'PUT', target: '/api/sessions', headers: { Authorization: `Bearer ${TOKEN}` }, status: 405, code: ErrorCode.BadField },
    { name: 'a route that takes no body', method: 'GET', target: '/healthz', headers: {}, status: 200 },
  ];
  for (const refusal of refusals) {
    it(`answers ${refusal.status} for ${refusal.name} and closes without reading a 50 MiB body`, async () => {
      const peer = await RawPeer.open(server.port);
      try {
        peer.socket.write(head(refusal.method, refusal.target, { Host: host(), 'Content-Type': 'application/json', 'Content-Length': HUGE, ...refusal.headers }));
        const accepted = await peer.pump(HUGE);
        assert.ok(await peer.closedWithin(WAIT_MS), 'the server kept the connection open');
        assert.ok(accepted < ACCEPTED_AT_MOST, `the server took ${accepted} of ${HUGE} body bytes before closing`);
        const reply = peer.reply();
        assert.equal(reply.status, refusal.status);
        assert.equal(reply.headers.get('connection'), 'close');
        if (refusal.code) assert.equal(JSON.parse(reply.body).code, refusal.code);
      } finally {
        peer.close();
      }
    });
  }

  it('answers 408 to a body that trickles in, and closes', async () => {
    const peer = await RawPeer.open(server.port);
    const body = JSON.stringify({ cols: 100, rows: 30 }).padEnd(200, ' ');
    let sent = 0;
    // 2 bytes every 500 ms: the 200-byte body would take 50 s, past the 10 s deadline.
    const trickle = setInterval(() => {
      if (sent >= body.length) return;
      peer.socket.write(body.slice(sent, sent + 2));
      sent += 2;
    }, 500);
    try {
      peer.socket.write(head('POST', '/api/sessions', { Host: host(), Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'Content-Length': body.length }));
      assert.ok(await peer.closedWithin(WAIT_MS), 'the slow body was still being read');
      const reply = peer.reply();
      assert.equal(reply.status, 408);
      assert.equal(reply.headers.get('connection'), 'close');
      assert.deepEqual(JSON.parse(reply.body), { code: ErrorCode.RequestTimeout, message: 'the request body did not arrive within 10 s' });
      assert.ok(sent < body.length, 'the body arrived in full before the deadline');
      assert.equal(backend.spawned.length, 0);
    } finally {
      clearInterval(trickle);
      peer.close();
    }
  });

  // Node's head deadline also covers a connection that never sends a byte.
  for (const [stall, sent] of [['sends part of a request line and stops', 'GET /heal'], ['connects and sends nothing', '']]) {
    it(`answers 408 to a client that ${stall}, and closes`, async () => {
      const peer = await RawPeer.open(server.port);
      try {
        peer.socket.write(sent);
        assert.ok(await peer.closedWithin(WAIT_MS), 'the stalled connection was held open');
        assert.equal(peer.reply().status, 408);
      } finally {
        peer.close();
      }
    });
  }
});

/** Counts file-system calls whose path lies under `root`, while `action` runs. */
async function fsCallsUnder(root: string, action: () => Promise<void>): Promise<string[]> {
  const calls: string[] = [];
  const targets: Array<[Record<string, unknown>, string[]]> = [
    [fs as unknown as Record<string, unknown>, ['realpathSync', 'statSync', 'lstatSync', 'readdirSync', 'existsSync', 'openSync', 'readFileSync', 'createReadStream', 'stat', 'lstat', 'open', 'realpath', 'readdir']],
    [fsp as unknown as Record<string, unknown>, ['stat', 'lstat', 'open', 'realpath', 'readdir', 'readFile']],
  ];
  const originals: Array<[Record<string, unknown>, string, unknown]> = [];
  for (const [module, names] of targets) {
    for (const name of names) {
      const original = module[name] as (...args: unknown[]) => unknown;
      originals.push([module, name, original]);
      module[name] = function (this: unknown, ...args: unknown[]) {
        if (typeof args[0] === 'string' && args[0].startsWith(root)) calls.push(`${name}(${args[0]})`);
        return original.apply(this, args);
      };
    }
  }
  syncBuiltinESMExports();
  try {
    await action();
  } finally {
    for (const [module, name, original] of originals) module[name] = original;
    syncBuiltinESMExports();
  }
  return calls;
}

describe('static files', () => {
  let server: TerminalServer;
  let dir: string;
  let publicDir: string;

  async function get(target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
    const peer = await RawPeer.open(server.port);
    try {
      peer.socket.write(head(method, target, { Host: `127.0.0.1:${server.port}`, Connection: 'close', ...headers }));
      assert.ok(await peer.closedWithin(WAIT_MS), `no complete answer to ${method} ${target}`);
      return peer.reply();
    } finally {
      peer.close();
    }
  }

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'termplex-hygiene-'));
    publicDir = path.join(dir, 'public');
    mkdirSync(path.join(publicDir, 'docs'), { recursive: true });
    writeFileSync(path.join(publicDir, 'index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(path.join(publicDir, 'docs', 'guide.txt'), 'guide');
    writeFileSync(path.join(dir, 'secret.txt'), 'SECRET');
    symlinkSync(publicDir, path.join(publicDir, 'docs', 'loop')); // a cycle the index must not follow forever
    symlinkSync(path.join(publicDir, 'docs', 'guide.txt'), path.join(publicDir, 'alias.txt')); // stays inside: served
    symlinkSync(dir, path.join(publicDir, 'up')); // leaves the folder: never served
    server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', backend: new FakePtyBackend(), publicDir, bundlePath: path.join(dir, 'missing.js') });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a foreign Host before touching the file system', async () => {
    let reply: Reply | undefined;
    const calls = await fsCallsUnder(dir, async () => {
      reply = await get('/docs/guide.txt', { Host: 'evil.example' });
    });
    assert.equal(reply?.status, 403);
    assert.deepEqual(calls, []);
  });

  it('serves the folder as it was indexed at startup, symlinks inside it included', async () => {
    assert.equal((await get('/alias.txt')).body, 'guide');
    const headOnly = await get('/docs/guide.txt', {}, 'HEAD');
    assert.deepEqual([headOnly.status, headOnly.headers.get('content-length'), headOnly.headers.get('content-type'), headOnly.body], [200, '5', 'text/plain; charset=utf-8', '']);
    assert.equal((await get('/up/secret.txt')).status, 404);
    writeFileSync(path.join(publicDir, 'later.txt'), 'added after start');
    assert.equal((await get('/later.txt')).status, 404);
    writeFileSync(path.join(publicDir, 'docs', 'guide.txt'), 'edited guide');
    assert.deepEqual([(await get('/docs/guide.txt')).body, (await get('/alias.txt')).body], ['edited guide', 'edited guide']);
  });
});
