/**
 * Serves files from one folder and never from outside it. The folder is
 * walked once, when the server starts, into a map from URL path to real file
 * path: a request is then a map lookup, so an unknown or refused path costs
 * no file-system work, and a symlink that leads out of the folder is never
 * in the map. The file itself is opened and stat'ed asynchronously when it
 * is served, so an edited file is served as it is now.
 */
import { constants, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { closeIfBodyUnread } from './http-response.js';

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
  '.cast': 'application/x-asciicast',
};

/**
 * entries walked at most: a demo page and its assets are a few dozen; a far
 * bigger tree is a misconfiguration (publicDir: '/') the walk must not crawl.
 */
const MAX_ENTRIES = 10_000;

/**
 * Without O_NONBLOCK a FIFO put where a file was would hold a libuv thread
 * in open() until some writer appears; regular files ignore the flag.
 */
const READ = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export class StaticFolder {
  private readonly files = new Map<string, string>();
  /** True when the folder had more than MAX_ENTRIES entries and only part of it is served. */
  readonly truncated: boolean;

  constructor(root: string) {
    let realRoot: string;
    try {
      realRoot = realpathSync(root);
    } catch {
      this.truncated = false; // a missing folder serves nothing
      return;
    }
    this.truncated = !this.walk(realRoot, realRoot, '/', new Set([realRoot]), { left: MAX_ENTRIES });
  }

  /** The real path of the regular file the URL path names, or undefined (malformed, outside, unknown). */
  lookup(urlPath: string): string | undefined {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return undefined;
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
    return this.files.get(path.posix.normalize('/' + decoded));
  }

  /** False when the entry budget ran out. `ancestors` are real paths: a symlink back up the tree is a cycle, not a folder. */
  private walk(realRoot: string, dir: string, prefix: string, ancestors: Set<string>, budget: { left: number }): boolean {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return true;
    }
    for (const name of names) {
      if (budget.left-- <= 0) return false;
      let real: string;
      let info: Stats;
      try {
        real = realpathSync(path.join(dir, name));
        info = statSync(real);
      } catch {
        continue; // a dangling symlink, or gone since readdir
      }
      if (!real.startsWith(realRoot + path.sep)) continue;
      if (info.isFile()) this.files.set(prefix + name, real);
      else if (info.isDirectory() && !ancestors.has(real) && !this.walk(realRoot, real, `${prefix}${name}/`, new Set(ancestors).add(real), budget)) return false;
    }
    const index = this.files.get(prefix + 'index.html');
    if (index !== undefined) this.files.set(prefix, index);
    return true;
  }
}

export interface ServeOptions {
  headers?: http.OutgoingHttpHeaders;
  /**
   * Refuse a symlink in the file's place. For paths from a StaticFolder,
   * which are real paths: a link swapped in after the walk must not lead out.
   */
  noFollow?: boolean;
}

/** Streams `file` if it is a regular file; false when there is nothing to serve. */
export async function serveFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, options: ServeOptions = {}): Promise<boolean> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, options.noFollow ? READ | (constants.O_NOFOLLOW ?? 0) : READ);
    const info = await handle.stat();
    if (!info.isFile()) return false;
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      ...closeIfBodyUnread(res),
      ...options.headers,
    });
    if (req.method === 'HEAD' || info.size === 0) {
      res.end();
      return true;
    }
    // Bounded by the size just announced, in case the file grows while it streams.
    const stream = handle.createReadStream({ start: 0, end: info.size - 1 });
    handle = undefined; // the stream closes it
    // pipeline, not pipe: a download the client abandons destroys the stream, and so closes the file.
    pipeline(stream, res, () => {});
    return true;
  } catch {
    return false;
  } finally {
    await handle?.close().catch(() => {});
  }
}
