/**
 * Sandboxed profiles, from inside: a real server on port 0, sessions opened
 * over its WebSocket, commands typed into a sandboxed bash and its output
 * read back. Where a mechanism cannot run on this machine (bwrap missing,
 * no cgroup v2), its tests skip and say why.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTerminalServer, runPtyHost, type ProfileConfig, type TerminalServer } from '@termplex/server';
import { checkSandbox } from '../../packages/server/src/sandbox/sandbox-config.js';
import { checkSandboxSupport, probeSandbox } from '../../packages/server/src/sandbox/sandbox-probe.js';
import { TestClient } from '../support/server-test-client.js';

const MiB = 2 ** 20;
const repo = fileURLToPath(new URL('../..', import.meta.url));
const PYTHON = '/usr/bin/python3';
/** The limits under test: small enough to reach quickly. */
const BOX = { memory: 256 * MiB, processes: 24, scratch: 16 * MiB };
const bash = (sandbox?: ProfileConfig['sandbox']): ProfileConfig => ({ command: '/bin/bash', args: ['--norc', '--noprofile'], env: { PS1: '$ ' }, sandbox });
/** In the server's environment while the tests run: a sandbox must never show it. */
const SECRET = 's3cr3t-value-of-the-server';

const probe = probeSandbox();
/** Why a sandbox cannot run here, or undefined when it can. */
const unsupported = (() => {
  try {
    checkSandboxSupport('box', checkSandbox(BOX, 'box'), probe);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
})();
const cpuAvailable = probe.cgroup.ok && probe.cgroup.controllers.includes('cpu');

let marks = 0;
/** Types `command` into a shell and resolves to its output alone, between markers echoed before and after it. */
async function run(client: TestClient, channel: number, command: string): Promise<string> {
  const n = ++marks;
  // Quoted apart, so the terminal's echo of the command line never matches a marker.
  client.input(channel, `echo "BE""GIN-${n}"; ${command}; echo "DO""NE-${n}"\n`);
  const text = await client.waitForText(channel, new RegExp(`^DONE-${n}$`, 'm'));
  const begin = new RegExp(`^BEGIN-${n}\n`, 'm').exec(text)!;
  return text.slice(begin.index + begin[0].length, text.lastIndexOf(`DONE-${n}`));
}

describe('sandboxed profiles (bwrap, real PTYs)', () => {
  let server: TerminalServer;
  const clients: TestClient[] = [];
  const saved = { TERMPLEX_TOKEN: process.env.TERMPLEX_TOKEN, SANDBOX_TEST_SECRET: process.env.SANDBOX_TEST_SECRET };
  const open = async (profile: string) => {
    const client = await TestClient.open(server.wsUrl, server.token);
    clients.push(client);
    const opened = await client.openSession({ profile });
    await client.waitForText(opened.channel, '$ ');
    return { client, channel: opened.channel, sessionId: opened.sessionId };
  };

  before(async () => {
    process.env.TERMPLEX_TOKEN = `token-${SECRET}`;
    process.env.SANDBOX_TEST_SECRET = SECRET;
    if (unsupported) return;
    server = await createTerminalServer({
      port: 0, token: 'test-token', logLevel: 'silent',
      profiles: { box: bash(BOX), online: bash({ ...BOX, network: true }), plain: bash() },
    });
  });
  after(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    for (const c of clients) await c.close();
    await server?.close();
  });

  it('memory: an allocation past the cap fails with MemoryError (the prlimit floor: it fails, no OOM kill)', async (t) => {
    if (unsupported) return t.skip(`no sandbox on this machine: ${unsupported}`);
    if (!existsSync(PYTHON)) return t.skip(`${PYTHON} is not installed`);
    const { client, channel } = await open('box');
    const small = await run(client, channel, `${PYTHON} -c 'b = bytearray(64 << 20); print("allocated", len(b) >> 20)'`);
    assert.match(small, /^allocated 64$/m, 'below the cap an allocation succeeds');
    const big = await run(client, channel, `${PYTHON} -c 'bytearray(512 << 20)'; echo "exit=$?"`);
    assert.match(big, /MemoryError/);
    assert.match(big, /^exit=1$/m, 'python reports the failure and exits 1: not killed by a signal (exit 137)');
  });

  it('processes: a fork loop stops at the cap, which each sandbox counts for itself (two at once)', async (t) => {
    if (unsupported) return t.skip(`no sandbox on this machine: ${unsupported}`);
    if (!existsSync(PYTHON)) return t.skip(`${PYTHON} is not installed`);
    // Children wait on a pipe and exit when the loop's process does.
    const loop = [
      'import errno, os', 'r, w = os.pipe()', 'n = 0', 'try:', ' while n < 1000:', '  if os.fork() == 0:',
      '   os.close(w); os.read(r, 1); os._exit(0)', '  n += 1', 'except OSError as e:', ' print(\\"forks=%d error=%s\\" % (n, errno.errorcode[e.errno]))',
    ].join('\\n');
    const sandboxes = [await open('box'), await open('box')];
    const outputs = await Promise.all(sandboxes.map(({ client, channel }) => run(client, channel, `${PYTHON} -c 'exec("${loop}")'`)));
    for (const output of outputs) {
      const m = /^forks=(\d+) error=(\w+)$/m.exec(output);
      assert.ok(m, `no fork count in ${JSON.stringify(output)}`);
      assert.equal(m[2], 'EAGAIN');
      // The sandbox's init, bash and python count too; the other sandbox's processes do not.
      assert.ok(Number(m[1]) < BOX.processes && Number(m[1]) >= BOX.processes - 6, `forks=${m[1]} with processes=${BOX.processes}`);
    }
  });

  it('files: only the scratch dir is writable, up to its cap; the host\'s /tmp and homes are hidden', async (t) => {
    if (unsupported) return t.skip(`no sandbox on this machine: ${unsupported}`);
    const hostDir = mkdtempSync(path.join(os.tmpdir(), 'termplex-sandbox-'));
    writeFileSync(path.join(hostDir, 'host-file'), 'host');
    try {
      const { client, channel } = await open('box');
      const targets = ['/etc/x', '/root/x', '/usr/x', path.join(repo, 'x'), path.join(repo, 'package.json'), '/dev/shm/x', '/home/x'];
      const tried = await run(client, channel, `for f in ${targets.join(' ')}; do if touch "$f" 2>/dev/null; then echo "wrote $f"; else echo "refused $f"; fi; done`);
      for (const target of targets) assert.match(tried, new RegExp(`^refused ${target}$`, 'm'));
      assert.ok(!existsSync(path.join(repo, 'x')));
      const home = await run(client, channel, 'echo "home=$HOME"; echo hi > ~/note && cat ~/note /tmp/home/note');
      assert.match(home, /^home=\/home\/sandbox\nhi\nhi$/m, 'HOME is writable and lies in the scratch tmpfs');
      const hidden = await run(client, channel, `ls ${path.join(hostDir, 'host-file')} 2>&1`);
      assert.match(hidden, /No such file or directory/);
      // Only the system directories are there at all: the server's files (this repository) are not even readable.
      assert.match(await run(client, channel, `cat ${path.join(repo, 'package.json')} 2>&1`), /No such file or directory/);
      const top = (await run(client, channel, 'ls -A /')).split(/\s+/).filter(Boolean);
      const allowed = ['bin', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'libx32', 'proc', 'sbin', 'tmp', 'usr'];
      assert.deepEqual(top.filter((name) => !allowed.includes(name)), [], `the root inside holds more than the system directories: ${top.join(' ')}`);
      const full = await run(client, channel, `dd if=/dev/zero of=~/fill bs=1M count=${BOX.scratch / MiB + 8} 2>&1 | head -1`);
      assert.match(full, /No space left on device/);
    } finally {
      rmSync(hostDir, { recursive: true, force: true });
    }
  });

  it('network: a listener on the host\'s 127.0.0.1 is unreachable from inside, and no route leads out', async (t) => {
    if (unsupported) return t.skip(`no sandbox on this machine: ${unsupported}`);
    let connections = 0;
    const listener = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const { port } = listener.address() as net.AddressInfo;
    try {
      const { client, channel } = await open('box');
      const local = await run(client, channel, `(exec 3<>/dev/tcp/127.0.0.1/${port}) 2>&1; echo "exit=$?"`);
      assert.match(local, /Connection refused/);
      assert.match(local, /^exit=1$/m);
      // TEST-NET-1: a route-less namespace refuses at once, so nothing is sent.
      const out = await run(client, channel, '(exec 3<>/dev/tcp/192.0.2.1/9) 2>&1; echo "exit=$?"');
      assert.match(out, /Network is unreachable/);
      const links = await run(client, channel, "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '");
      assert.equal(links, 'lo\n', 'the only interface is a loopback of its own');
      assert.equal(connections, 0);
      // Control: the same sandbox with network=on reaches it, so the refusal above is the namespace's.
      const online = await open('online');
      const reached = await run(online.client, online.channel, `(exec 3<>/dev/tcp/127.0.0.1/${port}) 2>&1; echo "exit=$?"`);
      assert.match(reached, /^exit=0$/m);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(connections, 1);
    } finally {
      listener.close();
    }
  });

  it('environment: the server\'s variables (TERMPLEX_TOKEN, any secret) are not visible inside', async (t) => {
    if (unsupported) return t.skip(`no sandbox on this machine: ${unsupported}`);
    const { client, channel } = await open('box');
    const env = await run(client, channel, 'env');
    assert.ok(!env.includes('TERMPLEX_TOKEN') && !env.includes(SECRET), env);
    assert.match(env, /^HOME=\/home\/sandbox$/m);
    assert.match(env, /^TERM=xterm-256color$/m);
    assert.match(env, /^PS1=\$ $/m, 'the profile\'s own env is passed');
    const procs = await run(client, channel, 'n=$(cat /proc/[0-9]*/environ 2>/dev/null | tr "\\0" "\\n" | grep -c "3cr3t-value"); echo "found=$n"');
    assert.match(procs, /^found=0$/m, 'no process the sandbox can see has it');
    // Control: an unsandboxed profile inherits the server's environment (all but the token).
    const plain = await open('plain');
    const plainEnv = await run(plain.client, plain.channel, 'env');
    assert.ok(plainEnv.includes(`SANDBOX_TEST_SECRET=${SECRET}`));
    assert.ok(!plainEnv.includes('TERMPLEX_TOKEN'));
  });

  it('job control works inside (no --new-session): Ctrl-C interrupts the foreground program', async (t) => {
    if (unsupported) return t.skip(`no sandbox on this machine: ${unsupported}`);
    const { client, channel } = await open('box');
    client.input(channel, 'sleep 300\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    client.input(channel, '\x03');
    // Typed while sleep runs: it runs at all only if Ctrl-C ended the sleep (else it would wait 300 s).
    const after = await run(client, channel, 'sleep 100 & jobs');
    assert.doesNotMatch(client.text(channel), /no job control/);
    assert.match(after, /^\[1\]\+ +Running +sleep 100 &$/m);
  });

  it('ending a sandboxed session ends every process in it, one that left with setsid too', async (t) => {
    if (unsupported) return t.skip(`no sandbox on this machine: ${unsupported}`);
    const { client, channel } = await open('box');
    await run(client, channel, 'setsid sleep 1001 & sleep 1002 & true');
    const sleepers = () => execFileSync('ps', ['-e', '-o', 'args='], { encoding: 'utf8' }).split('\n').filter((a) => /^sleep 100[12]$/.test(a.trim()));
    await client.until(() => sleepers().length === 2 || undefined, 'both sleeps running');
    client.send({ type: 'close', channel });
    await client.next('closed');
    await client.until(() => sleepers().length === 0 || undefined, 'no sleep left');
  });

  it('cpu: refuses to start where cgroup v2 is missing, naming the profile and what is missing (server and PTY host)', async (t) => {
    if (cpuAvailable) return t.skip('cgroup v2 with a cpu controller is available here: cpu=50 is enforced, so there is no refusal to see');
    const why = probe.cgroup.ok ? 'has none delegated here' : probe.cgroup.why;
    const cpu = probe.cgroup.ok
      ? `cpu=50 needs the cpu controller of cgroup v2, and systemd${probe.cgroup.user ? '\'s user manager' : ''} has none delegated here`
      : `cpu=50 needs cgroup v2 through systemd-run --scope, and ${why}; remove cpu or run under systemd with cgroup v2`;
    const refused = (error: unknown) => {
      const message = (error as Error).message;
      assert.ok(message.startsWith('profile "tutorial": '), message);
      assert.ok(message.includes(cpu), message);
      return true;
    };
    if (!existsSync('/run/systemd/system')) assert.match(cpu, /no systemd manager/);
    if (!existsSync('/sys/fs/cgroup/cgroup.controllers')) assert.match(cpu, /cgroup v1 only/);
    const profiles = { tutorial: { command: '/bin/sh', sandbox: { cpu: 50 } } };
    await assert.rejects(createTerminalServer({ port: 0, logLevel: 'silent', profiles }), refused);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'termplex-sandbox-host-'));
    try {
      const socket = path.join(dir, 'host.sock');
      await assert.rejects(runPtyHost({ socket, key: 'k'.repeat(32), logLevel: 'silent', profiles }), refused);
      assert.ok(!existsSync(socket), 'the refused PTY host never listened');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cpu: the quota reaches the sandbox\'s cgroup (CPUQuota through systemd-run --scope)', async (t) => {
    if (!cpuAvailable) return t.skip(`cgroup v2 through systemd-run --scope is not usable here: ${probe.cgroup.ok ? 'no cpu controller' : probe.cgroup.why}`);
    if (unsupported) return t.skip(`no sandbox on this machine: ${unsupported}`);
    const limited = await createTerminalServer({ port: 0, token: 'test-token', logLevel: 'silent', profiles: { box: bash({ ...BOX, cpu: 50 }) } });
    try {
      const client = await TestClient.open(limited.wsUrl, limited.token);
      clients.push(client);
      const opened = await client.openSession({ profile: 'box' });
      const [session] = await limited.listSessions();
      assert.equal(session.id, opened.sessionId);
      const group = /^0::(.*)$/m.exec(readFileSync(`/proc/${session.pid}/cgroup`, 'utf8'))?.[1];
      assert.ok(group, 'the session runs in a cgroup v2 group');
      assert.equal(readFileSync(`/sys/fs/cgroup${group}/cpu.max`, 'utf8').trim(), '50000 100000');
    } finally {
      await limited.close();
    }
  });
});
