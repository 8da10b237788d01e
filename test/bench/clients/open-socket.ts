/** Opening a loopback WebSocket with a deadline, shared by both clients. */
import { WebSocket } from '../node-deps.js';

/**
 * `wire` attaches the caller's listeners before the handshake completes: a
 * server may write its first frame right behind the 101 response, and ws
 * then emits that message in the same tick as 'open', before any `await`
 * on this promise resumes.
 */
export function openSocket(url: string, protocols: string[], wire?: (socket: WebSocket) => void, timeoutMs = 10_000): Promise<WebSocket> {
  const socket = new WebSocket(url, protocols, { perMessageDeflate: false, maxPayload: 16 * 1024 * 1024 });
  socket.binaryType = 'nodebuffer';
  wire?.(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`WebSocket to ${url} did not open within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('open', () => {
      clearTimeout(timer);
      socket.removeListener('error', onError);
      resolve(socket);
    });
    const onError = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    socket.once('error', onError);
  });
}

/** Closes a socket and waits for it to be gone (terminating it after a short grace). */
export function closeSocket(socket: WebSocket, graceMs = 2_000): Promise<void> {
  if (socket.readyState === socket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.terminate(), graceMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.close();
  });
}

/**
 * Makes a socket a slow reader: it takes at most `bytesPerSecond` off the
 * wire (in 50 ms slices), so everything a server sends beyond that waits in
 * TCP buffers and then in the server. Returns the function that stops it.
 */
export function readSlowly(socket: WebSocket, bytesPerSecond: number): () => void {
  const sliceMs = 50;
  const budget = (bytesPerSecond * sliceMs) / 1000;
  let used = 0;
  const onMessage = (data: Buffer) => {
    used += data.length;
    if (used >= budget) socket.pause();
  };
  socket.on('message', onMessage);
  const timer = setInterval(() => {
    used = 0;
    socket.resume();
  }, sliceMs);
  return () => {
    clearInterval(timer);
    socket.removeListener('message', onMessage);
    socket.resume();
  };
}
