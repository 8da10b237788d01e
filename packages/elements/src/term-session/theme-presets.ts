/**
 * The named palettes `theme="dark|light"` selects. Each is complete (the 16
 * ANSI colours, background, foreground, cursor, selection), so a page that
 * overrides a few `--term-*` properties on top still gets readable colours
 * for the rest. No DOM here: the contrast test runs in Node.
 */
import type { ITheme } from '@xterm/xterm';

export type Palette = Required<
  Pick<
    ITheme,
    | 'background' | 'foreground' | 'cursor' | 'selectionBackground'
    | 'black' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white'
    | 'brightBlack' | 'brightRed' | 'brightGreen' | 'brightYellow' | 'brightBlue' | 'brightMagenta' | 'brightCyan' | 'brightWhite'
  >
>;

/** Catppuccin Mocha: the palette termplex always had, unchanged. */
export const DARK_PALETTE: Palette = {
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
};

/**
 * For white pages, after GitHub Light. Every ANSI colour, `white` and
 * `bright-white` included, has at least 3:1 contrast on the background
 * (theme-presets.test.ts computes it), because programs print all 16 as
 * text: a light theme's "white" has to be a grey you can still read. The
 * bright colours are the lighter, more vivid ones, as on a dark palette.
 */
export const LIGHT_PALETTE: Palette = {
  background: '#ffffff',
  foreground: '#1f2328',
  cursor: '#0969da',
  selectionBackground: '#b6e3ff',
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#7d4e00',
  blue: '#0969da',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#e5534b',
  brightGreen: '#1a7f37',
  brightYellow: '#946300',
  brightBlue: '#218bff',
  brightMagenta: '#a475f9',
  brightCyan: '#3192aa',
  brightWhite: '#848d97',
};

export const THEME_PRESETS = { dark: DARK_PALETTE, light: LIGHT_PALETTE } as const;
export type PresetName = keyof typeof THEME_PRESETS;
