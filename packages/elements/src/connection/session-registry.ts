/**
 * The sessions registered on one connection, found by the client's `ref`
 * until the server answers `open`, then by the channel it assigned. Routes
 * every server message to the one session it belongs to.
 */
import type { OpenMessage, ProtocolError, ServerMessage } from '@termplex/protocol';
import type { SessionChannel } from './session-channel.js';

type ChannelMessage = Extract<ServerMessage, { type: 'opened' | 'lost' | 'snapshot' | 'size' | 'exit' | 'closed' }>;

export class SessionRegistry {
  readonly #sessions = new Set<SessionChannel>();
  readonly #byRef = new Map<number, SessionChannel>();
  readonly #byChannel = new Map<number, SessionChannel>();
  // Refs are never reused on a connection, so a late answer cannot reach the wrong session.
  #nextRef = 1;

  get size(): number {
    return this.#sessions.size;
  }

  all(): SessionChannel[] {
    return [...this.#sessions];
  }

  add(session: SessionChannel): void {
    this.#sessions.add(session);
  }

  release(session: SessionChannel): void {
    this.#sessions.delete(session);
    if (session.ref !== undefined) this.#byRef.delete(session.ref);
    if (session.channel !== undefined) this.#byChannel.delete(session.channel);
  }

  /** The `open` message that attaches `session` (again). */
  attach(session: SessionChannel): OpenMessage {
    const ref = this.#nextRef++;
    this.#byRef.set(ref, session);
    return session.openMessage(ref);
  }

  /** The socket is gone: no channel or ref means anything any more. */
  detachAll(): void {
    this.#byRef.clear();
    this.#byChannel.clear();
    for (const session of this.all()) session.onDetached();
  }

  output(channel: number, data: Uint8Array): void {
    // Output for a channel already released (closed or exited) is dropped quietly.
    this.#byChannel.get(channel)?.onOutput(data);
  }

  snapshot(channel: number, data: Uint8Array): void {
    this.#byChannel.get(channel)?.onSnapshot(data);
  }

  route(message: ChannelMessage): void {
    if (message.type === 'opened') {
      const session = this.#byRef.get(message.ref);
      this.#byRef.delete(message.ref);
      if (!session) return;
      this.#byChannel.set(message.channel, session);
      session.onOpened(message);
      return;
    }
    const session = this.#byChannel.get(message.channel);
    if (!session) return;
    if (message.type === 'snapshot') session.onSnapshotAnnounced(message);
    else if (message.type === 'lost') session.onLost(message);
    else if (message.type === 'size') session.onSize(message.cols, message.rows);
    else if (message.type === 'exit') session.onExit(message);
    else session.onClosed();
  }

  /** The session whose `open` with this ref is still unanswered. */
  pending(ref: number): SessionChannel | undefined {
    return this.#byRef.get(ref);
  }

  /** Delivers an error to the session it names (by ref, channel or id); false when it names none. */
  routeError(error: ProtocolError): boolean {
    const pending = error.ref === undefined ? undefined : this.#byRef.get(error.ref);
    if (pending) {
      pending.onOpenFailed(error);
      return true;
    }
    const session =
      (error.channel === undefined ? undefined : this.#byChannel.get(error.channel)) ??
      (error.sessionId === undefined ? undefined : this.all().find((s) => s.sessionId === error.sessionId));
    session?.onError(error);
    return session !== undefined;
  }
}
