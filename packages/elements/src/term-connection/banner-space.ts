/**
 * Room for the outage banner above the content, whatever layout the page
 * gives <term-connection> (block, or a grid or flex row of terminals): the
 * banner is absolutely placed, so it never becomes a grid cell or flex item
 * of the page's layout, and while it shows the host gets a top padding of its
 * height. A page's own padding on the element wins (the banner then overlaps
 * the content's top).
 */

/** pixels between the banner and the content below it. */
const GAP = 8;

export function reserveBannerSpace(root: ShadowRoot, banner: HTMLElement): () => void {
  const sheet = new CSSStyleSheet();
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  // Fires when the banner appears (display none -> box), wraps to another height, or hides.
  const observer = new ResizeObserver(() => {
    const height = banner.hidden ? 0 : banner.offsetHeight;
    sheet.replaceSync(height > 0 ? `:host { padding-top: ${height + GAP}px; }` : '');
  });
  observer.observe(banner);
  return () => {
    observer.disconnect();
    root.adoptedStyleSheets = root.adoptedStyleSheets.filter((other) => other !== sheet);
  };
}
