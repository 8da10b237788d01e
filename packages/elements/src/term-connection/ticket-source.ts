/**
 * `ticket-url`: where the element gets a fresh ticket when its sessions need
 * one. The page's own backend answers a same-origin POST (with the page's
 * cookies) with JSON `{ticket}`, typically by calling POST /api/tickets with
 * the server token, which never reaches the browser. The resume credential
 * the server returns is kept per tab, so a reload re-attaches `persist`
 * sessions without a new ticket.
 */
import type { ResumeStore } from '../connection/credentials.js';
import { persistStore } from '../term-session/persist-store.js';

/** The URL resolved against the page, or a message saying why it cannot be used. */
export function ticketUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value, location.href);
  } catch {
    return `ticket-url must be a URL, got ${JSON.stringify(value)}`;
  }
  if (url.origin !== location.origin) return `ticket-url must be on this page's origin (${location.origin}), got ${url.origin}`;
  return undefined;
}

export function ticketFetcher(value: string): () => Promise<string> {
  return async () => {
    const response = await fetch(new URL(value, location.href), { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) throw new Error(`ticket-url answered HTTP ${response.status}`);
    const body = (await response.json().catch(() => undefined)) as { ticket?: unknown } | undefined;
    if (typeof body?.ticket !== 'string' || body.ticket.length === 0) throw new Error('ticket-url did not answer JSON {ticket: "..."}');
    return body.ticket;
  };
}

/** The resume credential of the connection to `url()`, in this tab's sessionStorage. */
export function resumeStore(url: () => string): ResumeStore {
  const key = () => `termplex:resume:${url()}`;
  return {
    get: () => persistStore.get(key()),
    set: (resume) => (resume === undefined ? persistStore.remove(key()) : persistStore.set(key(), resume)),
  };
}
