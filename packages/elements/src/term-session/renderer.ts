/**
 * Which renderer draws one terminal. `dom` is xterm's own. `webgl` loads
 * @xterm/addon-webgl once the page's budget (webgl-budget.ts) has a slot,
 * and falls back to the DOM renderer by itself: when WebGL is unavailable
 * (the addon throws on load), when the context is lost for good (the addon
 * waits 3 s for the browser to restore it, then gives up), and while every
 * slot is taken (it upgrades when one frees). The renderer drawing now is
 * written to the host's `active-renderer` attribute, for tests and CSS.
 */
import { WebglAddon } from '@xterm/addon-webgl';
import type { Terminal } from '@xterm/xterm';
import type { Disposable } from '../disposables.js';
import { webglBudget, type BudgetHolder, type WebglBudget } from './webgl-budget.js';

export const RENDERERS = ['dom', 'webgl'] as const;
export type Renderer = (typeof RENDERERS)[number];

/** The renderer an attribute value names; a bad one is reported (naming the allowed values) and `dom` used. */
export function rendererName(value: unknown, report: (message: string) => void): Renderer {
  if (value === undefined || value === null || value === '') return 'dom';
  if (RENDERERS.includes(value as Renderer)) return value as Renderer;
  const got = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
  report(`renderer must be "dom" or "webgl", got ${got}`);
  return 'dom';
}

export interface RendererOptions {
  /** Gets the `active-renderer` attribute. */
  host: Element;
  /** A bad `renderer` value, in words. */
  report(message: string): void;
  /** The renderer changed: cell sizes differ between the two (WebGL rounds to device pixels), so the terminal refits. */
  switched(): void;
  budget?: WebglBudget;
}

export class TerminalRenderer implements Disposable {
  #active: Renderer = 'dom';
  #wanted: Renderer = 'dom';
  /** The last value given to use(); Lit hands the same one over again on the first update. */
  #value: unknown;
  #used = false;
  #disposed = false;
  #addon: WebglAddon | undefined;
  #gl: WebGL2RenderingContext | undefined;
  readonly #holder: BudgetHolder = { granted: () => this.#load() };
  readonly #budget: WebglBudget;

  constructor(
    private readonly terminal: Terminal,
    private readonly options: RendererOptions,
  ) {
    this.#budget = options.budget ?? webglBudget;
    options.host.setAttribute('active-renderer', this.#active);
  }

  /** The renderer drawing now. */
  get active(): Renderer {
    return this.#active;
  }

  /**
   * The `renderer` attribute's value. The same value again does nothing, so
   * after a lost context `webgl` is tried again only once the attribute
   * changes (to `dom` and back).
   */
  use(value: unknown): void {
    if (this.#disposed || (this.#used && Object.is(value, this.#value))) return;
    this.#used = true;
    this.#value = value;
    const wanted = rendererName(value, this.options.report);
    if (wanted === this.#wanted) return;
    this.#wanted = wanted;
    if (wanted === 'dom') this.#drop();
    else if (this.#budget.request(this.#holder)) this.#load();
  }

  dispose(): void {
    this.#disposed = true;
    this.#drop();
    this.options.host.removeAttribute('active-renderer');
  }

  #load(): void {
    if (this.#disposed || this.#addon) return;
    const before = new Set(this.terminal.element?.querySelectorAll('canvas'));
    let addon: WebglAddon | undefined;
    try {
      addon = new WebglAddon();
      this.terminal.loadAddon(addon);
    } catch {
      // No WebGL2 here (disabled, blocklisted GPU, no GPU process): the DOM renderer stays.
      addon?.dispose();
      this.#budget.release(this.#holder);
      return;
    }
    this.#addon = addon;
    this.#gl = glOf([...(this.terminal.element?.querySelectorAll('canvas') ?? [])].filter((canvas) => !before.has(canvas)));
    addon.onContextLoss(() => this.#drop());
    this.#show('webgl');
  }

  /** Back to the DOM renderer (xterm restores it when the addon goes); the slot goes to the next in line. */
  #drop(): void {
    const gl = this.#gl;
    this.#addon?.dispose();
    this.#addon = this.#gl = undefined;
    // A dropped canvas keeps counting against the browser's cap until it is
    // garbage-collected, and past the cap the browser takes the oldest
    // context, which may be a live terminal's: give this one back now.
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    this.#budget.release(this.#holder);
    this.#show('dom');
  }

  #show(active: Renderer): void {
    if (active === this.#active) return;
    this.#active = active;
    if (this.#disposed) return;
    this.options.host.setAttribute('active-renderer', active);
    this.options.switched();
  }
}

/**
 * The WebGL context among the canvases the addon added. Its 2D layers carry
 * a class (`xterm-link-layer`) and its WebGL canvas none; asking a canvas
 * that has no context yet for one would create it, so only that one is asked.
 */
function glOf(canvases: HTMLCanvasElement[]): WebGL2RenderingContext | undefined {
  for (const canvas of canvases) {
    const gl = canvas.className ? null : canvas.getContext('webgl2');
    if (gl) return gl;
  }
  return undefined;
}
