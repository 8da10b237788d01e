/**
 * The HTTP routes. `handle` answers the requests it owns and returns false
 * for anything else, so a host application (Express, Fastify, plain node)
 * can mount the server beside its own routes.
 *
 *   GET /healthz          200, no auth (load balancers)
 *   GET /termplex.js      the browser bundle (any origin may load it as a module)
 *   /api/sessions...      see session-api.ts
 *   GET /...              files from publicDir (the demo page at /)
 */
import type http from 'node:http';
import { ErrorCode } from '@termplex/protocol';
import { sendError, sendJson, sendText } from './http-response.js';
import type { Logger } from './logger.js';
import type { RequestGuard } from './request-guard.js';
import { handleSessionApi, type SessionApiBackend } from './session-api.js';
import { resolveInside, serveFile } from './static-files.js';
import type { TokenCheck } from './token.js';

export interface HttpRoutesSettings {
  guard: RequestGuard;
  tokenCheck: TokenCheck;
  api: SessionApiBackend;
  bundlePath: string | undefined;
  publicDir: string | undefined;
  /** Standalone: every request is ours (404 for unknown paths). Attached: unknown paths fall through. */
  ownsEverything: boolean;
  log: Logger;
}

export class HttpRoutes {
  constructor(private readonly settings: HttpRoutesSettings) {}

  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const pathname = (req.url ?? '/').split('?')[0];
    const method = req.method ?? 'GET';
    const isApi = pathname === '/api/sessions' || pathname.startsWith('/api/sessions/');
    const staticFile = !isApi && this.settings.publicDir ? resolveInside(this.settings.publicDir, pathname) : undefined;
    const ours = isApi || pathname === '/healthz' || pathname === '/termplex.js' || staticFile !== undefined;
    if (!ours && !this.settings.ownsEverything) return false;

    const verdict = this.settings.guard.check(req, false);
    if (!verdict.ok) {
      this.settings.log.warn({ code: ErrorCode.Forbidden, remote: req.socket.remoteAddress, reason: verdict.reason }, 'request refused');
      sendError(res, 403, ErrorCode.Forbidden, verdict.reason ?? 'forbidden');
      return true;
    }
    if (isApi) {
      handleSessionApi(req, res, pathname, this.settings.tokenCheck, this.settings.api).catch((error: unknown) => {
        this.settings.log.error({ err: error instanceof Error ? error.message : String(error) }, 'API request failed');
        if (!res.headersSent) sendJson(res, 500, { code: ErrorCode.SpawnFailed, message: 'internal error' });
      });
      return true;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      sendError(res, 405, ErrorCode.BadField, `${method} is not allowed here; use GET`, { Allow: 'GET, HEAD' });
      return true;
    }
    if (pathname === '/healthz') {
      sendJson(res, 200, { ok: true });
      return true;
    }
    if (pathname === '/termplex.js') {
      // A page on another origin loads the bundle with <script type="module">, which is a CORS request.
      const served = this.settings.bundlePath && serveFile(req, res, this.settings.bundlePath, { 'Access-Control-Allow-Origin': '*' });
      if (!served) sendText(res, 404, 'termplex.js is not built: run npm run build\n');
      return true;
    }
    if (staticFile && serveFile(req, res, staticFile)) return true;
    sendText(res, 404, pathname === '/' ? 'The demo page is missing (publicDir has no index.html)\n' : 'Not found\n');
    return true;
  }
}
