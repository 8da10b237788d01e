/**
 * Attribute values that become xterm options. A bad value is reported (the
 * message names the attribute and its bound) and the default is used, so a
 * typo leaves a working terminal.
 */
import type { ITerminalOptions } from '@xterm/xterm';
import { boundedInt } from '../connection/bounded-int.js';

export interface OptionAttributes {
  fontSize: unknown;
  fontFamily: string | undefined;
  scrollback: unknown;
  screenReader: boolean;
  minimumContrastRatio: unknown;
}

export const DEFAULT_FONT_SIZE = 14;
export const DEFAULT_SCROLLBACK = 1000;
/** px: below 4 nothing is legible, above 128 a single cell fills a screen. */
export const FONT_SIZE_BOUNDS = [4, 128] as const;
/** lines: xterm keeps every scrollback line in memory; 100,000 is already tens of MB. */
export const SCROLLBACK_BOUNDS = [0, 100_000] as const;

/**
 * WCAG contrast ratio below which xterm darkens or lightens a character's
 * colour against its cell's background (dim text gets half). 3 is WCAG's
 * floor for large text and UI parts: enough to rescue colours that vanish
 * (the dark preset's yellow on a page's white `--term-background`, its own
 * black on its background) while both presets' other colours stay exactly
 * as designed. 4.5 (body text) would also recolour five of the light
 * preset's bright colours; 1 turns the adjustment off.
 * The cost, until xterm fixes it (xterm.js 6.0 DOM renderer; WebGL is
 * right): reverse video in the default colours (`less`'s status line, a
 * shell's paste highlight) is compared against itself and drawn at exactly
 * this ratio, 3:1 instead of the presets' 11:1 to 16:1. Still readable; at 1 it is
 * drawn as the theme says.
 */
export const DEFAULT_MINIMUM_CONTRAST_RATIO = 3;
/** 1 (no adjustment) ..21 (black on white): the whole range of WCAG ratios. */
export const CONTRAST_RATIO_BOUNDS = [1, 21] as const;

export const OPTION_ATTRIBUTES = ['fontSize', 'fontFamily', 'scrollback', 'screenReader', 'minimumContrastRatio'] as const;
export type OptionAttribute = (typeof OPTION_ATTRIBUTES)[number];

function readInt(name: string, value: unknown, [min, max]: readonly [number, number], fallback: number, report: (message: string) => void): number {
  if (value === undefined || value === null || value === '') return fallback;
  const result = boundedInt(name, value, min, max);
  if (result.ok) return result.value;
  report(result.message);
  return fallback;
}

function readRatio(name: string, value: unknown, [min, max]: readonly [number, number], fallback: number, report: (message: string) => void): number {
  if (value === undefined || value === null || value === '') return fallback;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isFinite(number) && number >= min && number <= max) return number;
  report(`${name} must be a number ${min}..${max}, got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value)}`);
  return fallback;
}

/** The xterm options for the `names` given (all by default); only those are read and reported. */
export function terminalOptions(
  attributes: OptionAttributes,
  fallbackFontFamily: string,
  report: (message: string) => void,
  names: Iterable<OptionAttribute> = OPTION_ATTRIBUTES,
): ITerminalOptions {
  const options: ITerminalOptions = {};
  for (const name of names) {
    if (name === 'fontSize') options.fontSize = readInt('font-size', attributes.fontSize, FONT_SIZE_BOUNDS, DEFAULT_FONT_SIZE, report);
    if (name === 'scrollback') options.scrollback = readInt('scrollback', attributes.scrollback, SCROLLBACK_BOUNDS, DEFAULT_SCROLLBACK, report);
    if (name === 'fontFamily') options.fontFamily = attributes.fontFamily?.trim() || fallbackFontFamily;
    if (name === 'screenReader') options.screenReaderMode = attributes.screenReader;
    if (name === 'minimumContrastRatio') {
      options.minimumContrastRatio = readRatio('minimum-contrast-ratio', attributes.minimumContrastRatio, CONTRAST_RATIO_BOUNDS, DEFAULT_MINIMUM_CONTRAST_RATIO, report);
    }
  }
  return options;
}
