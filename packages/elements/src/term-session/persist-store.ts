/**
 * `persist`: a session id survives a reload in sessionStorage (per tab), keyed
 * by the page path and the element's id, or its position among the page's
 * <term-session> elements when it has none.
 */
const PREFIX = 'termplex:session:';

export function persistKey(element: Element): string {
  const where = `${PREFIX}${location.pathname}`;
  if (element.id) return `${where}#${element.id}`;
  const root = element.getRootNode() as Document | ShadowRoot;
  return `${where}@${[...root.querySelectorAll('term-session')].findIndex((candidate) => candidate === element)}`;
}

// sessionStorage throws in sandboxed frames and with storage disabled: persistence is then off.
export const persistStore = {
  get(key: string): string | undefined {
    try {
      return sessionStorage.getItem(key) ?? undefined;
    } catch {
      return undefined;
    }
  },
  set(key: string, sessionId: string): void {
    try {
      sessionStorage.setItem(key, sessionId);
    } catch {
      // persistence unavailable
    }
  },
  remove(key: string): void {
    try {
      sessionStorage.removeItem(key);
    } catch {
      // persistence unavailable
    }
  },
};
