import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DARK_PALETTE, LIGHT_PALETTE, THEME_PRESETS, type Palette } from './theme-presets.js';

/** WCAG 2.x relative luminance of an sRGB `#rrggbb` colour. */
function luminance(hex: string): number {
  assert.match(hex, /^#[0-9a-f]{6}$/i, `presets are #rrggbb, got ${hex}`);
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio, 1..21, whichever colour is lighter. */
function contrast(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (lighter + 0.05) / (darker + 0.05);
}

const ANSI: Array<keyof Palette> = [
  'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white',
  'brightBlack', 'brightRed', 'brightGreen', 'brightYellow', 'brightBlue', 'brightMagenta', 'brightCyan', 'brightWhite',
];

describe('theme presets', () => {
  it('computes contrast the way WCAG does', () => {
    assert.equal(contrast('#000000', '#ffffff'), 21);
    assert.equal(contrast('#777777', '#777777'), 1);
    assert.equal(contrast('#767676', '#ffffff').toFixed(2), '4.54', 'the well-known AA grey on white');
  });

  it('light: every one of the 16 ANSI colours reads at 3:1 or more on the background', () => {
    const failing = ANSI.map((name) => ({ name, ratio: contrast(LIGHT_PALETTE[name], LIGHT_PALETTE.background) })).filter(({ ratio }) => ratio < 3);
    assert.deepEqual(failing, []);
  });

  it('light: body text and text under the cursor and selection meet 4.5:1', () => {
    const { background, foreground, cursor, selectionBackground } = LIGHT_PALETTE;
    assert.ok(contrast(foreground, background) >= 4.5);
    assert.ok(contrast(background, cursor) >= 4.5, 'the cursor accent is the background');
    assert.ok(contrast(foreground, selectionBackground) >= 4.5);
  });

  it('dark is the palette termplex always had', () => {
    assert.equal(DARK_PALETTE.background, '#1e1e2e');
    assert.equal(DARK_PALETTE.yellow, '#f9e2af');
    assert.equal(DARK_PALETTE.brightWhite, '#a6adc8');
  });

  it('every preset is complete: 16 colours, background, foreground, cursor, selection', () => {
    for (const [name, palette] of Object.entries(THEME_PRESETS)) {
      assert.equal(Object.keys(palette).length, 20, name);
      for (const key of ANSI) assert.ok(palette[key], `${name}.${key}`);
    }
  });
});
