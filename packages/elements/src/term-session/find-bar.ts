/**
 * Search in the whole scrollback (xterm's search addon), and the small find
 * bar that drives it: Ctrl+Shift+F (Cmd+F on macOS) opens it, typing searches
 * upwards from the newest output, Enter and Shift+Enter step to the next
 * (downwards) and previous match, Escape closes it and gives the keys back
 * to the terminal. Matches are highlighted and counted only while the bar is
 * open, so a script's find() leaves no highlights behind.
 */
import { SearchAddon, type ISearchOptions } from '@xterm/addon-search';
import type { IDisposable, Terminal } from '@xterm/xterm';
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { countLabel, HIGHLIGHT_LIMIT, isFindKey, regexProblem, type FindOptions, type FindResults } from './find-query.js';
import type { KeyBindings } from './key-bindings.js';
import { matchDecorations } from './match-colours.js';

/** The element the bar lives in: it renders the bar and owns the terminal's focus. */
export interface FindBarHost {
  readonly renderRoot: ParentNode;
  readonly updateComplete: Promise<unknown>;
  requestUpdate(): void;
  /** Focuses the terminal. */
  focus(): void;
}

/**
 * `stay`: the current match if it still matches (after a toggle, or with a
 * longer term), else the one above it; with no current match, the newest.
 */
type Step = 'next' | 'previous' | 'stay';

export class FindBar {
  #terminal: Terminal | undefined;
  #addon: SearchAddon | undefined;
  #open = false;
  #text = '';
  #caseSensitive = false;
  #regex = false;
  #results: FindResults | undefined;
  #problem: string | undefined;

  constructor(private readonly host: FindBarHost) {}

  /** Loads the addon on a new terminal and claims the find key; everything returned goes with the terminal. */
  attach(terminal: Terminal, keys: KeyBindings): IDisposable[] {
    const addon = new SearchAddon({ highlightLimit: HIGHLIGHT_LIMIT });
    terminal.loadAddon(addon); // disposed by the terminal
    this.#terminal = terminal;
    this.#addon = addon;
    return [
      keys.add((event) => {
        if (!isFindKey(event)) return false;
        void this.open();
        return true;
      }),
      addon.onDidChangeResults(({ resultIndex, resultCount }) => {
        this.#results = { index: resultIndex, count: resultCount };
        this.host.requestUpdate();
      }),
      {
        dispose: () => {
          this.#terminal = this.#addon = this.#results = undefined;
          this.#open = false;
        },
      },
    ];
  }

  /** Opens the bar (or, open, selects its text) and focuses its input. */
  async open(): Promise<void> {
    const terminal = this.#terminal;
    if (!this.#open && terminal) {
      this.#open = true;
      // A one-line selection is what people usually want to find more of.
      const selected = terminal.hasSelection() ? terminal.getSelection() : '';
      if (!this.#text && !this.#regex && selected && !selected.includes('\n')) this.#text = selected;
      this.host.requestUpdate();
      await this.host.updateComplete;
      // A search made while closed drew no highlights; this one does (it reads their colours from the bar).
      if (this.#text && this.#open) this.#step('stay');
    }
    await this.host.updateComplete;
    const input = this.#input();
    input?.focus();
    input?.select();
  }

  /** Closes the bar and removes the highlights; the last match stays selected. `refocus`: give the keys back to the terminal. */
  close(refocus = this.#bar()?.matches(':focus-within') ?? false): void {
    if (!this.#open) return;
    this.#open = false;
    this.#results = undefined;
    this.#addon?.clearDecorations();
    this.host.requestUpdate();
    if (refocus) this.host.focus();
  }

  /** A script's search: the bar (open or not) takes on the same query, so opening it shows this search. */
  find(text: string, options: FindOptions = {}): boolean {
    if (options.regex) {
      const problem = regexProblem(text);
      if (problem) throw new SyntaxError(`find(): ${JSON.stringify(text)} is not a valid regular expression (${problem.replace(/^Invalid regular expression: /, '')})`);
    }
    this.#text = text;
    this.#caseSensitive = options.caseSensitive ?? false;
    this.#regex = options.regex ?? false;
    const found = this.#search(options.backwards ? 'previous' : 'next');
    this.host.requestUpdate();
    return found;
  }

  #search(step: Step): boolean {
    const terminal = this.#terminal;
    const addon = this.#addon;
    if (!terminal || !addon) return false;
    this.#problem = this.#regex && this.#text ? regexProblem(this.#text) : undefined;
    if (this.#problem || !this.#text) {
      addon.clearDecorations();
      terminal.clearSelection();
      this.#results = undefined;
      return false;
    }
    const options: ISearchOptions = { caseSensitive: this.#caseSensitive, regex: this.#regex };
    const bar = this.#bar();
    if (this.#open && bar) options.decorations = matchDecorations(bar);
    if (step === 'next') return addon.findNext(this.#text, options);
    // The addon steps past the selection only for the term it searched last; forgotten, it starts at the selection.
    if (step === 'stay') addon.clearDecorations();
    return addon.findPrevious(this.#text, options);
  }

  #bar(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>('[part~="find-bar"]');
  }

  #input(): HTMLInputElement | null {
    return this.host.renderRoot.querySelector<HTMLInputElement>('[part~="find-input"]');
  }

  #step(step: Step): void {
    this.#search(step);
    this.host.requestUpdate();
  }

  #typed = (event: Event) => {
    this.#text = (event.target as HTMLInputElement).value;
    this.#step('stay');
  };

  #toggle(option: 'case' | 'regex'): void {
    if (option === 'case') this.#caseSensitive = !this.#caseSensitive;
    else this.#regex = !this.#regex;
    this.#step('stay');
  }

  #keydown = (event: KeyboardEvent) => {
    if (event.isComposing) return; // Enter and Escape belong to the input method while it composes
    if (event.key === 'Escape') this.close(true);
    else if (event.key === 'Enter' && event.target === this.#input()) this.#step(event.shiftKey ? 'previous' : 'next');
    else if (isFindKey(event)) this.#input()?.select();
    else return;
    // The key was the bar's: not the page's (nor the browser's own find, for Cmd+F).
    event.preventDefault();
    event.stopPropagation();
  };

  /** Nothing while closed: a page of terminals nobody searches carries no bar in each shadow root. */
  render(): TemplateResult | typeof nothing {
    if (!this.#open) return nothing;
    const status = !this.#problem && this.#results ? countLabel(this.#results) : undefined;
    return html`<div part="find-bar" role="search" aria-label="Find in terminal" @keydown=${this.#keydown}>
      <div class="find-row">
        <input
          part="find-input"
          type="text"
          placeholder="Find"
          aria-label="Find"
          aria-invalid=${this.#problem ? 'true' : 'false'}
          autocomplete="off"
          spellcheck="false"
          .value=${live(this.#text)}
          @input=${this.#typed}
        />
        <span part="find-count" role="status">${status ?? nothing}</span>
        ${this.#toggleButton('case', 'Aa', 'Match case', this.#caseSensitive)}
        ${this.#toggleButton('regex', '.*', 'Regular expression', this.#regex)}
        ${this.#button('previous', '↑', 'Previous match', 'Shift+Enter', () => this.#step('previous'))}
        ${this.#button('next', '↓', 'Next match', 'Enter', () => this.#step('next'))}
        ${this.#button('close', '×', 'Close find', 'Escape', () => this.close(true))}
      </div>
      ${this.#problem ? html`<span part="find-error" role="alert">${this.#problem}</span>` : nothing}
    </div>`;
  }

  #toggleButton(option: 'case' | 'regex', glyph: string, label: string, pressed: boolean): TemplateResult {
    const press = () => this.#toggle(option);
    return html`<button part="find-button find-${option}" type="button" title=${label} aria-label=${label} aria-pressed=${pressed ? 'true' : 'false'} @click=${press}>${glyph}</button>`;
  }

  #button(name: string, glyph: string, label: string, key: string, click: () => void): TemplateResult {
    return html`<button part="find-button find-${name}" type="button" title="${label} (${key})" aria-label=${label} @click=${click}>${glyph}</button>`;
  }
}
