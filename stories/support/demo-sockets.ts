/**
 * Two helpers the connection-state stories need, installed on this frame's
 * WebSocket constructor:
 *
 *  - Real sockets are counted and can be dropped, to show that three
 *    terminals share one socket and what a dropped connection looks like.
 *  - "Server away": every real socket drops, and every new one fails at once
 *    (as if nothing listened), until the server is "back".
 *  - URLs on the reserved host `scripted.termplex.invalid` get a scripted
 *    socket that never touches the network: `/never-answers` stays in the
 *    handshake forever (the "connecting" state, which a real server passes
 *    through too quickly to look at). Every other URL is a real WebSocket.
 */
export const SCRIPTED_HOST = 'scripted.termplex.invalid';

const RealWebSocket = window.WebSocket;
const live = new Set<WebSocket>();
let created = 0;
let away = false;

/** A socket whose handshake never completes; it only ever closes when told to. */
class NeverAnsweringSocket extends EventTarget {
  binaryType = 'arraybuffer';
  readonly protocol = '';
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;

  send(): void {
    throw new DOMException('still connecting', 'InvalidStateError');
  }

  close(code = 1006, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

class StoryWebSocket extends RealWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    if (new URL(url).hostname === SCRIPTED_HOST) {
      // A constructor may return another object; this one has the slice of the API termplex uses.
      return new NeverAnsweringSocket() as unknown as StoryWebSocket;
    }
    if (away) {
      // A refused connection: it fails on its own, a moment later, the way a browser reports one.
      const refused = new NeverAnsweringSocket();
      setTimeout(() => refused.close(1006), 0);
      return refused as unknown as StoryWebSocket;
    }
    super(url, protocols);
    created++;
    live.add(this);
    this.addEventListener('close', () => live.delete(this));
  }
}

if (window.WebSocket === RealWebSocket) window.WebSocket = StoryWebSocket;

/** Real WebSockets this frame has opened so far. */
export function socketsCreated(): number {
  return created;
}

/** Closes every open real socket, as a network blip or a restarted proxy would. */
export function dropSockets(): void {
  for (const socket of live) socket.close(4000, 'dropped by the story');
}

/** While away, the page's sockets are dropped and every new one fails; false brings the server back. */
export function setServerAway(value: boolean): void {
  away = value;
  if (away) dropSockets();
}
