#!/usr/bin/env node
/**
 * Measures the server process's resident memory: idle, then with N open
 * shells attached over WebSockets (the shells are separate processes, so
 * they are not counted). Runs the built CLI (npm run build first).
 *
 *   node packages/server/scripts/measure-rss.mjs [sessions=100]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

const sessions = Number(process.argv[2] ?? 100);
const perSocket = 25;
const token = 'measure-rss';
const bin = new URL('../bin/termplex-server.mjs', import.meta.url).pathname;

const rssKiB = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

const server = spawn(process.execPath, [bin, '--port', '0', '--token', token, '--log-level', 'warn', '--profile', 'sh=/bin/sh'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, PS1: '$ ', ENV: '' },
});
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (c) => {
    out += c;
    if (out.includes('\n')) resolve(out.split('\n')[0]);
  });
  server.once('exit', (code) => reject(new Error(`server exited ${code}`)));
});
const wsUrl = `${url.replace('http', 'ws')}termplex`;

async function settle() {
  // Let startup garbage be collected the way a long-running server's would.
  await sleep(1500);
  return rssKiB(server.pid);
}

const idle = await settle();
const sockets = [];
let opened = 0;
for (let s = 0; s < Math.ceil(sessions / perSocket); s++) {
  const ws = new WebSocket(wsUrl, 'termplex.v1');
  sockets.push(ws);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'hello', token }));
  const count = Math.min(perSocket, sessions - opened);
  const prompts = new Set();
  const done = new Promise((resolve) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.send(JSON.stringify({ type: 'ack', channel: data.readUInt32BE(1), offset: 0 }));
        prompts.add(data.readUInt32BE(1));
        if (prompts.size === count) resolve();
      }
    });
  });
  for (let i = 0; i < count; i++) ws.send(JSON.stringify({ type: 'open', ref: i, cols: 80, rows: 24 }));
  for (let i = 1; i <= count; i++) ws.send(Buffer.concat([Buffer.from([2, 0, 0, 0, i]), Buffer.from('echo ok\n')]));
  await done;
  opened += count;
}
// Heap growth is noisy: take the lowest of a few samples a second apart.
let busy = await settle();
for (let i = 0; i < 4; i++) {
  await sleep(1000);
  busy = Math.min(busy, rssKiB(server.pid));
}
const sessionsSeen = JSON.parse(await (await fetch(`${url}api/sessions`, { headers: { Authorization: `Bearer ${token}` } })).text()).length;
console.log(JSON.stringify({
  idleRssKiB: idle,
  sessions: sessionsSeen,
  rssWithSessionsKiB: busy,
  perSessionKiB: Math.round(((busy - idle) / sessionsSeen) * 10) / 10,
}));
for (const ws of sockets) ws.close();
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
