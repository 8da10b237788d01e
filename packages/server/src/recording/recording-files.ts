/**
 * The recordings folder: one `<session-id>.cast` per recorded session. Lists
 * them for the HTTP API, finds one by id, and deletes those older than the
 * retention period. Nothing else in the folder is touched or served.
 */
import { mkdirSync, statSync } from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { SESSION_ID_PATTERN } from '@termplex/protocol';

const CAST = /^([0-9a-f]{32})\.cast$/;

export interface RecordingInfo {
  /** The session's id; the file is `<id>.cast`. */
  id: string;
  /** bytes */
  size: number;
  /** ISO 8601: the last write. */
  modified: string;
}

/** Creates the folder (private to this user) when missing; throws, naming it, when it cannot be used. */
export function prepareRecordingFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!statSync(dir).isDirectory()) throw new Error(`the recordings folder ${dir} is not a directory`);
}

export function recordingFile(dir: string, id: string): string {
  if (!SESSION_ID_PATTERN.test(id)) throw new TypeError(`a recording id is a session id (32 lowercase hex characters), got ${JSON.stringify(id)}`);
  return path.join(dir, `${id}.cast`);
}

/** Newest first. */
export async function listRecordings(dir: string): Promise<RecordingInfo[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const found = await Promise.all(names.map(async (name) => {
    const id = CAST.exec(name)?.[1];
    const info = id === undefined ? undefined : await stat(path.join(dir, name)).catch(() => undefined);
    return id !== undefined && info?.isFile() ? { id, size: info.size, modified: info.mtime.toISOString() } : undefined;
  }));
  return found.filter((r): r is RecordingInfo => r !== undefined).sort((a, b) => b.modified.localeCompare(a.modified));
}

/** Deletes recordings last written more than `maxAgeMs` ago; resolves to how many went. */
export async function pruneRecordings(dir: string, maxAgeMs: number, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const recording of await listRecordings(dir)) {
    if (now - Date.parse(recording.modified) <= maxAgeMs) continue;
    await unlink(path.join(dir, `${recording.id}.cast`)).then(() => removed++, () => undefined);
  }
  return removed;
}
