/**
 * Limits for the HTTP server termplex creates itself (standalone). A server
 * a host application passes in keeps its own settings: they are its call.
 *
 * WebSockets are HTTP connections too. An upgraded socket still counts
 * against maxConnections, but it has left Node's HTTP parser, so the head
 * and request deadlines stop applying to it once the upgrade is answered.
 */
import type http from 'node:http';

export const HTTP_LIMITS = {
  /**
   * milliseconds to receive a request's head (request line and headers).
   * Node's 60 s lets a client that sends a byte now and then hold a socket
   * for a minute per request; a real client sends its head in one packet.
   */
  headersTimeout: 10_000,
  /**
   * milliseconds a plain HTTP connection may go without traffic in either
   * direction (Node's default: never). headersTimeout and requestTimeout cover
   * receiving a request, not sending the answer: a client that stops reading a download
   * would hold its socket and file handle for good. Longer than the deadlines
   * that answer 408 (10 s head, 10 s API body), so those answer first. ws
   * clears it when a socket upgrades: WebSockets have their own heartbeat.
   */
  timeout: 15_000,
  /**
   * milliseconds for a whole request, head and body (Node's default: 300 s).
   * The largest body here is the API's 4 KiB, which has its own 10 s deadline;
   * a WebSocket upgrade's request ends with its head.
   */
  requestTimeout: 30_000,
  /**
   * milliseconds between Node's sweeps for headersTimeout and requestTimeout. Node's
   * 30 s would let the 10 s head deadline run to 40 s; one sweep a second
   * over the connection list is cheap. Read when the server starts
   * listening, so this must be set before listen().
   */
  connectionsCheckingInterval: 1_000,
  /**
   * milliseconds an idle keep-alive connection waits for its next request
   * (Node's default, said out loud): idle sockets count against maxConnections.
   */
  keepAliveTimeout: 5_000,
  /**
   * sockets, HTTP and WebSocket together; more are closed as they arrive.
   * 200 sockets serve 1,000 sessions (5 each, 32 allowed), so 1024 leaves about
   * five times that for pages' keep-alive requests while bounding the file
   * descriptors idle sockets can take from PTYs (each session holds its own).
   */
  maxConnections: 1024,
  /**
   * header lines per request (Node's default: 2000). A browser sends about
   * 20, a WebSocket upgrade about 15. maxHeaderSize stays at Node's 16 KiB:
   * localhost cookies from every other dev server on the machine come along.
   */
  maxHeadersCount: 100,
} as const;

/** Applies HTTP_LIMITS; call before `server.listen()` (connectionsCheckingInterval is read then). */
export function applyHttpLimits(server: http.Server): void {
  server.headersTimeout = HTTP_LIMITS.headersTimeout;
  server.timeout = HTTP_LIMITS.timeout;
  server.requestTimeout = HTTP_LIMITS.requestTimeout;
  // A createServer() option that Node reads off the server at listen(); @types/node has no property for it.
  (server as http.Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = HTTP_LIMITS.connectionsCheckingInterval;
  server.keepAliveTimeout = HTTP_LIMITS.keepAliveTimeout;
  server.maxConnections = HTTP_LIMITS.maxConnections;
  server.maxHeadersCount = HTTP_LIMITS.maxHeadersCount;
}
