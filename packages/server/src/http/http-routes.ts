/**
 * The HTTP routes. `handle` answers the requests it owns and returns false
 * for anything else, so a host application (Express, Fastify, plain node)
 * can mount the server beside its own routes.
 *
 *   GET /healthz          200, no auth (load balancers)
 *   GET /termplex.js      the browser bundle (any origin may load it as a module)
 *   /api/sessions...      see session-api.ts
 *   POST /api/tickets     see ticket-api.ts
 *   /api/recordings...    see recording-api.ts
 *   GET /...              files from publicDir (the demo page at /)
 */
import { existsSync } from 'node:fs';
import type http from 'node:http';
import { ErrorCode } from '@termplex/protocol';
import { sendError, sendJson, sendText } from './http-response.js';
import type { Logger } from '../core/logger.js';
import type { RequestGuard } from '../gateway/request-guard.js';
import { handleRecordingApi, isRecordingPath } from './recording-api.js';
import { handleSessionApi } from './session-api.js';
import { handleTicketApi } from './ticket-api.js';
import type { TicketAuthority } from '../gateway/tickets.js';
import type { SessionService } from '../session-service.js';
import { serveFile, StaticFolder, type ServeOptions } from './static-files.js';
import type { TokenCheck } from '../gateway/token.js';

export interface HttpRoutesSettings {
  guard: RequestGuard;
  tokenCheck: TokenCheck;
  tickets: TicketAuthority;
  sessionsPerTicket: number;
  sessions: SessionService;
  bundlePath: string | undefined;
  publicDir: string | undefined;
  /** The recordings folder served at /api/recordings; undefined when nothing is recorded. */
  recordings: string | undefined;
  /** Standalone: every request is ours (404 for unknown paths). Attached: unknown paths fall through. */
  ownsEverything: boolean;
  log: Logger;
}

const NOT_BUILT = 'termplex.js is not built: run npm run build\n';

export class HttpRoutes {
  private readonly folder: StaticFolder | undefined;

  constructor(private readonly settings: HttpRoutesSettings) {
    this.folder = settings.publicDir === undefined ? undefined : new StaticFolder(settings.publicDir);
    // Said at startup: otherwise the first sign is a demo page without terminals.
    if (settings.bundlePath === undefined || !existsSync(settings.bundlePath)) {
      const where = settings.bundlePath ?? '@termplex/elements (not installed)';
      settings.log.warn({ bundlePath: settings.bundlePath ?? null }, `the browser bundle is missing (${where}): /termplex.js answers 404 and the demo page has no terminals; install @termplex/elements (or run npm run build in a checkout), or set bundlePath`);
    }
    if (this.folder?.truncated) settings.log.warn({ publicDir: settings.publicDir }, 'publicDir has too many entries; only part of it is served');
  }

  handle(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const pathname = (req.url ?? '/').split('?')[0];
    const method = req.method ?? 'GET';
    const isApi = pathname === '/api/sessions' || pathname.startsWith('/api/sessions/') || pathname === '/api/tickets' || isRecordingPath(pathname);
    // A map lookup, no file-system work: a request the guard refuses below must cost nothing.
    const staticFile = isApi ? undefined : this.folder?.lookup(pathname);
    const ours = isApi || pathname === '/healthz' || pathname === '/termplex.js' || staticFile !== undefined;
    if (!ours && !this.settings.ownsEverything) return false;

    const verdict = this.settings.guard.check(req, false);
    if (!verdict.ok) {
      this.settings.log.warn({ code: ErrorCode.Forbidden, remote: req.socket.remoteAddress, reason: verdict.reason }, 'request refused');
      sendError(res, 403, ErrorCode.Forbidden, verdict.reason ?? 'forbidden');
      return true;
    }
    if (isApi) {
      const answer = pathname === '/api/tickets'
        ? handleTicketApi(req, res, this.settings)
        : isRecordingPath(pathname)
          ? handleRecordingApi(req, res, pathname, this.settings.tokenCheck, this.settings.recordings)
          : handleSessionApi(req, res, pathname, this.settings.tokenCheck, this.settings.sessions);
      answer.catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if ((error as { code?: unknown }).code === ErrorCode.HostUnavailable) {
          if (!res.headersSent) sendError(res, 503, ErrorCode.HostUnavailable, message, { 'Retry-After': '1' });
          return;
        }
        this.settings.log.error({ err: message }, 'API request failed');
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
      this.serve(req, res, this.settings.bundlePath, NOT_BUILT, { headers: { 'Access-Control-Allow-Origin': '*' } });
      return true;
    }
    this.serve(req, res, staticFile, pathname === '/' ? 'The demo page is missing (publicDir has no index.html)\n' : 'Not found\n', { noFollow: true });
    return true;
  }

  /** Serves `file`, or answers 404 with `missing` when there is none (or it vanished since startup). */
  private serve(req: http.IncomingMessage, res: http.ServerResponse, file: string | undefined, missing: string, options: ServeOptions): void {
    if (file === undefined) return sendText(res, 404, missing);
    serveFile(req, res, file, options)
      .then((served) => {
        if (!served && !res.headersSent) sendText(res, 404, missing);
      })
      .catch(() => res.destroy());
  }
}
