/**
 * Links in terminal output are attacker-controlled text. Only http(s) opens,
 * always in a new context with no `opener` (no reverse tabnabbing) and no referrer.
 */
import type { ILinkHandler } from '@xterm/xterm';

export function openSafeLink(_event: MouseEvent | undefined, uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
  window.open(url.href, '_blank', 'noopener,noreferrer');
}

/** For OSC 8 hyperlinks (xterm's `linkHandler` option); plain-text URLs go through the web-links addon. */
export const safeLinkHandler: ILinkHandler = {
  activate: (event, text) => openSafeLink(event, text),
  allowNonHttpProtocols: false,
};
