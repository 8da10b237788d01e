/**
 * The terminal's colours: a named preset (`theme="dark|light|auto"`) with
 * CSS custom properties on the element on top (so a page themes terminals
 * the way it themes everything else, one colour or all of them). The host's
 * own background uses the same values, so the first frame already has the
 * terminal's colour.
 */
import type { ITheme } from '@xterm/xterm';
import { DARK_PALETTE, type Palette, type PresetName } from './theme-presets.js';

export const ANSI_COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;

/** The dark preset, used when the element names none. */
export const DEFAULT_THEME: Palette = DARK_PALETTE;

/** `auto` follows the reader's `prefers-color-scheme`. */
export const THEME_NAMES = ['dark', 'light', 'auto'] as const;
export type ThemeName = (typeof THEME_NAMES)[number];

export const DEFAULT_FONT_FAMILY = 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace';

const capitalised = (name: string) => name[0].toUpperCase() + name.slice(1);

/** [xterm theme key, CSS custom property] for every themeable colour. */
export const THEME_PROPERTIES: Array<[keyof Palette, string]> = [
  ['background', '--term-background'],
  ['foreground', '--term-foreground'],
  ['cursor', '--term-cursor'],
  ['selectionBackground', '--term-selection'],
  ...ANSI_COLOURS.map((c): [keyof Palette, string] => [c, `--term-${c}`]),
  ...ANSI_COLOURS.map((c): [keyof Palette, string] => [`bright${capitalised(c)}` as keyof Palette, `--term-bright-${c}`]),
];

const isThemeName = (value: unknown): value is ThemeName => (THEME_NAMES as readonly unknown[]).includes(value);

/** What is wrong with a `theme` value, in words; undefined when it is fine (absent or empty means dark). */
export function themeNameError(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '' || isThemeName(value)) return undefined;
  const got = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
  return `theme must be "dark", "light" or "auto", got ${got}`;
}

/** The preset a `theme` value selects; anything unknown is dark (themeNameError says why). */
export function presetName(value: unknown, prefersDark: () => boolean): PresetName {
  if (value === 'light') return 'light';
  if (value === 'auto') return prefersDark() ? 'dark' : 'light';
  return 'dark';
}

export function readTheme(element: Element, preset: Palette = DEFAULT_THEME): ITheme {
  const style = getComputedStyle(element);
  const theme: ITheme = { ...preset };
  for (const [key, property] of THEME_PROPERTIES) {
    const value = style.getPropertyValue(property).trim();
    if (value) theme[key] = value;
  }
  theme.cursorAccent = theme.background;
  return theme;
}

/** Same colours (as written: `red` and `#ff0000` differ, which at worst costs one repaint). */
export function sameTheme(a: ITheme, b: ITheme): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as Array<keyof ITheme>);
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

export function readFontFamily(element: Element): string {
  return getComputedStyle(element).getPropertyValue('--term-font-family').trim() || DEFAULT_FONT_FAMILY;
}
