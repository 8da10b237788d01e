import { expect, waitUntil } from '@open-wc/testing';
import type { ITheme } from '@xterm/xterm';
import { LIGHT_PALETTE } from './theme-presets.js';
import { DEFAULT_FONT_FAMILY, DEFAULT_THEME, THEME_PROPERTIES, presetName, readFontFamily, readTheme, sameTheme, themeNameError } from './theme.js';
import { ThemeWatch } from './theme-watch.js';

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

describe('theme presets and names', () => {
  it('names the allowed values for a bad theme, and accepts the good ones and none', () => {
    expect(themeNameError('solarized')).to.equal('theme must be "dark", "light" or "auto", got "solarized"');
    expect(themeNameError('Light')).to.equal('theme must be "dark", "light" or "auto", got "Light"');
    for (const good of ['dark', 'light', 'auto', '', undefined]) expect(themeNameError(good), String(good)).to.equal(undefined);
  });

  it('picks the preset: auto by the colour scheme, anything unknown dark', () => {
    expect(presetName('light', () => true)).to.equal('light');
    expect(presetName('auto', () => true)).to.equal('dark');
    expect(presetName('auto', () => false)).to.equal('light');
    expect(presetName('solarized', () => false)).to.equal('dark');
    expect(presetName(undefined, () => false)).to.equal('dark');
  });

  it('reads custom properties over the preset given', () => {
    const element = document.createElement('div');
    element.style.setProperty('--term-red', '#aa0000');
    document.body.append(element);
    try {
      const theme = readTheme(element, LIGHT_PALETTE);
      expect(theme.red).to.equal('#aa0000');
      expect(theme.yellow).to.equal(LIGHT_PALETTE.yellow);
      expect(theme.cursorAccent).to.equal(LIGHT_PALETTE.background);
    } finally {
      element.remove();
    }
  });

  it('compares themes by colour, including keys only one of them has', () => {
    expect(sameTheme({ ...DEFAULT_THEME }, { ...DEFAULT_THEME })).to.equal(true);
    expect(sameTheme(DEFAULT_THEME, { ...DEFAULT_THEME, red: '#000000' })).to.equal(false);
    expect(sameTheme(DEFAULT_THEME, { ...DEFAULT_THEME, cursorAccent: '#000000' })).to.equal(false);
  });
});

describe('ThemeWatch', () => {
  it('coalesces many changes in one frame into one re-read and one apply, and stops when disposed', async () => {
    const host = document.createElement('div');
    const sentinel = host.appendChild(document.createElement('div'));
    document.body.append(host);
    const applied: ITheme[] = [];
    let reads = 0; // the watcher asks for the `theme` value on each read
    const watch = new ThemeWatch(host, sentinel, () => (reads++, undefined), (theme) => applied.push(theme));
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    try {
      expect(watch.theme.background).to.equal(DEFAULT_THEME.background);
      await frame();
      for (const [i, colour] of ['red', 'green', 'blue', 'cyan', 'magenta'].entries()) {
        host.style.setProperty(`--term-${colour}`, `#00000${i}`);
        getComputedStyle(sentinel).getPropertyValue('--term-red'); // a style recalc per change: five transitionruns
      }
      await waitUntil(() => applied.length > 0, 'never applied');
      await frame();
      expect(reads, 'one read at creation, one for the five changes').to.equal(2);
      expect(applied.length).to.equal(1);
      expect(applied[0].magenta).to.equal('#000004');
      watch.dispose();
      expect(sentinel.style.transition).to.equal('');
      host.style.setProperty('--term-red', '#ffffff');
      await frame();
      expect(applied.length).to.equal(1);
    } finally {
      watch.dispose();
      host.remove();
    }
  });
});
