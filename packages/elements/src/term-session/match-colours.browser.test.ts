import { expect } from '@open-wc/testing';
import { findBarStyles } from './find-bar.styles.js';
import { FALLBACK_COLOURS, matchDecorations, toHex } from './match-colours.js';

describe('match colours', () => {
  it('turns any CSS colour into the #rrggbb xterm needs, blending translucent ones over the background', () => {
    expect(toHex('#AbCdEf', '#000000')).to.equal('#abcdef');
    expect(toHex('rebeccapurple', '#000000')).to.equal('#663399');
    expect(toHex('rgb(255 0 0 / 0.5)', '#0000ff')).to.match(/^#(7f|80)00(7f|80)$/);
    expect(toHex('color-mix(in srgb, #ffffff 50%, #000000)', '#000000')).to.match(/^#(7f|80){3}$/);
  });

  it('says when a value is no colour at all', () => {
    for (const bad of ['', '  ', 'not-a-colour', 'var(--x)', '#12']) expect(toHex(bad, '#000000'), bad).to.equal(undefined);
  });

  it('reads the bar\'s private properties, so the page\'s --term-find-* and theme colours reach the highlights', () => {
    const bar = document.createElement('div');
    bar.style.setProperty('--_find-screen', '#000000');
    bar.style.setProperty('--_find-match', '#123456');
    bar.style.setProperty('--_find-match-border', 'red');
    bar.style.setProperty('--_find-active-match', 'rgb(255 255 255 / 0.5)');
    bar.style.setProperty('--_find-active-match-border', 'nonsense');
    document.body.append(bar);
    try {
      const decorations = matchDecorations(bar);
      expect(decorations.matchBackground).to.equal('#123456');
      expect(decorations.matchOverviewRuler).to.equal('#123456');
      expect(decorations.matchBorder).to.equal('#ff0000');
      expect(decorations.activeMatchBackground, 'half white over the black screen').to.match(/^#(7f|80){3}$/);
      expect(decorations.activeMatchBorder, 'a bad value falls back to the default').to.match(/^#[0-9a-f]{6}$/);
    } finally {
      bar.remove();
    }
  });
});

describe('match colours from the theme', () => {
  /** A bar styled by the real stylesheet, in a shadow root of its own, with `style` on the host. */
  function styledBar(style: string): { bar: HTMLElement; remove(): void } {
    const host = document.createElement('div');
    host.setAttribute('style', style);
    const root = host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [findBarStyles.styleSheet!];
    root.innerHTML = '<div part="find-bar"></div>';
    document.body.append(host);
    return { bar: root.querySelector('div')!, remove: () => host.remove() };
  }

  it('derives them from --term-yellow and --term-background, and the fallbacks agree with the stylesheet', () => {
    const plain = styledBar('');
    const themed = styledBar('--term-yellow: #ffffff; --term-background: #000000');
    const overridden = styledBar('--term-find-match: #010203; --term-find-match-border: #040506; --term-find-active-match: #070809; --term-find-active-match-border: #0a0b0c');
    try {
      expect(matchDecorations(plain.bar)).to.deep.include({
        matchBackground: FALLBACK_COLOURS.match,
        matchBorder: undefined,
        activeMatchBackground: FALLBACK_COLOURS.activeMatch,
        activeMatchBorder: FALLBACK_COLOURS.activeMatchBorder,
      });
      const grey = matchDecorations(themed.bar);
      expect([grey.matchBackground, grey.activeMatchBackground, grey.activeMatchBorder]).to.deep.equal(['#4d4d4d', '#8c8c8c', '#ffffff']);
      expect(matchDecorations(overridden.bar)).to.deep.include({ matchBackground: '#010203', matchBorder: '#040506', activeMatchBackground: '#070809', activeMatchBorder: '#0a0b0c' });
    } finally {
      plain.remove();
      themed.remove();
      overridden.remove();
    }
  });
});
