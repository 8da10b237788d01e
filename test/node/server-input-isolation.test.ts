/**
 * A program that stops reading its input must cost only its own session:
 * attacks against a real server with real PTYs (security finding 1).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ErrorCode, MAX_FRAME_DATA } from '@termplex/protocol';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import { TEST_PROFILES, TestClient } from '../support/server-test-client.js';

const TOKEN = 'input-isolation-token';
/** milliseconds: a functional bound (a frozen server misses it by many seconds), not a timing figure. */
const PROMPT_MS = 3000;

/** `bytes` of printable lines, each distinct, so order and completeness show in a hash. */
function paste(bytes: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `line ${String(i).padStart(7, '0')} ${'abcdefghijklmnopqrstuvwxyz'.repeat(2)}\n`;
    lines.push(line);
    size += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

function sendInChunks(client: TestClient, channel: number, data: Buffer, chunk = MAX_FRAME_DATA): void {
  for (let at = 0; at < data.length; at += chunk) client.input(channel, data.subarray(at, at + chunk));
}

/** Opens a session whose program stops reading its input (raw mode, so no line-length cut either). */
async function stalledSession(client: TestClient, marker: string) {
  const opened = await client.openSession({ profile: 'bash' });
  client.input(opened.channel, `stty raw -echo; echo ${marker}-$((1+1)); sleep 30\n`);
  await client.waitForText(opened.channel, `${marker}-2`);
  return opened;
}

async function echoes(client: TestClient, channel: number, marker: string, ms = PROMPT_MS): Promise<void> {
  client.input(channel, `echo ${marker}-$((6*7))\n`);
  await client.waitForText(channel, `${marker}-42`, ms);
}

describe('input isolation (real PTYs)', () => {
  let server: TerminalServer;
  const clients: TestClient[] = [];
  const connect = async () => {
    const c = await TestClient.open(server.wsUrl, TOKEN);
    clients.push(c);
    return c;
  };
  before(async () => {
    server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', profiles: TEST_PROFILES });
  });
  after(async () => {
    for (const c of clients) await c.close();
    await server.close();
  });

  it('keeps other sessions and /healthz responsive while a program does not read 256 KiB of input', async () => {
    const client = await connect();
    const a = await stalledSession(client, 'stalled');
    const b = await client.openSession({ profile: 'bash' });
    sendInChunks(client, a.channel, paste(256 * 1024), 16 * 1024);

    // Another session on the same socket, another socket, and HTTP all answer at once.
    await echoes(client, b.channel, 'same-socket');
    const other = await connect();
    const c = await other.openSession({ profile: 'bash' });
    await echoes(other, c.channel, 'other-socket');
    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(PROMPT_MS) });
    assert.equal(health.status, 200);

    // No hot retry loop either: the stalled input costs wake-ups, not a core (a spin burns ~1000 ms here).
    const cpu = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const used = process.cpuUsage(cpu);
    assert.ok((used.user + used.system) / 1000 < 300, `the server used ${Math.round((used.user + used.system) / 1000)} ms of CPU in 1 s`);
  });

  it('refuses input past 1 MiB for that session only, with TERMPLEX_ERR_INPUT_FULL once per stretch', async () => {
    const client = await connect();
    const a = await stalledSession(client, 'full');
    const b = await client.openSession({ profile: 'bash' });
    sendInChunks(client, a.channel, paste(1536 * 1024), 64 * 1024);

    const refused = await client.next('error', (m) => m.code === ErrorCode.InputFull);
    assert.equal(refused.channel, a.channel);
    assert.equal(refused.sessionId, a.sessionId);
    assert.match(refused.message, /input refused: the program has not read the 1 MiB of input before it/);
    await echoes(client, b.channel, 'unaffected');
    // The refused frames after the first were not reported again.
    assert.equal(client.messages.filter((m) => m.type === 'error' && m.code === ErrorCode.InputFull).length, 0);
  });

  it('delivers a 1 MiB paste to a program that reads, every byte in order', async () => {
    const client = await connect();
    const a = await client.openSession({ profile: 'bash' });
    const data = paste(1024 * 1024);
    const expected = createHash('sha256').update(data).digest('hex');
    client.input(a.channel, `stty raw -echo; echo reading-$((3+3)); head -c ${data.length} | sha256sum\n`);
    await client.waitForText(a.channel, 'reading-6');
    sendInChunks(client, a.channel, data);
    await client.waitForText(a.channel, expected, 20_000);
    assert.equal(client.messages.filter((m) => m.type === 'error').length, 0);
  });
});
