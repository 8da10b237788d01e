/**
 * The terminal's colours come from CSS custom properties on the element (so a
 * page themes terminals the way it themes everything else), falling back to a
 * dark palette. The host's own background uses the same default, so the first
 * frame already has the terminal's colour.
 */
import type { ITheme } from '@xterm/xterm';

export const ANSI_COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;

export const DEFAULT_THEME = {
  background: '#1e1e2e',
  foreground: '#cdd6f4',
  cursor: '#f5e0dc',
  selectionBackground: '#585b70',
  black: '#45475a',
  red: '#f38ba8',
  green: '#a6e3a1',
  yellow: '#f9e2af',
  blue: '#89b4fa',
  magenta: '#f5c2e7',
  cyan: '#94e2d5',
  white: '#bac2de',
  brightBlack: '#585b70',
  brightRed: '#f38ba8',
  brightGreen: '#a6e3a1',
  brightYellow: '#f9e2af',
  brightBlue: '#89b4fa',
  brightMagenta: '#f5c2e7',
  brightCyan: '#94e2d5',
  brightWhite: '#a6adc8',
} satisfies ITheme;

export const DEFAULT_FONT_FAMILY = 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace';

const capitalised = (name: string) => name[0].toUpperCase() + name.slice(1);

/** [xterm theme key, CSS custom property] for every themeable colour. */
export const THEME_PROPERTIES: Array<[keyof typeof DEFAULT_THEME, string]> = [
  ['background', '--term-background'],
  ['foreground', '--term-foreground'],
  ['cursor', '--term-cursor'],
  ['selectionBackground', '--term-selection'],
  ...ANSI_COLOURS.map((c): [keyof typeof DEFAULT_THEME, string] => [c, `--term-${c}`]),
  ...ANSI_COLOURS.map((c): [keyof typeof DEFAULT_THEME, string] => [`bright${capitalised(c)}` as keyof typeof DEFAULT_THEME, `--term-bright-${c}`]),
];

export function readTheme(element: Element): ITheme {
  const style = getComputedStyle(element);
  const theme: ITheme = { ...DEFAULT_THEME };
  for (const [key, property] of THEME_PROPERTIES) {
    const value = style.getPropertyValue(property).trim();
    if (value) theme[key] = value;
  }
  theme.cursorAccent = theme.background;
  return theme;
}

export function readFontFamily(element: Element): string {
  return getComputedStyle(element).getPropertyValue('--term-font-family').trim() || DEFAULT_FONT_FAMILY;
}
