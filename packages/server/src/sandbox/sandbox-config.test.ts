import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSandbox, formatSize, parseSandboxSpec } from './sandbox-config.js';

const MiB = 2 ** 20;
const where = 'profiles.tutorial.sandbox';

describe('checkSandbox', () => {
  it('fills in the defaults', () => {
    assert.deepEqual(checkSandbox({}, where), {
      memory: 1024 * MiB, processes: 256, cpu: undefined, scratch: 64 * MiB, network: false, user: undefined, group: undefined,
    });
    assert.deepEqual(checkSandbox({ memory: 256 * MiB, processes: 64, cpu: 50, scratch: 8 * MiB, network: true, user: 1000, group: 100 }, where), {
      memory: 256 * MiB, processes: 64, cpu: 50, scratch: 8 * MiB, network: true, user: 1000, group: 100,
    });
  });

  it('names the field, what it must be and what was given', () => {
    const cases: Array<[unknown, string]> = [
      ['small', `The "${where}" option must be an object {memory?, processes?, cpu?, scratch?, network?, user?, group?}; got "small"`],
      [[], `The "${where}" option must be an object {memory?, processes?, cpu?, scratch?, network?, user?, group?}; got an array`],
      [{ memory: '256M' }, `The "${where}.memory" option must be an integer number of bytes 16777216..1099511627776 (16M..1T); got "256M"`],
      [{ memory: MiB }, `The "${where}.memory" option must be an integer number of bytes 16777216..1099511627776 (16M..1T); got 1048576`],
      [{ memory: 16 * MiB + 0.5 }, `The "${where}.memory" option must be an integer number of bytes 16777216..1099511627776 (16M..1T); got 16777216.5`],
      [{ processes: 2 }, `The "${where}.processes" option must be an integer 4..65536; got 2`],
      [{ processes: Infinity }, `The "${where}.processes" option must be an integer 4..65536; got Infinity`],
      [{ cpu: 0 }, `The "${where}.cpu" option must be an integer percent of one core 1..10000; got 0`],
      [{ scratch: -1 }, `The "${where}.scratch" option must be an integer number of bytes 1048576..1099511627776 (1M..1T); got -1`],
      [{ network: 'off' }, `The "${where}.network" option must be true or false; got "off"`],
      [{ user: 0 }, `The "${where}.user" option must be an integer id 1..4294967294 (not 0: root); got 0`],
      [{ user: 1000, group: 0 }, `The "${where}.group" option must be an integer id 1..4294967294 (not 0: root); got 0`],
      [{ group: 1000 }, `The "${where}.group" option goes with "${where}.user"`],
      [{ memroy: 1 }, `Unknown option "${where}.memroy"; the sandbox's options are memory, processes, cpu, scratch, network, user, group`],
    ];
    for (const [raw, message] of cases) assert.throws(() => checkSandbox(raw, where), { name: 'TypeError', message }, JSON.stringify(raw));
  });
});

describe('parseSandboxSpec', () => {
  it('parses NAME and NAME=LIMITS', () => {
    assert.deepEqual(parseSandboxSpec('tutorial'), { name: 'tutorial', sandbox: {} });
    assert.deepEqual(parseSandboxSpec('tutorial=memory=256M,processes=64,cpu=50%,scratch=64m,network=off,user=1000:100'), {
      name: 'tutorial', sandbox: { memory: 256 * MiB, processes: 64, cpu: 50, scratch: 64 * MiB, network: false, user: 1000, group: 100 },
    });
    assert.deepEqual(parseSandboxSpec('t=memory=1G,network=on,user=1000'), { name: 't', sandbox: { memory: 1024 * MiB, network: true, user: 1000 } });
    assert.deepEqual(parseSandboxSpec(`t=memory=${32 * MiB}`), { name: 't', sandbox: { memory: 32 * MiB } });
  });

  it('names the profile and the bad key in every error', () => {
    const cases: Array<[string, string]> = [
      ['', '--sandbox must be NAME or NAME=LIMITS (like memory=256M,processes=64); got ""'],
      ['=memory=1G', '--sandbox must be NAME or NAME=LIMITS (like memory=256M,processes=64); got "=memory=1G"'],
      ['t=', '--sandbox t: unknown limit ""; the limits are memory, processes, cpu, scratch, network, user'],
      ['t=mem=1G', '--sandbox t: unknown limit "mem"; the limits are memory, processes, cpu, scratch, network, user'],
      ['t=constructor=1', '--sandbox t: unknown limit "constructor"; the limits are memory, processes, cpu, scratch, network, user'],
      ['t=memory', '--sandbox t: memory needs a value, like memory=256M'],
      ['t=processes=', '--sandbox t: processes needs a value, like processes=64'],
      ['t=memory=lots', '--sandbox t: memory must be a size like 256M (K, M, G, T: powers of 1024); got "lots"'],
      ['t=memory=256MB', '--sandbox t: memory must be a size like 256M (K, M, G, T: powers of 1024); got "256MB"'],
      ['t=memory=1K', '--sandbox t: memory must be 16M..1T; got "1K"'],
      ['t=memory=2T', '--sandbox t: memory must be 16M..1T; got "2T"'],
      ['t=scratch=512K', '--sandbox t: scratch must be 1M..1T; got "512K"'],
      ['t=processes=-1', '--sandbox t: processes must be an integer; got "-1"'],
      ['t=processes=3', '--sandbox t: processes must be 4..65536; got "3"'],
      ['t=cpu=half', '--sandbox t: cpu must be a percent of one core like 50; got "half"'],
      ['t=cpu=0', '--sandbox t: cpu must be 1..10000 (percent of one core); got "0"'],
      ['t=network=yes', '--sandbox t: network must be on or off; got "yes"'],
      ['t=user=nobody', '--sandbox t: user must be UID or UID:GID; got "nobody"'],
      ['t=user=0', '--sandbox t: user must be 1..4294967294 (a uid, not 0: root); got "0"'],
      ['t=user=1000:0', '--sandbox t: group must be 1..4294967294 (a gid, not 0: root); got "1000:0"'],
      ['t=cpu=5,cpu=6', '--sandbox t: cpu is given twice'],
    ];
    for (const [text, message] of cases) assert.throws(() => parseSandboxSpec(text), { name: 'Error', message }, text);
  });
});

describe('formatSize', () => {
  it('shows the largest whole unit', () => {
    assert.deepEqual([0, 1000, 1024, 3 * MiB, 1.5 * MiB, 2 ** 40].map(formatSize), ['0', '1000', '1K', '3M', '1536K', '1T']);
  });
});
