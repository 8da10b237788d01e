/**
 * Serves files from one folder and never from outside it: the decoded path
 * is resolved, symlinks included, and must stay under the folder's real path.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The regular file inside `root` that the URL path names, or undefined (malformed, escaping, missing). */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  let realRoot: string;
  let candidate: string;
  try {
    realRoot = realpathSync(root);
    const relative = decoded.endsWith('/') ? decoded + 'index.html' : decoded;
    const joined = path.resolve(realRoot, '.' + path.posix.normalize('/' + relative));
    candidate = realpathSync(joined);
  } catch {
    return undefined;
  }
  if (!candidate.startsWith(realRoot + path.sep)) return undefined;
  try {
    return statSync(candidate).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/** Streams `file` if it is a regular file; false when there is nothing to serve. */
export function serveFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, headers: http.OutgoingHttpHeaders = {}): boolean {
  let info;
  try {
    info = statSync(file);
  } catch {
    return false;
  }
  if (!info.isFile()) return false;
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
  return true;
}
