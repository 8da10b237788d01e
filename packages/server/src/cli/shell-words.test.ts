import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitShellWords } from './shell-words.js';

describe('splitShellWords', () => {
  it('splits like a shell, honouring quotes and escapes, expanding nothing', () => {
    assert.deepEqual(splitShellWords('bash --norc -i'), ['bash', '--norc', '-i']);
    assert.deepEqual(splitShellWords(`  python3  -c 'print("a b")' `), ['python3', '-c', 'print("a b")']);
    assert.deepEqual(splitShellWords(`sh -c "echo \\"hi\\" \\$HOME"`), ['sh', '-c', 'echo "hi" $HOME']);
    assert.deepEqual(splitShellWords(`a\\ b c''d ""`), ['a b', 'cd', '']);
    assert.deepEqual(splitShellWords('echo $HOME *'), ['echo', '$HOME', '*']);
  });

  it('rejects unterminated quotes and a trailing backslash', () => {
    assert.throws(() => splitShellWords(`a 'b`), { message: 'unterminated single quote' });
    assert.throws(() => splitShellWords(`a "b`), { message: 'unterminated double quote' });
    assert.throws(() => splitShellWords('a \\'), { message: 'trailing backslash' });
  });
});
