/**
 * The recordings, for operators and their tools. Bearer-token auth.
 *
 *   GET /api/recordings        -> 200 RecordingInfo[] (newest first)
 *   GET /api/recordings/:id    -> 200 the asciicast file, or 404 TERMPLEX_ERR_UNKNOWN_RECORDING
 */
import type http from 'node:http';
import { ErrorCode, SESSION_ID_PATTERN } from '@termplex/protocol';
import type { TokenCheck } from '../gateway/token.js';
import { listRecordings, recordingFile } from '../recording/recording-files.js';
import { sendError, sendJson } from './http-response.js';
import { serveFile } from './static-files.js';

const PREFIX = '/api/recordings';

export function isRecordingPath(pathname: string): boolean {
  return pathname === PREFIX || pathname.startsWith(`${PREFIX}/`);
}

/** `dir`: the recordings folder, undefined when this server records nothing. */
export async function handleRecordingApi(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
  tokenCheck: TokenCheck,
  dir: string | undefined,
): Promise<void> {
  if (!tokenCheck.matchesBearer(req.headers.authorization)) {
    return sendError(res, 401, ErrorCode.Auth, 'missing or wrong token: send "Authorization: Bearer <token>"', { 'WWW-Authenticate': 'Bearer realm="termplex"' });
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, ErrorCode.BadField, `${req.method} is not allowed here; use GET`, { Allow: 'GET, HEAD' });
  if (dir === undefined) return sendError(res, 404, ErrorCode.UnknownRecording, 'this server records no sessions: start it with --record DIR (the "record" option)');
  if (pathname === PREFIX) return sendJson(res, 200, await listRecordings(dir));
  const id = pathname.slice(PREFIX.length + 1);
  if (!SESSION_ID_PATTERN.test(id)) return sendError(res, 404, ErrorCode.UnknownRecording, 'a recording id is its session\'s id, 32 lowercase hex characters');
  const served = await serveFile(req, res, recordingFile(dir, id), {
    noFollow: true,
    headers: { 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${id}.cast"` },
  });
  if (!served && !res.headersSent) sendError(res, 404, ErrorCode.UnknownRecording, `no recording of session ${id}`);
}
