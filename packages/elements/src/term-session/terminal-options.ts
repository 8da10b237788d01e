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
}

export const DEFAULT_FONT_SIZE = 14;
export const DEFAULT_SCROLLBACK = 1000;
/** px: below 4 nothing is legible, above 128 a single cell fills a screen. */
export const FONT_SIZE_BOUNDS = [4, 128] as const;
/** lines: xterm keeps every scrollback line in memory; 100,000 is already tens of MB. */
export const SCROLLBACK_BOUNDS = [0, 100_000] as const;

export const OPTION_ATTRIBUTES = ['fontSize', 'fontFamily', 'scrollback', 'screenReader'] as const;
export type OptionAttribute = (typeof OPTION_ATTRIBUTES)[number];

function readInt(name: string, value: unknown, [min, max]: readonly [number, number], fallback: number, report: (message: string) => void): number {
  if (value === undefined || value === null || value === '') return fallback;
  const result = boundedInt(name, value, min, max);
  if (result.ok) return result.value;
  report(result.message);
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
  }
  return options;
}
