import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processesInSession } from '../../packages/server/src/host/process-tree.js';
import { cli, firstLine } from '../support/cli-process.js';
import { TestClient, WAIT_MS } from '../support/server-test-client.js';

/** Opens `count` sessions, starts `jobs` in each, and resolves to their session ids once every job runs. */
async function sessionsWithJobs(client: TestClient, url: string, count: number, jobs: string[]): Promise<number[]> {
  const sids: number[] = [];
  for (let i = 0; i < count; i++) {
    const opened = await client.openSession();
    client.input(opened.channel, jobs.map((job) => job + '\n').join(''));
    const sessions = await (await fetch(`${url}api/sessions`, { headers: { Authorization: 'Bearer T' } })).json();
    const pid = sessions.find((s: { id: string }) => s.id === opened.sessionId).pid;
    sids.push(pid);
    await client.until(() => processesInSession(pid).length >= 1 + jobs.length, `shell ${pid} and its ${jobs.length} jobs`);
  }
  return sids;
}


describe('termplex-server CLI', () => {
  it('prints exactly the URL (no token when one was given), serves /healthz and exits 0 on SIGTERM', async () => {
    const c = cli(['--host', '127.0.0.1', '--port', '0', '--token', 'T', '--allow-origin', 'http://127.0.0.1:9', '--log-level', 'silent']);
    const line = await firstLine(c);
    assert.match(line, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const health = await fetch(`${line}healthz`);
    assert.equal(health.status, 200);
    c.child.kill('SIGTERM');
    assert.deepEqual(await c.exited, [0, null]);
    assert.equal(c.stdout(), `${line}\n`, 'one line on stdout, nothing else');
  });

  it('puts a generated token in the URL fragment, and only then', async () => {
    const c = cli(['--port', '0', '--log-level', 'silent']);
    const line = await firstLine(c);
    const match = /^http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]{43})$/.exec(line);
    assert.ok(match, line);
    const client = await TestClient.open(`ws://127.0.0.1:${match[1]}/termplex`, match[2]);
    await client.close();
    c.child.kill('SIGINT');
    assert.deepEqual(await c.exited, [0, null]);

    const fromEnv = cli(['--port', '0', '--log-level', 'silent'], { TERMPLEX_TOKEN: 'from-env' });
    assert.match(await firstLine(fromEnv), /^http:\/\/127\.0\.0\.1:\d+\/$/);
    fromEnv.child.kill('SIGTERM');
    await fromEnv.exited;
  });

  it('exits 2 with a message naming the flag on usage errors', async () => {
    const cases: Array<[string[], string]> = [
      [['--port', 'abc'], 'termplex-server: --port must be an integer 0..65535; got "abc"\n'],
      [['--frobnicate'], 'termplex-server: unknown option "--frobnicate"; see --help\n'],
      [['--host', '0.0.0.0', '--port', '0'], 'termplex-server: Refusing to listen on 0.0.0.0 without a configured token: anyone who can reach it would get a shell. Set the "token" option (CLI: --token or TERMPLEX_TOKEN), or listen on 127.0.0.1\n'],
      [['--allow-origin', 'example.com', '--port', '0'], 'termplex-server: The "allowedOrigins" option must be an array of origins like "https://example.com"; got "example.com" at index 0\n'],
    ];
    for (const [args, message] of cases) {
      const c = cli(args);
      assert.deepEqual(await c.exited, [2, null], args.join(' '));
      assert.equal(c.stderr(), message);
      assert.equal(c.stdout(), '');
    }
  });

  it('answers --help and --version', async () => {
    const help = cli(['--help']);
    assert.deepEqual(await help.exited, [0, null]);
    assert.match(help.stdout(), /^Usage: termplex-server \[options\]/);
    for (const flag of ['--host', '--port', '--token', '--allow-origin', '--allow-host', '--profile', '--grace', '--idle-timeout', '--log-level', '--version']) {
      assert.ok(help.stdout().includes(flag), flag);
    }
    const version = cli(['--version']);
    assert.deepEqual(await version.exited, [0, null]);
    assert.equal(version.stdout(), 'termplex-server 0.1.0\n');
  });

  it('leaves no process behind on SIGTERM: background and nohup jobs included', async () => {
    const c = cli(['--port', '0', '--token', 'T', '--log-level', 'warn', '--profile', 'bash=/bin/bash --norc --noprofile -i']);
    const line = await firstLine(c);
    const client = await TestClient.open(`${line.replace('http', 'ws')}termplex`, 'T');
    const sids = await sessionsWithJobs(client, line, 2, ['sleep 1000 &', 'nohup sleep 1000 >/dev/null 2>&1 &']);
    c.child.kill('SIGTERM');
    assert.deepEqual(await c.exited, [0, null]);
    const closed = await client.closed;
    assert.equal(closed.code, 4009);
    assert.equal(closed.reason, 'TERMPLEX_ERR_SHUTDOWN: the server is shutting down');
    for (const sid of sids) assert.deepEqual(processesInSession(sid), [], `session ${sid} left processes`);
  });

  it("keeps the token out of the shells' reach: not in their environment, nor in the server's /proc environ or cmdline", async () => {
    const secret = 'cli-secret-token-4f9a1c';
    for (const [args, env] of [[[], { TERMPLEX_TOKEN: secret }], [['--token', secret], {}]] as const) {
      const c = cli(['--port', '0', '--log-level', 'silent', '--profile', 'sh=/bin/sh', ...args], env);
      const line = await firstLine(c);
      const client = await TestClient.open(`${line.replace('http', 'ws')}termplex`, secret);
      const opened = await client.openSession();
      // Counted inside the shell, as a curious user would look.
      client.input(opened.channel, `for f in /proc/$$/environ /proc/$PPID/environ /proc/$PPID/cmdline; do tr '\\0' '\\n' < $f | grep -c "${secret.slice(0, 10)}""${secret.slice(10)}"; done | tr '\\n' ' '; echo counted\n`);
      await client.waitForText(opened.channel, /(\d+ ){3}counted/);
      assert.match(client.text(opened.channel), /0 0 0 counted/, `the token is readable (${JSON.stringify(args)})`);
      c.child.kill('SIGTERM');
      await c.exited;
    }
  });

  it('ends 256 sessions with their background and nohup jobs on SIGTERM, leaving nothing', async () => {
    const c = cli(['--port', '0', '--token', 'T', '--log-level', 'warn', '--max-sessions-per-socket', '256', '--profile', 'bash=/bin/bash --norc --noprofile -i']);
    const line = await firstLine(c);
    const client = await TestClient.open(`${line.replace('http', 'ws')}termplex`, 'T');
    const opened = await Promise.all(Array.from({ length: 256 }, () => client.openSession()));
    for (const o of opened) client.input(o.channel, 'sleep 1000 &\nnohup sleep 1000 >/dev/null 2>&1 &\n');
    const sessions: Array<{ pid: number }> = await (await fetch(`${line}api/sessions`, { headers: { Authorization: 'Bearer T' } })).json();
    assert.equal(sessions.length, 256);
    const sids = sessions.map((s) => s.pid);
    await client.until(() => sids.every((sid) => processesInSession(sid).length >= 3), 'every shell and its two jobs', 60_000);
    const started = Date.now();
    c.child.kill('SIGTERM');
    // 15 s is the contract for this many sessions, not a timing figure (the bench measures that).
    const exit = await Promise.race([c.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 15_000))]);
    assert.deepEqual(exit, [0, null], `after ${Date.now() - started} ms; stderr: ${c.stderr()}`);
    const left = sids.flatMap((sid) => processesInSession(sid));
    assert.deepEqual(left, [], 'session processes left behind');
  });

  it('leaves no process behind when the server itself is killed with SIGKILL', async () => {
    const c = cli(['--port', '0', '--token', 'T', '--log-level', 'silent', '--profile', 'bash=/bin/bash --norc --noprofile -i']);
    const line = await firstLine(c);
    const client = await TestClient.open(`${line.replace('http', 'ws')}termplex`, 'T');
    const sids = await sessionsWithJobs(client, line, 3, ['sleep 1000 &', 'nohup sleep 1000 >/dev/null 2>&1 &', '(trap "" HUP TERM; exec sleep 1000) &']);
    c.child.kill('SIGKILL');
    await c.exited;
    for (const sid of sids) {
      await client.until(() => processesInSession(sid).length === 0, `every process of session ${sid} to go after the server's SIGKILL`);
    }
  });

  it('forces exit on a second signal, still killing every session process', async () => {
    // Jobs that ignore SIGHUP and SIGTERM: only SIGKILL, a second later, would end them.
    const c = cli(['--port', '0', '--token', 'T', '--log-level', 'silent', '--profile', `stubborn=/bin/sh -c "trap '' HUP TERM; sleep 1000 & sleep 1000"`]);
    const line = await firstLine(c);
    const client = await TestClient.open(`${line.replace('http', 'ws')}termplex`, 'T');
    await client.openSession();
    const [session] = await (await fetch(`${line}api/sessions`, { headers: { Authorization: 'Bearer T' } })).json();
    await client.until(() => processesInSession(session.pid).length >= 3, 'the stubborn jobs');
    c.child.kill('SIGTERM');
    await client.closed;
    c.child.kill('SIGTERM');
    assert.deepEqual(await c.exited, [1, null]);
    assert.match(c.stderr(), /SIGTERM again, exiting now/);
    await client.until(() => processesInSession(session.pid).length === 0, 'every process of the session to go');
  });
});
