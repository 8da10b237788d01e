/**
 * Reads fields out of an untrusted JSON object, one bound at a time. The first
 * failure is kept and every later read is a no-op, so a decoder reads like a
 * schema and still reports the first field that was wrong, by name.
 */
import { ErrorCode, type ProtocolError } from './errors.js';

type Json = Record<string, unknown>;

export class FieldReader {
  error: ProtocolError | undefined;

  constructor(
    private readonly source: Json,
    private readonly messageType: string,
  ) {}

  private reject(code: ErrorCode, field: string, problem: string): undefined {
    this.error ??= { code, message: `${this.messageType}.${field} ${problem}` };
    return undefined;
  }

  private present(field: string, optional: boolean): unknown {
    if (this.error) return undefined;
    const value = this.source[field];
    if (value === undefined || value === null) {
      if (!optional) this.reject(ErrorCode.MissingField, field, 'is required');
      return undefined;
    }
    return value;
  }

  /** An integer in [min, max]. */
  int(field: string, min: number, max: number): number;
  int(field: string, min: number, max: number, optional: true): number | undefined;
  int(field: string, min: number, max: number, optional = false): number | undefined {
    const value = this.present(field, optional);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.reject(ErrorCode.BadField, field, 'must be an integer');
    if (value < min || value > max) return this.reject(ErrorCode.OutOfBounds, field, `must be ${min}..${max}, got ${value}`);
    return value;
  }

  /** A string of 1..maxLength characters, optionally matching a pattern. */
  string(field: string, maxLength: number, pattern?: RegExp): string;
  string(field: string, maxLength: number, pattern: RegExp | undefined, optional: true): string | undefined;
  string(field: string, maxLength: number, pattern?: RegExp, optional = false): string | undefined {
    const value = this.present(field, optional);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.reject(ErrorCode.BadField, field, 'must be a string');
    if (value.length < 1 || value.length > maxLength) {
      return this.reject(ErrorCode.OutOfBounds, field, `must be 1..${maxLength} characters, got ${value.length}`);
    }
    if (pattern && !pattern.test(value)) return this.reject(ErrorCode.BadField, field, `must match ${pattern.source}`);
    return value;
  }

  /** A string from a fixed set. */
  oneOf<T extends string>(field: string, allowed: readonly T[]): T | undefined {
    const value = this.present(field, false);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      return this.reject(ErrorCode.BadField, field, `must be one of ${allowed.join(', ')}`);
    }
    return value as T;
  }

  bool(field: string): boolean | undefined {
    const value = this.present(field, true);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') return this.reject(ErrorCode.BadField, field, 'must be a boolean');
    return value;
  }

  /** Like int but null is a legal value (exit codes, signals). */
  nullableInt(field: string, min: number, max: number): number | null | undefined {
    if (this.error) return undefined;
    if (this.source[field] === null) return null;
    return this.int(field, min, max);
  }

  nullableString(field: string, maxLength: number): string | null | undefined {
    if (this.error) return undefined;
    if (this.source[field] === null) return null;
    return this.string(field, maxLength);
  }
}

/** Parses a text frame into a plain JSON object, or says why it is not one. */
export function parseJsonObject(text: string, maxLength: number): { ok: true; value: Json } | { ok: false; error: ProtocolError } {
  if (text.length > maxLength) {
    return { ok: false, error: { code: ErrorCode.TooLarge, message: `control frame is ${text.length} characters; at most ${maxLength} are allowed` } };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: { code: ErrorCode.BadJson, message: 'control frame is not valid JSON' } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: { code: ErrorCode.BadJson, message: 'control frame must be a JSON object' } };
  }
  return { ok: true, value: value as Json };
}
