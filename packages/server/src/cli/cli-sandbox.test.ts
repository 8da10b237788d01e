import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCliArgs, USAGE } from './cli-args.js';

const MiB = 2 ** 20;
const KEY = { TERMPLEX_HOST_KEY: 'k'.repeat(32) };

describe('--sandbox NAME=LIMITS', () => {
  it('sandboxes a profile given with --profile, before or after it, for the server and the PTY host', () => {
    assert.deepEqual(parseCliArgs(['--sandbox', 'py=memory=256M,network=off', '--profile', 'py=python3', '--profile', 'sh=/bin/sh'], {}), {
      kind: 'serve',
      options: { profiles: { py: { command: 'python3', args: [], sandbox: { memory: 256 * MiB, network: false } }, sh: { command: '/bin/sh', args: [] } } },
    });
    assert.deepEqual(parseCliArgs(['ptyhost', '--socket', '/tmp/h/s', '--profile', 'sh=/bin/sh', '--sandbox=sh'], KEY), {
      kind: 'ptyhost',
      options: { socket: '/tmp/h/s', key: KEY.TERMPLEX_HOST_KEY, profiles: { sh: { command: '/bin/sh', args: [], sandbox: {} } } },
    });
    assert.ok(USAGE.includes('--sandbox NAME[=LIMITS]'));
  });

  it('names the flag and what was wrong', () => {
    const cases: Array<[string[], string]> = [
      [['--sandbox', 'sh'], '--sandbox sh: no profile sh is given (--profile sh=COMMAND)'],
      [['--profile', 'bash=/bin/bash', '--sandbox', 'sh'], '--sandbox sh: no profile sh is given (--profile sh=COMMAND); the profiles given are bash'],
      [['--profile', 'sh=/bin/sh', '--sandbox', 'sh', '--sandbox', 'sh=cpu=5'], '--sandbox sh is given twice'],
      [['--profile', 'sh=/bin/sh', '--sandbox', 'sh=memory=lots'], '--sandbox sh: memory must be a size like 256M (K, M, G, T: powers of 1024); got "lots"'],
      [['--sandbox'], '--sandbox needs a value'],
      [['--pty-host', '/tmp/h/s', '--profile', 'sh=/bin/sh', '--sandbox', 'sh'], '--profile belongs to the PTY host when --pty-host is given: pass it to termplex-server ptyhost'],
    ];
    for (const [argv, message] of cases) assert.throws(() => parseCliArgs(argv, KEY), { name: 'Error', message }, argv.join(' '));
  });
});
