/**
 * Compiled by `npm test`'s type-check, never run: the README's event
 * examples type-check as written, on document and window (the events bubble
 * and are composed, so a page listens there), as well as on the elements.
 */
import '@termplex/elements';

document.addEventListener('term-session-exit', (e) => console.log('exited', e.detail.code, e.detail.signal));
document.addEventListener('term-connection-state', (e) => console.log(e.detail.state, e.detail.error?.code));
window.addEventListener('term-session-open', (e) => console.log(e.detail.sessionId));
window.addEventListener('term-title-change', (e) => console.log(e.detail.title));
document.querySelector('term-session')?.addEventListener('term-session-error', (e) => console.log(e.detail.code, e.detail.message));
document.body.addEventListener('term-bell', (e) => console.log(e.detail));

const code: number | null = (new CustomEvent('term-session-exit', { detail: { code: 0, signal: null } }) as DocumentEventMap['term-session-exit']).detail.code;
void code;
