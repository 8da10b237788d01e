import { expect } from '@open-wc/testing';
import { DEFAULT_FONT_FAMILY, DEFAULT_THEME, THEME_PROPERTIES, readFontFamily, readTheme } from './theme.js';

describe('theme from CSS custom properties', () => {
  it('covers the documented properties: background, foreground, cursor, selection and 16 ANSI colours', () => {
    expect(THEME_PROPERTIES.length).to.equal(20);
    expect(THEME_PROPERTIES.map(([, property]) => property)).to.include.members(['--term-background', '--term-bright-white', '--term-magenta', '--term-selection']);
  });

  it('reads each property set on the element and falls back to the default palette', () => {
    const element = document.createElement('div');
    element.style.setProperty('--term-background', '#010203');
    element.style.setProperty('--term-bright-red', 'rgb(9, 8, 7)');
    element.style.setProperty('--term-font-family', 'Fira Code, monospace');
    document.body.append(element);
    try {
      const theme = readTheme(element);
      expect(theme.background).to.equal('#010203');
      expect(theme.cursorAccent).to.equal('#010203');
      expect(theme.brightRed).to.equal('rgb(9, 8, 7)');
      expect(theme.green).to.equal(DEFAULT_THEME.green);
      expect(readFontFamily(element)).to.equal('Fira Code, monospace');
      element.style.removeProperty('--term-font-family');
      expect(readFontFamily(element)).to.equal(DEFAULT_FONT_FAMILY);
    } finally {
      element.remove();
    }
  });
});
