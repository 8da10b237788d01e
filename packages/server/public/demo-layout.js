// The demo's layout: the terminals side by side (one tall on the left, two
// stacked on the right) only when each still gets MIN_COLUMNS columns in the
// terminals' own font; otherwise one at a time, behind a strip of tabs.

/** columns: top's header line and less /etc/services fit without cutting or wrapping. */
const MIN_COLUMNS = 80;
/** rows: each of the two stacked panes must still show a useful screenful. */
const MIN_ROWS = 16;
/** pixels: a pane around its columns: the terminal's padding (2 x 6), xterm's scroll bar (14), the border, rounded up. */
const PANE_CHROME_X = 32;
/** pixels: a pane around its rows: its header (32), the terminal's padding (2 x 6), the border. */
const PANE_CHROME_Y = 48;
/** pixels: the gap between panes, as in demo.css. */
const GAP = 12;
/** <term-session>'s defaults, used until its first terminal exists and can be asked. */
const FALLBACK_FONT = { fontSize: 14, lineHeight: 1.1 };
const TAB_KEY = 'termplex:tab';

/** One cell of the terminal font, in CSS pixels, measured the way the browser will draw it. */
function measureCell({ fontFamily, fontSize, lineHeight }) {
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${fontSize}px ${fontFamily}`;
  const metrics = context.measureText('W'.repeat(100));
  return { width: metrics.width / 100, height: (metrics.fontBoundingBoxAscent + metrics.fontBoundingBoxDescent) * lineHeight };
}

/**
 * Lays out the panes of `workspace` (its `.pane` sections, each with a
 * `<term-session>`) and keeps doing so as it resizes. Returns the session the
 * user sees first: the first pane, or the open tab.
 */
export function layOut(workspace) {
  const panes = [...workspace.querySelectorAll('.pane')];
  const tabs = [...workspace.querySelectorAll('[role="tab"]')];
  const sessions = panes.map((pane) => pane.querySelector('term-session'));
  let active = Math.min(Number(sessionStorage.getItem(TAB_KEY)) || 0, panes.length - 1);

  function font() {
    const options = sessions[0].terminal?.options;
    const fontFamily = options?.fontFamily || getComputedStyle(sessions[0]).getPropertyValue('--term-font-family').trim() || 'monospace';
    return { ...FALLBACK_FONT, ...(options && { fontSize: options.fontSize, lineHeight: options.lineHeight }), fontFamily };
  }

  function choose() {
    const { clientWidth: width, clientHeight: height } = workspace;
    if (width === 0) return; // hidden: keep the last choice
    const cell = measureCell(font());
    const fitsColumns = (width - GAP) / 2 >= MIN_COLUMNS * cell.width + PANE_CHROME_X;
    const fitsRows = (height - GAP) / 2 >= MIN_ROWS * cell.height + PANE_CHROME_Y;
    workspace.dataset.layout = fitsColumns && fitsRows ? 'grid' : 'tabs';
    show();
  }

  function show() {
    const tabbed = workspace.dataset.layout === 'tabs';
    panes.forEach((pane, i) => {
      const hidden = tabbed && i !== active;
      pane.toggleAttribute('data-active', i === active);
      pane.inert = hidden;
      if (tabbed) pane.setAttribute('role', 'tabpanel');
      else pane.removeAttribute('role');
    });
    tabs.forEach((tab, i) => {
      tab.setAttribute('aria-selected', String(i === active));
      tab.tabIndex = i === active ? 0 : -1;
    });
  }

  function select(index) {
    active = (index + panes.length) % panes.length;
    sessionStorage.setItem(TAB_KEY, String(active));
    show();
  }

  tabs.forEach((tab, i) => {
    // A click means "let me type there"; arrow keys move along the strip.
    tab.addEventListener('click', () => (select(i), sessions[i].focus()));
  });
  workspace.querySelector('[role="tablist"]').addEventListener('keydown', (event) => {
    const moves = { ArrowLeft: active - 1, ArrowRight: active + 1, Home: 0, End: panes.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    select(moves[event.key]);
    tabs[active].focus();
  });
  // Clicking into a pane (grid) makes it the tab shown if the window narrows.
  workspace.addEventListener('focusin', (event) => {
    const i = sessions.indexOf(event.target.closest?.('term-session'));
    if (i >= 0 && i !== active && workspace.dataset.layout === 'grid') select(i);
  });

  new ResizeObserver(choose).observe(workspace);
  // The first terminal knows its real font once it has rendered.
  void sessions[0].updateComplete.then(choose);
  choose();
  return { first: () => sessions[workspace.dataset.layout === 'tabs' ? active : 0] };
}
