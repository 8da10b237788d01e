/**
 * Sends output for every attachment on one socket, fairly: one frame per
 * attachment per round (round-robin), so a flooding session never holds back
 * another session's keystroke echo. The socket's own buffer is bounded too:
 * past SOCKET_BUFFER_CAP the pump waits for the kernel to take bytes.
 */
import { allocateFrame, FRAME_HEADER_BYTES, FrameKind } from '@termplex/protocol';
import type WebSocket from 'ws';
import type { Attachment } from './attachment.js';
import { FRAME_CAP, SOCKET_BUFFER_CAP } from './output-limits.js';

export class OutputPump {
  /** Attachments with output waiting, in round-robin order (a Set keeps insertion order). */
  private readonly ready = new Set<Attachment>();
  private running = false;
  private readonly onWritten = () => {
    if (this.ready.size > 0) this.run();
  };

  constructor(private readonly ws: WebSocket) {}

  schedule(attachment: Attachment): void {
    this.ready.add(attachment);
    this.run();
  }

  forget(attachment: Attachment): void {
    this.ready.delete(attachment);
  }

  /** Sends a control message in order with the output (JSON text frame). */
  sendText(text: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(text, this.onWritten);
  }

  /** Sends a binary frame in order with the output. */
  sendBinary(frame: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(frame, { binary: true }, this.onWritten);
  }

  private run(): void {
    if (this.running) return; // re-entered from a send inside the loop
    this.running = true;
    try {
      while (this.ready.size > 0 && this.ws.readyState === this.ws.OPEN && this.ws.bufferedAmount < SOCKET_BUFFER_CAP) {
        const attachment: Attachment = this.ready.values().next().value!;
        this.ready.delete(attachment);
        const range = attachment.take(FRAME_CAP);
        if (range) {
          const frame = allocateFrame(FrameKind.Output, attachment.channel, range.to - range.from);
          attachment.session.copyOutput(frame.subarray(FRAME_HEADER_BYTES), range.from, range.to);
          this.ws.send(frame, { binary: true }, this.onWritten);
        }
        // Re-queued at the back only after progress, so the loop always ends.
        if (range && attachment.wantsToSend()) this.ready.add(attachment);
        else attachment.idle();
      }
    } finally {
      this.running = false;
    }
  }
}
