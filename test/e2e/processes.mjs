/**
 * Child processes and ports for the end-to-end scripts and tests: every wait
 * is bounded, and a process is stopped by its own PID only.
 */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A loopback port free right now (for tools that refuse port 0, such as Storybook and nginx). */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves with the first line of the child's stdout matching `pattern`; rejects on exit or after `timeoutMs`. */
export function waitForLine(child, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    let pending = '';
    const seen = [];
    const done = (fn, value) => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      fn(value);
    };
    const onData = (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        seen.push(line);
        if (pattern.test(line)) return done(resolve, line);
      }
    };
    const onExit = (code, signal) => done(reject, new Error(`process ${child.pid} exited (${signal ?? code}) before printing ${pattern}; stdout: ${seen.join(' | ')}`));
    const timer = setTimeout(() => done(reject, new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout: ${seen.join(' | ')}`)), timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Waits until something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`; resolves once it has exited. */
export async function stopProcess(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
