/**
 * Who may talk to the server at all, decided from the request line alone,
 * before any WebSocket handshake or API handler runs:
 *  - Host must name this server (loopback, the bound address, or an allowed
 *    name): a DNS-rebinding page reaches us under the attacker's hostname.
 *  - Origin, when present, must be the serving origin or allow-listed: a
 *    browser always sends it, so another site cannot open a socket with the
 *    user's network position (cross-site WebSocket hijacking).
 * Hostnames are compared without the port, so a TCP proxy in front still works.
 */
import type http from 'node:http';
import { networkInterfaces } from 'node:os';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h.endsWith('.localhost');
}

/** The hostname part of a Host header: "[::1]:80" -> "[::1]", "a.example:80" -> "a.example". */
export function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

function bracket(address: string): string {
  return address.includes(':') ? `[${address.toLowerCase()}]` : address.toLowerCase();
}

export interface GuardVerdict {
  ok: boolean;
  /** Why not, for the 403 body and the log (never contains secrets). */
  reason?: string;
}

export class RequestGuard {
  private readonly hosts: Set<string>;

  /** `boundHost` is read per request: in attached mode the address is known only once the host app listens. */
  constructor(
    private readonly boundHost: () => string,
    allowedHosts: readonly string[],
    private readonly allowedOrigins: readonly string[],
  ) {
    this.hosts = new Set(allowedHosts.map((h) => bracket(h.replace(/^\[|\]$/g, ''))));
  }

  private hostAllowed(hostname: string): boolean {
    if (isLoopbackHost(hostname) || this.hosts.has(hostname)) return true;
    const bound = this.boundHost().replace(/^\[|\]$/g, '');
    if (bracket(bound) === hostname) return true;
    // Bound to every interface: this machine's own addresses name it too.
    if (bound === '0.0.0.0' || bound === '::') {
      return Object.values(networkInterfaces()).some((list) => list?.some((i) => bracket(i.address) === hostname));
    }
    return false;
  }

  check(req: http.IncomingMessage, checkOrigin: boolean): GuardVerdict {
    const host = req.headers.host;
    if (!host) return { ok: false, reason: 'the request has no Host header' };
    const hostname = hostnameOf(host);
    if (!this.hostAllowed(hostname)) {
      return { ok: false, reason: `Host ${JSON.stringify(hostname.slice(0, 255))} is not this server's name; add it with allowedHosts (--allow-host)` };
    }
    const origin = req.headers.origin;
    if (!checkOrigin || origin === undefined) return { ok: true };
    const o = origin.toLowerCase();
    const serving = host.trim().toLowerCase();
    if (o === `http://${serving}` || o === `https://${serving}` || this.allowedOrigins.includes(o)) return { ok: true };
    return { ok: false, reason: `Origin ${JSON.stringify(origin.slice(0, 255))} is not allowed; add it with allowedOrigins (--allow-origin)` };
  }
}
