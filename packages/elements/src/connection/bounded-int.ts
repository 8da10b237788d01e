/**
 * Reads a whole number within bounds from an option or attribute value. The
 * message names the option and its bound, the way the protocol's decoders do:
 * `font-size must be an integer 1..200, got -3`.
 */
export type BoundedInt = { ok: true; value: number } | { ok: false; message: string };

export function boundedInt(name: string, value: unknown, min: number, max: number): BoundedInt {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
    return { ok: false, message: `${name} must be an integer ${min}..${max}, got ${describe(value)}` };
  }
  return { ok: true, value: number };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  return String(value);
}
