import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, SUBPROTOCOL } from '@termplex/protocol';
import type { ResumeStore } from './credentials.js';
import { ID_A, opened, setup } from './testing/connection-fixture.js';

const welcomeWith = (resume: string) => ({ type: 'welcome' as const, protocol: SUBPROTOCOL, server: 'test', heartbeat: 15_000, resume });
const memoryStore = (): ResumeStore & { value?: string } => {
  const store: ResumeStore & { value?: string } = { get: () => store.value, set: (v) => (store.value = v) };
  return store;
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('TerminalConnection with tickets', () => {
  it('sends a ticket once, then the resume credential from welcome, and keeps it in the store', () => {
    const store = memoryStore();
    const { connection, socket, timers } = setup({ token: undefined, ticket: 'tpt1.once.mac', resumeStore: store });
    connection.open({ cols: 80, rows: 24 }, {});
    socket().open();
    assert.deepEqual(socket().messages[0], { type: 'hello', ticket: 'tpt1.once.mac', client: 'termplex-elements' });
    socket().receive(welcomeWith('tpr1.visitor.mac'));
    assert.equal(store.value, 'tpr1.visitor.mac');
    opened(socket(), 1, 3, ID_A);
    socket().drop(1006);
    timers.advance(10_000);
    socket().open();
    assert.deepEqual(socket().messages[0], { type: 'hello', resume: 'tpr1.visitor.mac', client: 'termplex-elements' });
    socket().receive(welcomeWith('tpr1.visitor.mac'));
    assert.deepEqual(socket().messages[1], { type: 'open', ref: 2, cols: 80, rows: 24, sessionId: ID_A, offset: 0 });
  });

  it('reads a resume credential kept by an earlier page (a reload) and sends it with the new ticket', () => {
    const store = memoryStore();
    store.value = 'tpr1.earlier.mac';
    const { connection, socket } = setup({ token: undefined, ticket: 'tpt1.new.mac', resumeStore: store });
    connection.open({ cols: 80, rows: 24, sessionId: ID_A }, {});
    connection.open({ cols: 80, rows: 24 }, {});
    socket().open();
    assert.deepEqual(socket().messages[0], { type: 'hello', ticket: 'tpt1.new.mac', resume: 'tpr1.earlier.mac', client: 'termplex-elements' });
  });

  it('fetches a ticket only when a session has yet to be created', async () => {
    let fetched = 0;
    const { connection, socket, timers } = setup({ token: undefined, fetchTicket: async () => `tpt1.f${++fetched}.mac`, resumeStore: memoryStore() });
    connection.open({ cols: 80, rows: 24 }, {});
    socket().open();
    await settle();
    assert.deepEqual(socket().messages[0], { type: 'hello', ticket: 'tpt1.f1.mac', client: 'termplex-elements' });
    socket().receive(welcomeWith('tpr1.v.mac'));
    opened(socket(), 1, 3, ID_A);
    socket().drop(1006);
    timers.advance(10_000);
    socket().open();
    await settle();
    assert.equal(fetched, 1, 'a reconnect of sessions that exist needs no ticket');
    assert.deepEqual(socket().messages[0], { type: 'hello', resume: 'tpr1.v.mac', client: 'termplex-elements' });
  });

  it('a refused resume credential alone is dropped and a fetched ticket tried; a used ticket without a source fails, naming it', async () => {
    const store = memoryStore();
    store.value = 'tpr1.dead.mac';
    const { connection, socket, sockets, timers } = setup({ token: undefined, fetchTicket: async () => 'tpt1.fresh.mac', resumeStore: store });
    connection.open({ cols: 80, rows: 24, sessionId: ID_A }, {});
    socket().open();
    assert.deepEqual(socket().messages[0], { type: 'hello', resume: 'tpr1.dead.mac', client: 'termplex-elements' });
    socket().drop(4001, 'TERMPLEX_ERR_TICKET_EXPIRED: the resume credential expired; get a new ticket');
    assert.equal(store.value, undefined);
    timers.advance(10_000);
    assert.equal(sockets.length, 2);
    socket().open();
    await settle();
    assert.deepEqual(socket().messages[0], { type: 'hello', ticket: 'tpt1.fresh.mac', client: 'termplex-elements' });

    const plain = setup({ token: undefined, ticket: 'tpt1.only.mac' });
    plain.connection.open({ cols: 80, rows: 24 }, {});
    plain.socket().open();
    plain.socket().drop(4001, 'TERMPLEX_ERR_TICKET_USED: the ticket was already used; tickets open one connection');
    plain.timers.advance(60_000);
    assert.equal(plain.sockets.length, 1);
    assert.deepEqual(plain.connection.error, {
      code: ErrorCode.TicketUsed, message: 'the ticket was already used (the ticket was already used; tickets open one connection)',
    });
  });

  it('a new session refused on a resume-only connection fetches a ticket and reconnects; the session waits, the others resume', async () => {
    let fetched = 0;
    const store = memoryStore();
    store.value = 'tpr1.v.mac';
    const { connection, socket, sockets } = setup({ token: undefined, fetchTicket: async () => `tpt1.f${++fetched}.mac`, resumeStore: store });
    const errors: string[] = [];
    connection.open({ cols: 80, rows: 24, sessionId: ID_A }, {});
    socket().open();
    assert.deepEqual(socket().messages[0], { type: 'hello', resume: 'tpr1.v.mac', client: 'termplex-elements' });
    socket().receive(welcomeWith('tpr1.v.mac'));
    opened(socket(), 1, 3, ID_A);
    connection.open({ cols: 80, rows: 24 }, { error: (error) => errors.push(error.code) });
    socket().receive({ type: 'error', code: ErrorCode.NotGranted, message: 'new sessions need a new ticket', ref: 2 });
    assert.deepEqual(errors, [], 'the session is not failed');
    assert.equal(sockets.length, 2, 'a new socket');
    socket().open();
    await settle();
    assert.equal(fetched, 1);
    assert.deepEqual(socket().messages[0], { type: 'hello', ticket: 'tpt1.f1.mac', resume: 'tpr1.v.mac', client: 'termplex-elements' });
    socket().receive(welcomeWith('tpr1.v.mac'));
    assert.deepEqual(socket().messages.slice(1).map((m) => (m as { sessionId?: string }).sessionId), [ID_A, undefined]);
    // Refused again with a ticket in hand: final, the session hears it.
    socket().receive({ type: 'error', code: ErrorCode.NotGranted, message: 'not this profile', ref: 4 });
    assert.deepEqual(errors, [ErrorCode.NotGranted]);
    assert.equal(sockets.length, 2);
  });

  it('fails at once, saying what to set, with no token, ticket or ticket source', () => {
    const { connection, sockets } = setup({ token: undefined });
    connection.open({ cols: 80, rows: 24 }, {});
    assert.equal(sockets.length, 0);
    assert.equal(connection.state, 'failed');
    assert.match(connection.error!.message, /set the token, ticket or ticket-url attribute/);
  });
});
