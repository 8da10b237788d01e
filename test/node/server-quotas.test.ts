/**
 * Visitor quotas: what a ticket's sessions are held to (sessions per client
 * address, lifetime, idle time, output rate), each ending or refusing only
 * that visitor's session with a message in its terminal. The token is held
 * to none of them. Real server, real PTYs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorCode } from '@termplex/protocol';
import { createTerminalServer, type TerminalServer } from '@termplex/server';
import { TEST_PROFILES, TestClient } from '../support/server-test-client.js';
import { mintTicket } from '../support/tickets.js';

const TOKEN = 'quotas-token-0123456789';

describe('visitor quotas', () => {
  const servers: TerminalServer[] = [];
  const clients: TestClient[] = [];
  const start = async (quotas: Record<string, number>) => {
    const server = await createTerminalServer({ port: 0, token: TOKEN, logLevel: 'silent', profiles: TEST_PROFILES, quotas });
    servers.push(server);
    return server;
  };
  const visitor = async (server: TerminalServer, body: Record<string, unknown> = {}) => {
    const { client } = await TestClient.openWith(server.wsUrl, { ticket: await mintTicket(server.url, TOKEN, body) });
    clients.push(client);
    return client;
  };
  after(async () => {
    for (const c of clients) await c.close();
    for (const s of servers) await s.close();
  });

  describe('sessions per client address', () => {
    let server: TerminalServer;
    before(async () => {
      server = await start({ sessionsPerTicket: 2, sessionsPerAddress: 3 });
    });

    it('refuses the next ticket session from an address at the cap, and allows one again when a session ends', async () => {
      const a = await visitor(server);
      const b = await visitor(server);
      await a.openSession();
      const a2 = await a.openSession();
      await b.openSession();
      const refused = await b.openRefused();
      assert.equal(refused.code, ErrorCode.Quota);
      assert.match(refused.message, /visitors from this address already run 3 sessions/);
      // The token is not a visitor: it still opens sessions.
      const trusted = await TestClient.open(server.wsUrl, TOKEN);
      clients.push(trusted);
      await trusted.openSession();
      a.send({ type: 'close', channel: a2.channel });
      await a.next('closed');
      let reopened = false;
      for (let i = 0; i < 50 && !reopened; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        reopened = await b.openSession().then(() => true, () => false);
      }
      assert.ok(reopened, 'a slot freed by an ended session is usable again');
    });
  });

  describe('lifetime and idle time', () => {
    it('ends a ticket session at its lifetime, saying so in its terminal; a token session lives on', async () => {
      const server = await start({ sessionLifetime: 1, idleTimeout: 0 });
      const client = await visitor(server);
      const opened = await client.openSession();
      const trusted = await TestClient.open(server.wsUrl, TOKEN);
      clients.push(trusted);
      const mine = await trusted.openSession();
      await client.waitForText(opened.channel, 'termplex: this session reached its time limit (1 s) and was ended', 5000);
      const exit = await client.next('exit', (m) => m.channel === opened.channel);
      assert.equal(exit.sessionId, opened.sessionId);
      await new Promise((resolve) => setTimeout(resolve, 300));
      trusted.input(mine.channel, 'echo still-$((3*3))\n');
      await trusted.waitForText(mine.channel, 'still-9');
    });

    it('ends a ticket session idle for its idle timeout, and not one that is busy', async () => {
      const server = await start({ sessionLifetime: 0, idleTimeout: 1 });
      const client = await visitor(server);
      const quiet = await client.openSession();
      const busy = await client.openSession();
      const typing = setInterval(() => client.input(busy.channel, 'true\n'), 200);
      try {
        await client.waitForText(quiet.channel, 'termplex: no input or output for 1 s: this session was ended', 5000);
        await client.next('exit', (m) => m.channel === quiet.channel);
        client.input(busy.channel, 'echo busy-$((4*4))\n');
        await client.waitForText(busy.channel, 'busy-16');
      } finally {
        clearInterval(typing);
      }
    });
  });

  describe('output rate', () => {
    it('slows a flooding ticket session to its rate without losing a byte', async () => {
      const rate = 100 * 1024;
      const server = await start({ outputRate: rate, sessionLifetime: 0, idleTimeout: 0 });
      const client = await visitor(server, { profile: 'bash' });
      const opened = await client.openSession();
      const bytes = 400 * 1024;
      const began = performance.now();
      client.input(opened.channel, `head -c ${bytes} /dev/zero | tr '\\0' x; echo; echo done-$((5*5))\n`);
      await client.waitForText(opened.channel, 'done-25', 20_000);
      const seconds = (performance.now() - began) / 1000;
      // One second's worth goes at once; the rest at the rate. A lower bound only: a slow machine can take longer, never shorter.
      const floor = (bytes - rate) / rate;
      assert.ok(seconds >= floor * 0.9, `${bytes} bytes at ${rate} B/s took ${seconds.toFixed(2)} s, less than the ${floor.toFixed(2)} s the rate allows`);
      assert.ok((client.text(opened.channel).match(/x/g)?.length ?? 0) >= bytes, 'every byte arrived');
    });
  });
});
