/**
 * Token comparison in constant time. Both sides are hashed first so the
 * comparison takes the same time whatever the lengths (timingSafeEqual
 * itself requires equal lengths and would leak the length by throwing).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export class TokenCheck {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  matches(candidate: unknown): boolean {
    return typeof candidate === 'string' && timingSafeEqual(digest(candidate), this.expected);
  }

  /** Checks an `Authorization: Bearer <token>` header. */
  matchesBearer(header: string | undefined): boolean {
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
    return this.matches(match?.[1] ?? '\0');
  }
}
