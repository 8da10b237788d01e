import { expect } from '@open-wc/testing';
import { countLabel, HIGHLIGHT_LIMIT, isFindKey, regexProblem } from './find-query.js';

const key = (init: KeyboardEventInit) => new KeyboardEvent('keydown', init);

describe('find query', () => {
  it('opens on Ctrl+Shift+F everywhere and Cmd+F on Apple, never on plain Ctrl+F (the shell\'s forward-char)', () => {
    for (const apple of [false, true]) {
      expect(isFindKey(key({ key: 'F', code: 'KeyF', ctrlKey: true, shiftKey: true }), apple), `Ctrl+Shift+F, apple=${apple}`).to.equal(true);
      expect(isFindKey(key({ key: 'f', code: 'KeyF', ctrlKey: true }), apple), `Ctrl+F, apple=${apple}`).to.equal(false);
      expect(isFindKey(key({ key: 'f', code: 'KeyF' }), apple), `F, apple=${apple}`).to.equal(false);
      expect(isFindKey(key({ key: 'F', code: 'KeyF', ctrlKey: true, shiftKey: true, altKey: true }), apple), `Ctrl+Alt+Shift+F, apple=${apple}`).to.equal(false);
    }
    expect(isFindKey(key({ key: 'f', code: 'KeyF', metaKey: true }), true)).to.equal(true);
    expect(isFindKey(key({ key: 'f', code: 'KeyF', metaKey: true }), false), 'Meta+F is the OS\'s elsewhere').to.equal(false);
    expect(isFindKey(key({ key: 'f', code: 'KeyF', metaKey: true, shiftKey: true }), true)).to.equal(false);
  });

  it('goes by the letter on Latin layouts and by the key\'s place on others', () => {
    // Dvorak: the key in QWERTY's F place types U, and F sits on QWERTY's Y.
    expect(isFindKey(key({ key: 'U', code: 'KeyF', ctrlKey: true, shiftKey: true }), false)).to.equal(false);
    expect(isFindKey(key({ key: 'F', code: 'KeyY', ctrlKey: true, shiftKey: true }), false)).to.equal(true);
    // Russian: the F key types А.
    expect(isFindKey(key({ key: 'А', code: 'KeyF', ctrlKey: true, shiftKey: true }), false)).to.equal(true);
  });

  it('says what is wrong with a regular expression, and nothing for a good one', () => {
    expect(regexProblem('(')).to.equal('Invalid regular expression: Unterminated group');
    expect(regexProblem('a{2,1}')).to.equal('Invalid regular expression: numbers out of order in {} quantifier');
    expect(regexProblem('[z-a]')).to.equal('Invalid regular expression: Range out of order in character class');
    for (const good of ['', 'plain', '^\\w+ NEEDLE$', 'a|b', '(?<name>x)\\k<name>']) expect(regexProblem(good), good).to.equal(undefined);
  });

  it('counts as people read it', () => {
    expect(countLabel({ index: 2, count: 12 })).to.equal('3 of 12');
    expect(countLabel({ index: 0, count: 1 })).to.equal('1 of 1');
    expect(countLabel({ index: -1, count: 0 })).to.equal('No results');
    expect(countLabel({ index: 4, count: HIGHLIGHT_LIMIT })).to.equal('5 of 1000+');
    expect(countLabel({ index: -1, count: HIGHLIGHT_LIMIT }), 'the current match is past the limit').to.equal('1000+ results');
    expect(countLabel({ index: -1, count: 1 })).to.equal('1 result');
  });
});
