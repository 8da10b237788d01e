/**
 * Links in terminal output are attacker-controlled text. Only http(s) opens,
 * always in a new context with no `opener` (no reverse tabnabbing) and no
 * referrer. Which click opens one is link-hint.ts's business.
 */
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
