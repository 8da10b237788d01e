/**
 * With no `url`, a page talks to the server that served the bundle: a page
 * that loads http://host:7681/termplex.js connects to ws://host:7681/termplex.
 */
export const SOCKET_PATH = '/termplex';

export function socketUrlFor(moduleUrl: string): string {
  const url = new URL(SOCKET_PATH, moduleUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}
