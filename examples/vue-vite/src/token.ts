/**
 * The token arrives in the address fragment (`#token=...`, printed by
 * `termplex-server`), is kept for this tab only, and leaves the address bar
 * so it is not shared by accident. A public site uses `ticket-url` instead.
 */
export function readToken(): string | undefined {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    sessionStorage.setItem('termplex-token', fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem('termplex-token') ?? undefined;
}
