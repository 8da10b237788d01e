/**
 * The colours search matches are drawn in. The find bar's stylesheet derives
 * them from the theme (find-bar.styles.ts keeps them in private custom
 * properties on the bar, so a page overrides them with `--term-find-*`). xterm
 * draws a decoration in `#RRGGBB` only, so whatever CSS colour a property
 * computes to (a color-mix(), a name, a translucent rgb()) is painted over the
 * terminal's background on a 1x1 canvas and read back.
 */
import type { ISearchOptions } from '@xterm/addon-search';
import { DEFAULT_THEME } from './theme.js';

export type MatchDecorations = NonNullable<ISearchOptions['decorations']>;

/** What the bar's stylesheet computes with no custom properties (30% and 55% of the yellow over the background). */
export const FALLBACK_COLOURS = { match: '#605955', activeMatch: '#968a75', activeMatchBorder: DEFAULT_THEME.yellow };

export function matchDecorations(bar: Element): MatchDecorations {
  const style = getComputedStyle(bar);
  const screen = toHex(style.getPropertyValue('--_find-screen'), DEFAULT_THEME.background) ?? DEFAULT_THEME.background;
  const read = (property: string, fallback: string): string => toHex(style.getPropertyValue(property), screen) ?? fallback;
  const match = read('--_find-match', FALLBACK_COLOURS.match);
  const activeMatch = read('--_find-active-match', FALLBACK_COLOURS.activeMatch);
  return {
    matchBackground: match,
    // `none` (the default) is no colour: no outline.
    matchBorder: toHex(style.getPropertyValue('--_find-match-border'), screen),
    matchOverviewRuler: match,
    activeMatchBackground: activeMatch,
    activeMatchBorder: read('--_find-active-match-border', FALLBACK_COLOURS.activeMatchBorder),
    activeMatchColorOverviewRuler: activeMatch,
  };
}

let context: CanvasRenderingContext2D | null | undefined;
const UNSET = 'rgba(0, 0, 0, 0)';

/** `colour` as `#rrggbb`, composited over `over` when translucent; undefined when it is not a CSS colour. */
export function toHex(colour: string, over: string): string | undefined {
  colour = colour.trim();
  if (!colour) return undefined;
  context ??= document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!context) return undefined;
  context.canvas.width = context.canvas.height = 1;
  context.fillStyle = over;
  context.fillRect(0, 0, 1, 1);
  // A value the canvas cannot parse leaves fillStyle as it was: start from one no real colour reads as.
  context.fillStyle = UNSET;
  context.fillStyle = colour;
  if (context.fillStyle === UNSET) return undefined;
  context.fillRect(0, 0, 1, 1);
  const [r, g, b] = context.getImageData(0, 0, 1, 1).data;
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
