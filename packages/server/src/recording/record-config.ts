/**
 * The `record` option (where and how sessions are recorded) and a profile's
 * own `record` (off, on, or on with input), checked before anything starts.
 */
import path from 'node:path';
import { describe } from '../core/describe-value.js';

/** Sessions recorded as asciicast v2, one `<session-id>.cast` per session. */
export interface RecordOptions {
  /** The folder; created (mode 0700) when missing. */
  dir: string;
  /** bytes per file; a longer session's recording stops at this size, with a marker. Default 64 MiB. */
  maxFileBytes?: number;
  /** Recordings last written more than this many days ago are deleted (checked hourly); 0 keeps them all. Default 30. */
  retentionDays?: number;
  /** Record input ("i" events) too. Default false: input holds passwords. A profile may say otherwise. */
  input?: boolean;
}

/** A profile's `record`: false leaves it out, true (or {input}) records it. Default: recorded when `record` is set. */
export type ProfileRecord = boolean | { input?: boolean };

export interface ResolvedRecord {
  dir: string;
  maxFileBytes: number;
  retentionMs: number;
  input: boolean;
}

const FIELDS = ['dir', 'maxFileBytes', 'retentionDays', 'input'];

function bad(option: string, expected: string, value: unknown): never {
  throw new TypeError(`The "${option}" option must be ${expected}; got ${describe(value)}`);
}

/** `record`: a folder path, or {dir, maxFileBytes?, retentionDays?, input?}. */
export function checkRecord(value: unknown): ResolvedRecord | undefined {
  if (value === undefined) return undefined;
  const given = typeof value === 'string' ? { dir: value } : value;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) bad('record', 'a folder path, or {dir, maxFileBytes?, retentionDays?, input?}', value);
  const o = given as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!FIELDS.includes(key)) throw new TypeError(`Unknown field "record.${key}"; the fields are ${FIELDS.join(', ')}`);
  }
  if (typeof o.dir !== 'string' || o.dir.length === 0 || o.dir.includes('\0')) bad('record.dir', 'a folder path', o.dir);
  const maxFileBytes = o.maxFileBytes ?? 64 * 1024 * 1024;
  if (typeof maxFileBytes !== 'number' || !Number.isInteger(maxFileBytes) || maxFileBytes < 4096 || maxFileBytes > 2 ** 40) bad('record.maxFileBytes', 'an integer 4096..2^40', maxFileBytes);
  const retentionDays = o.retentionDays ?? 30;
  if (typeof retentionDays !== 'number' || !Number.isInteger(retentionDays) || retentionDays < 0 || retentionDays > 36_500) bad('record.retentionDays', 'an integer 0..36500 (0 keeps every recording)', retentionDays);
  const input = o.input ?? false;
  if (typeof input !== 'boolean') bad('record.input', 'true or false', input);
  return { dir: path.resolve(o.dir), maxFileBytes, retentionMs: retentionDays * 86_400_000, input };
}

/** A profile's `record`, given the server's: what the profile's sessions record, or undefined when they are not. */
export function checkProfileRecord(value: unknown, where: string, server: ResolvedRecord | undefined): { input: boolean } | undefined {
  if (value === false || (value === undefined && !server)) return undefined;
  if (value !== undefined && value !== true && (typeof value !== 'object' || value === null || Array.isArray(value))) bad(where, 'true, false or {input?}', value);
  const input = typeof value === 'object' ? (value as Record<string, unknown>).input : undefined;
  if (typeof value === 'object' && Object.keys(value as object).some((k) => k !== 'input')) bad(where, 'true, false or {input?}', value);
  if (input !== undefined && typeof input !== 'boolean') bad(`${where}.input`, 'true or false', input);
  if (!server) throw new TypeError(`The "${where}" option needs the "record" option, the folder recordings go to (CLI: --record DIR)`);
  return { input: (input as boolean | undefined) ?? server.input };
}
