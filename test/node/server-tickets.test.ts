/**
 * Tickets for public pages: POST /api/tickets mints a single-use credential
 * that opens exactly what it names; the resume credential in `welcome`
 * reaches exactly the sessions that visitor opened, after the ticket is used
 * up or expired. Every refusal has its code. Real server, real PTYs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CloseCode, ErrorCode } from '@termplex/protocol';
import { createTerminalServer, runPtyHost, type TerminalServer } from '@termplex/server';
import { TEST_PROFILES, TestClient } from '../support/server-test-client.js';
import { mintTicket, postTicket } from '../support/tickets.js';

const TOKEN = 'tickets-token-0123456789';

describe('tickets', () => {
  let server: TerminalServer;
  const clients: TestClient[] = [];
  const track = <T extends { client: TestClient }>(opened: T) => (clients.push(opened.client), opened);
  const ticket = (body: Record<string, unknown> = {}) => mintTicket(server.url, TOKEN, body);

  before(async () => {
    server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', profiles: TEST_PROFILES, quotas: { sessionsPerTicket: 3, sessionsPerAddress: 50 } });
  });
  after(async () => {
    for (const c of clients) await c.close();
    await server.close();
  });

  describe('POST /api/tickets', () => {
    it('needs the token as a bearer, and answers 201 {ticket, expiresAt} 60 s ahead by default', async () => {
      assert.equal((await postTicket(server.url, undefined, {})).status, 401);
      const wrong = await postTicket(server.url, 'not-the-token', {});
      assert.equal(wrong.status, 401);
      assert.equal(wrong.json.code, ErrorCode.Auth);
      const before = Date.now();
      const { status, json } = await postTicket(server.url, TOKEN, {});
      assert.equal(status, 201);
      assert.match(String(json.ticket), /^tpt1\.[\w-]+\.[\w-]+$/);
      const ahead = Date.parse(String(json.expiresAt)) - before;
      assert.ok(ahead > 55_000 && ahead <= 61_000, `expiresAt is ${ahead} ms ahead`);
      assert.ok(!String(json.ticket).includes(TOKEN));
    });

    it('refuses bad fields with 400 and a message naming the field', async () => {
      const cases: Array<[unknown, string, RegExp]> = [
        ['{', ErrorCode.BadJson, /not valid JSON/],
        ['[1]', ErrorCode.BadJson, /JSON object/],
        [{ shell: 'bash' }, ErrorCode.BadField, /body\.shell is not a known field/],
        [{ ttlSeconds: 0 }, ErrorCode.OutOfBounds, /body\.ttlSeconds must be 1\.\.3600, got 0/],
        [{ ttlSeconds: 3601 }, ErrorCode.OutOfBounds, /body\.ttlSeconds must be 1\.\.3600/],
        [{ ttlSeconds: 1.5 }, ErrorCode.BadField, /body\.ttlSeconds must be an integer/],
        [{ maxSessions: 4 }, ErrorCode.OutOfBounds, /body\.maxSessions must be 1\.\.3, got 4/],
        [{ profile: 'no such/profile' }, ErrorCode.BadField, /body\.profile must match/],
        [{ profile: 'zsh' }, ErrorCode.UnknownProfile, /profile "zsh" does not exist; this server has: default, sh, bash/],
        [{ readonly: true }, ErrorCode.BadField, /readonly applies to a sessionId ticket/],
        [{ readonly: 'yes', sessionId: 'a'.repeat(32) }, ErrorCode.BadField, /body\.readonly must be a boolean/],
        [{ sessionId: 'a'.repeat(32), profile: 'sh' }, ErrorCode.BadField, /profile and maxSessions do not go with it/],
        [{ sessionId: 'XYZ' }, ErrorCode.BadField, /body\.sessionId must match/],
      ];
      for (const [body, code, message] of cases) {
        const { status, json } = await postTicket(server.url, TOKEN, body);
        assert.equal(status, 400, JSON.stringify(body));
        assert.equal(json.code, code, JSON.stringify(body));
        assert.match(String(json.message), message);
      }
      const unknown = await postTicket(server.url, TOKEN, { sessionId: 'a'.repeat(32) });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.code, ErrorCode.UnknownSession);
      const get = await fetch(`${server.url}/api/tickets`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.equal(get.status, 405);
      assert.equal(get.headers.get('allow'), 'POST');
    });
  });

  describe('createTicket (a backend in the same process)', () => {
    it('mints what POST /api/tickets mints, and names a bad field as an option', async () => {
      const { ticket: minted, expiresAt } = await server.createTicket({ profile: 'sh', ttlSeconds: 30 });
      assert.ok(Date.parse(expiresAt) > Date.now());
      const { client } = track(await TestClient.openWith(server.wsUrl, { ticket: minted }));
      assert.equal((await client.openSession()).profile, 'sh');
      await assert.rejects(server.createTicket({ ttlSeconds: 0 }), { name: 'TypeError', message: 'createTicket options.ttlSeconds must be 1..3600, got 0' });
      await assert.rejects(server.createTicket({ profile: 'zsh' }), { code: ErrorCode.UnknownProfile });
      await assert.rejects(server.createTicket(null as never), TypeError);
    });
  });

  describe('what a ticket grants', () => {
    it('opens sessions of its profile only (default: the default profile), at most maxSessions at once', async () => {
      const { client, welcome } = track(await TestClient.openWith(server.wsUrl, { ticket: await ticket({ maxSessions: 2 }) }));
      assert.match(String(welcome.resume), /^tpr1\./);
      const first = await client.openSession();
      assert.equal(first.profile, 'default');
      client.input(first.channel, 'echo ticket-$((6*7))\n');
      await client.waitForText(first.channel, 'ticket-42');
      const other = await client.openRefused({ profile: 'bash' });
      assert.equal(other.code, ErrorCode.NotGranted);
      assert.match(other.message, /grants sessions of profile "default" only, not "bash"/);
      await client.openSession({ profile: 'default' });
      const third = await client.openRefused();
      assert.equal(third.code, ErrorCode.Quota);
      assert.match(third.message, /allows 2 sessions at once, and 2 are running/);
    });

    it('never reaches a session it did not open, whether it exists or not', async () => {
      const owner = await TestClient.open(server.wsUrl, TOKEN);
      clients.push(owner);
      const theirs = await owner.openSession();
      const { client } = track(await TestClient.openWith(server.wsUrl, { ticket: await ticket({ profile: 'sh' }) }));
      for (const sessionId of [theirs.sessionId, 'f'.repeat(32)]) {
        for (const readonly of [false, true]) {
          const refused = await client.openRefused({ sessionId, readonly });
          assert.equal(refused.code, ErrorCode.NotGranted);
          assert.equal(refused.message, `this connection's ticket does not grant session ${sessionId}`);
        }
      }
    });

    it('a sessionId ticket attaches that one session, read-only when it says so, and creates nothing', async () => {
      const owner = await TestClient.open(server.wsUrl, TOKEN);
      clients.push(owner);
      const shared = await owner.openSession({ profile: 'sh' });
      const { client } = track(await TestClient.openWith(server.wsUrl, { ticket: await ticket({ sessionId: shared.sessionId, readonly: true }) }));
      const viewer = await client.openSession({ sessionId: shared.sessionId });
      assert.equal(viewer.readonly, true, 'the ticket makes the attachment read-only even when the open asks to write');
      client.input(viewer.channel, 'echo typed-by-viewer\n');
      const refused = await client.next('error');
      assert.equal(refused.code, ErrorCode.ReadOnly);
      owner.input(shared.channel, 'echo from-owner\n');
      await client.waitForText(viewer.channel, 'from-owner');
      assert.ok(!owner.text(shared.channel).includes('typed-by-viewer'));
      const create = await client.openRefused();
      assert.equal(create.code, ErrorCode.NotGranted);
    });
  });

  describe('replays and forgeries get nothing', () => {
    const refusedWith = async (credentials: { ticket?: string; resume?: string }) => {
      const client = await TestClient.connect(server.wsUrl);
      clients.push(client);
      client.send({ type: 'hello', ...credentials });
      return client.closed;
    };

    it('a used ticket: 4001 TERMPLEX_ERR_TICKET_USED, even while its first connection is open', async () => {
      const once = await ticket();
      track(await TestClient.openWith(server.wsUrl, { ticket: once }));
      const replay = await refusedWith({ ticket: once });
      assert.equal(replay.code, CloseCode.AuthFailed);
      assert.match(replay.reason, /^TERMPLEX_ERR_TICKET_USED: the ticket was already used/);
    });

    it('an expired ticket: TERMPLEX_ERR_TICKET_EXPIRED', async () => {
      const short = await ticket({ ttlSeconds: 1 });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const closed = await refusedWith({ ticket: short });
      assert.equal(closed.code, CloseCode.AuthFailed);
      assert.match(closed.reason, /^TERMPLEX_ERR_TICKET_EXPIRED: /);
    });

    it('a changed, foreign or mistyped credential: TERMPLEX_ERR_TICKET_INVALID', async () => {
      const good = await ticket();
      const [kind, claims, mac] = good.split('.');
      const decoded = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
      const widened = Buffer.from(JSON.stringify({ ...decoded, maxSessions: 1000 })).toString('base64url');
      const other = await createTerminalServer({ port: 0, token: 'another-server-token', logLevel: 'silent', profiles: TEST_PROFILES });
      const foreign = await mintTicket(other.url, 'another-server-token');
      await other.close();
      const { welcome } = track(await TestClient.openWith(server.wsUrl, { ticket: await ticket() }));
      for (const [what, credentials, message] of [
        ['widened claims', { ticket: `${kind}.${widened}.${mac}` }, /signature does not match/],
        ['another server\'s ticket', { ticket: foreign }, /signature does not match/],
        ['a resume credential as a ticket', { ticket: welcome.resume! }, /not a termplex ticket/],
        ['a ticket as a resume credential', { resume: good }, /not a termplex resume credential/],
        ['garbage', { ticket: 'tpt1.x.y' }, /signature does not match/],
      ] as const) {
        const closed = await refusedWith(credentials);
        assert.equal(closed.code, CloseCode.AuthFailed, what);
        assert.match(closed.reason, /^TERMPLEX_ERR_TICKET_INVALID: /, what);
        assert.match(closed.reason, message, what);
      }
    });

    it('a token and a ticket together: refused, not the stronger of the two', async () => {
      const closed = await refusedWith({ ticket: await ticket(), token: TOKEN } as { ticket: string });
      assert.equal(closed.code, CloseCode.AuthFailed);
      assert.match(closed.reason, /a token or a ticket\/resume, not both/);
    });
  });

  describe('resume', () => {
    it('reaches the sessions the visitor opened, with every byte, after the ticket is used up; and nothing more', async () => {
      const first = track(await TestClient.openWith(server.wsUrl, { ticket: await ticket({ ttlSeconds: 1 }) }));
      const opened = await first.client.openSession({ profile: 'default' });
      first.client.input(opened.channel, 'echo before-$((1+1))\n');
      await first.client.waitForText(opened.channel, 'before-2');
      const held = first.client.position.get(opened.channel)!;
      first.client.ws.terminate();
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the ticket has expired too

      const again = track(await TestClient.openWith(server.wsUrl, { resume: first.welcome.resume! }));
      const back = await again.client.openSession({ sessionId: opened.sessionId, offset: held });
      assert.equal(back.offset, held);
      assert.equal(back.lost, 0);
      again.client.input(back.channel, 'echo after-$((2+1))\n');
      await again.client.waitForText(back.channel, 'after-3');
      assert.ok(!again.client.text(back.channel).includes('before-2'), 'resumed from its offset, not replayed');
      assert.match(String(again.welcome.resume), /^tpr1\./);

      const create = await again.client.openRefused();
      assert.equal(create.code, ErrorCode.NotGranted);
      assert.match(create.message, /new sessions need a new ticket/);
    });

    it('with a fresh ticket, adds new sessions to the same visitor, within one maxSessions', async () => {
      const first = track(await TestClient.openWith(server.wsUrl, { ticket: await ticket({ maxSessions: 2 }) }));
      const a = await first.client.openSession();
      await first.client.close();
      const second = track(await TestClient.openWith(server.wsUrl, { resume: first.welcome.resume!, ticket: await ticket({ maxSessions: 2 }) }));
      await second.client.openSession({ sessionId: a.sessionId });
      const b = await second.client.openSession();
      const over = await second.client.openRefused();
      assert.equal(over.code, ErrorCode.Quota);
      // The new session is the visitor's too: a third socket with the newest resume reaches both.
      await second.client.close();
      const third = track(await TestClient.openWith(server.wsUrl, { resume: second.welcome.resume! }));
      await third.client.openSession({ sessionId: a.sessionId });
      await third.client.openSession({ sessionId: b.sessionId });
    });
  });
});

describe('tickets with a PTY host', () => {
  const WebSocket = createRequire(new URL('../../packages/server/package.json', import.meta.url))('ws') as typeof import('ws').default;
  const HOST_KEY = 'tickets-host-key-0123456789abcdef';
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'termplex-tickets-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the resume credential outlives the web server: a new one (same token) re-attaches, every byte in order', async () => {
    const host = await runPtyHost({ socket: path.join(dir, 'resume', 'host.sock'), key: HOST_KEY, profiles: TEST_PROFILES, logLevel: 'silent' });
    const web = () => createTerminalServer({ port: 0, token: TOKEN, ptyHost: host.socketPath, ptyHostKey: HOST_KEY, logLevel: 'silent' });
    let server = await web();
    try {
      const first = await TestClient.openWith(server.wsUrl, { ticket: await mintTicket(server.url, TOKEN, { profile: 'sh' }) });
      const opened = await first.client.openSession();
      first.client.input(opened.channel, 'echo one-$((1*1))\n');
      await first.client.waitForText(opened.channel, 'one-1');
      const held = first.client.position.get(opened.channel)!;
      await server.close();
      await first.client.closed;
      server = await web();
      const again = await TestClient.openWith(server.wsUrl, { resume: first.welcome.resume! });
      const back = await again.client.openSession({ sessionId: opened.sessionId, offset: held });
      assert.equal(back.lost, 0);
      again.client.input(back.channel, 'echo two-$((1+1))\n');
      await again.client.waitForText(back.channel, 'two-2');
      // The host enforces the grant: this visitor still creates nothing, nor reaches others' sessions.
      assert.equal((await again.client.openRefused()).code, ErrorCode.NotGranted);
      await again.client.close();
    } finally {
      await server.close();
      await host.close();
    }
  });

  it('refuses a channel link whose grant header is malformed, and still serves good ones', async () => {
    const host = await runPtyHost({ socket: path.join(dir, 'grant', 'host.sock'), key: HOST_KEY, profiles: TEST_PROFILES, logLevel: 'silent' });
    try {
      const link = (grant: string) => {
        const ws = new WebSocket(`ws+unix://${host.socketPath}:/channels`, 'termplex-host.v1', { headers: { 'x-termplex-host-key': HOST_KEY, 'x-termplex-grant': grant } });
        ws.on('error', () => {});
        return new TestClient(ws);
      };
      const quotas = { sessionsPerAddress: 0, lifetimeMs: 0, idleMs: 0, outputBytesPerSecond: 0 };
      for (const bad of ['{', '{"visitor":"x"}', JSON.stringify({ visitor: 'a'.repeat(32), address: 'x', maxSessions: -1, quotas })]) {
        const closed = await link(bad).closed;
        assert.equal(closed.code, CloseCode.Abuse, bad);
        assert.match(closed.reason, /^TERMPLEX_ERR_BAD_FIELD: /);
      }
      const good = link(JSON.stringify({ visitor: 'b'.repeat(32), address: '127.0.0.1', maxSessions: 1, quotas }));
      await new Promise((resolve) => good.ws.once('open', resolve));
      const opened = await good.openSession();
      assert.equal((await good.openRefused()).code, ErrorCode.Quota);
      good.input(opened.channel, 'echo granted\n');
      await good.waitForText(opened.channel, 'granted');
      await good.close();
    } finally {
      await host.close();
    }
  });
});
