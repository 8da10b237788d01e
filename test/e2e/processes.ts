/**
 * Child processes and ports for the end-to-end scripts and tests: every wait
 * is bounded, and a process is stopped by its own PID only.
 */
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { stripAnsi } from '../support/ansi.js';

/** A loopback port free right now (for tools that refuse port 0, such as Storybook and nginx). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}


/**
 * Resolves with the first line of the child's stdout that matches `pattern`
 * (colours stripped); rejects if the child exits first or after `timeoutMs`.
 */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  const stdout = child.stdout;
  if (!stdout) return Promise.reject(new Error('waitForLine needs the child started with stdout: "pipe"'));
  return new Promise((resolve, reject) => {
    let pending = '';
    const seen: string[] = [];
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      stdout.off('data', onData);
      child.off('exit', onExit);
      settle();
    };
    const onData = (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const raw of lines) {
        const line = stripAnsi(raw);
        seen.push(line);
        if (pattern.test(line)) return finish(() => resolve(line));
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(() => reject(new Error(`process ${child.pid} exited (${signal ?? code}) before printing ${pattern}; stdout: ${seen.join(' | ')}`)));
    const timer = setTimeout(() => finish(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout: ${seen.join(' | ')}`))), timeoutMs);
    stdout.setEncoding('utf8');
    stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

/** True when something accepts TCP connections on 127.0.0.1:port right now. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isListening(port)) return;
    await sleep(100);
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`; resolves once it has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const done = exited(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await done;
  clearTimeout(timer);
}
