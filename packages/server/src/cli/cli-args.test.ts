import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('maps flags to options', () => {
    const parsed = parseCliArgs(
      ['--host', '127.0.0.1', '--port=0', '--token', 'T', '--allow-origin', 'http://a.test', '--allow-origin', 'http://b.test',
        '--allow-host', 'box.test', '--profile', `py=python3 -c 'print(1)'`, '--profile', 'sh=/bin/sh', '--grace', '1.5', '--idle-timeout', '60', '--log-level', 'debug',
        '--max-sessions', '1000', '--max-sessions-per-socket', '64', '--max-auth-failures', '0'],
      {},
    );
    assert.deepEqual(parsed, {
      kind: 'serve',
      options: {
        host: '127.0.0.1', port: 0, token: 'T', allowedOrigins: ['http://a.test', 'http://b.test'], allowedHosts: ['box.test'],
        profiles: { py: { command: 'python3', args: ['-c', 'print(1)'] }, sh: { command: '/bin/sh', args: [] } },
        graceMs: 1500, idleTimeoutMs: 60_000, logLevel: 'debug', maxSessions: 1000, maxSessionsPerSocket: 64, maxAuthFailures: 0,
      },
    });
  });

  it('maps the quota flags to the quotas option, for the web server only', () => {
    const parsed = parseCliArgs(
      ['--quota-sessions-per-ticket', '3', '--quota-sessions-per-address', '0', '--quota-lifetime', '900', '--quota-idle', '120', '--quota-output-rate', '65536'],
      {},
    );
    assert.deepEqual(parsed, { kind: 'serve', options: { quotas: { sessionsPerTicket: 3, sessionsPerAddress: 0, sessionLifetime: 900, idleTimeout: 120, outputRate: 65536 } } });
    assert.throws(() => parseCliArgs(['ptyhost', '--socket', '/tmp/x/s', '--quota-lifetime', '9'], { TERMPLEX_HOST_KEY: 'k'.repeat(16) }), /--quota-lifetime is a web server option/);
  });

  it('maps the record flags to the record option; with --pty-host only --record, the folder to serve', () => {
    assert.deepEqual(parseCliArgs(['--record', '/var/casts', '--record-max-size', '1048576', '--record-retention', '7', '--record-input'], {}), {
      kind: 'serve', options: { record: { dir: '/var/casts', maxFileBytes: 1048576, retentionDays: 7, input: true } },
    });
    const key = { TERMPLEX_HOST_KEY: 'k'.repeat(16) };
    assert.deepEqual(parseCliArgs(['ptyhost', '--socket', '/tmp/x/s', '--record=/var/casts'], key), { kind: 'ptyhost', options: { socket: '/tmp/x/s', key: key.TERMPLEX_HOST_KEY, record: { dir: '/var/casts' } } });
    assert.deepEqual(parseCliArgs(['--pty-host', '/tmp/x/s', '--record', '/var/casts'], key), { kind: 'serve', options: { ptyHost: '/tmp/x/s', ptyHostKey: key.TERMPLEX_HOST_KEY, record: { dir: '/var/casts' } } });
    assert.throws(() => parseCliArgs(['--pty-host', '/tmp/x/s', '--record', '/c', '--record-input'], key), /--record-input belongs to the PTY host/);
    assert.throws(() => parseCliArgs(['--record-input'], {}), /--record-input goes with --record DIR/);
    assert.throws(() => parseCliArgs(['--record-max-size', '10', '--record', '/c'], {}), /--record-max-size must be an integer 4096\.\.1099511627776; got "10"/);
    assert.throws(() => parseCliArgs(['--record-input=yes', '--record', '/c'], {}), /--record-input takes no value/);
  });

  it('reads TERMPLEX_TOKEN only when --token is absent', () => {
    assert.deepEqual(parseCliArgs([], { TERMPLEX_TOKEN: 'env' }), { kind: 'serve', options: { token: 'env' } });
    assert.deepEqual(parseCliArgs(['--token', 'flag'], { TERMPLEX_TOKEN: 'env' }), { kind: 'serve', options: { token: 'flag' } });
  });

  it('answers --help and --version', () => {
    assert.deepEqual(parseCliArgs(['--port', '1', '--help'], {}), { kind: 'help' });
    assert.deepEqual(parseCliArgs(['--version'], {}), { kind: 'version' });
  });

  it('names the flag in every usage error', () => {
    const cases: Array<[string[], string]> = [
      [['--bogus'], 'unknown option "--bogus"; see --help'],
      [['--port'], '--port needs a value'],
      [['--port', 'abc'], '--port must be an integer 0..65535; got "abc"'],
      [['--port', '70000'], '--port must be an integer 0..65535; got "70000"'],
      [['--grace', '-1'], '--grace must be a number of seconds 0..2147483; got "-1"'],
      [['--idle-timeout', 'soon'], '--idle-timeout must be a number of seconds 0..2147483; got "soon"'],
      [['--log-level', 'loud'], '--log-level must be one of fatal, error, warn, info, debug, trace, silent; got "loud"'],
      [['--profile', 'bash'], '--profile must be NAME=COMMAND; got "bash"'],
      [['--profile', 'x='], '--profile x: the command is empty'],
      [['--profile', `x=sh -c 'oops`], '--profile x: unterminated single quote'],
      [['--profile', 'x=sh', '--profile', 'x=bash'], '--profile x is given twice'],
      [['--max-sessions', '0'], '--max-sessions must be an integer 1..100000; got "0"'],
      [['--max-sessions-per-socket', 'many'], '--max-sessions-per-socket must be an integer 1..10000; got "many"'],
      [['--max-auth-failures', '-1'], '--max-auth-failures must be an integer 0..100000; got "-1"'],
      [['--quota-sessions-per-ticket', '0'], '--quota-sessions-per-ticket must be an integer 1..10000; got "0"'],
      [['--quota-lifetime', '1.5'], '--quota-lifetime must be an integer 0..2592000; got "1.5"'],
      [['--quota-output-rate', 'fast'], '--quota-output-rate must be an integer 0..1073741824; got "fast"'],
    ];
    for (const [argv, message] of cases) assert.throws(() => parseCliArgs(argv, {}), { name: 'Error', message }, argv.join(' '));
  });
});
