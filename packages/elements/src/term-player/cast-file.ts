/**
 * Asciicast files (v2, and v3, which stores each event's time as the gap
 * since the one before) read into one timeline: output and resizes at
 * absolute seconds, gaps above the idle-time limit shortened to it, as
 * asciinema's player does. Input and markers are kept out: a player shows
 * what the terminal showed. A bad file is a CastError naming the line.
 */

export interface CastEvent {
  /** seconds from the start, after the idle-time limit. */
  time: number;
  /** Output text, or a new size. */
  output?: string;
  size?: { cols: number; rows: number };
}

export interface Cast {
  cols: number;
  rows: number;
  /** From the header (`idle_time_limit`, v2; `idle_time_limit`, v3), when it has one. */
  idleTimeLimit: number | undefined;
  events: CastEvent[];
  /** seconds: the last event's time. */
  duration: number;
}

export class CastError extends Error {}

const MAX_SIZE = 1000;

function dimension(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_SIZE) throw new CastError(`${what} must be an integer 1..${MAX_SIZE}, got ${JSON.stringify(value)}`);
  return value;
}

function parseLine(line: string, number: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new CastError(`line ${number} is not JSON`);
  }
}

/** `idleTimeLimit`: seconds, the attribute's (overrides the header's); undefined: the header's, else none. */
export function parseCast(text: string, idleTimeLimit?: number): Cast {
  const lines = text.split('\n');
  const header = parseLine(lines[0] ?? '', 1) as Record<string, unknown> | null;
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new CastError('line 1 must be the asciicast header, a JSON object');
  const version = header.version;
  if (version !== 2 && version !== 3) throw new CastError(`only asciicast versions 2 and 3 are played; this file says version ${JSON.stringify(version)}`);
  const term = (version === 3 ? header.term : header) as Record<string, unknown> | undefined;
  if (typeof term !== 'object' || term === null) throw new CastError('the v3 header has no "term" object');
  const cols = dimension(version === 3 ? term.cols : term.width, version === 3 ? 'term.cols' : 'width');
  const rows = dimension(version === 3 ? term.rows : term.height, version === 3 ? 'term.rows' : 'height');
  const fromHeader = typeof header.idle_time_limit === 'number' && header.idle_time_limit > 0 ? header.idle_time_limit : undefined;
  const limit = idleTimeLimit ?? fromHeader ?? Infinity;

  const events: CastEvent[] = [];
  let raw = 0;
  let time = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || (version === 3 && line.startsWith('#'))) continue;
    const event = parseLine(line, i + 1);
    if (!Array.isArray(event) || event.length < 3 || typeof event[0] !== 'number' || !Number.isFinite(event[0]) || typeof event[1] !== 'string' || typeof event[2] !== 'string') {
      throw new CastError(`line ${i + 1} must be an event [time, code, data]`);
    }
    const at = version === 3 ? raw + event[0] : event[0];
    if (at < raw || event[0] < 0) throw new CastError(`line ${i + 1}: time ${event[0]} goes backwards`);
    time += Math.min(at - raw, limit);
    raw = at;
    if (event[1] === 'o') events.push({ time, output: event[2] });
    else if (event[1] === 'r') {
      const match = /^(\d+)x(\d+)$/.exec(event[2]);
      if (!match) throw new CastError(`line ${i + 1}: a resize must be "COLSxROWS", got ${JSON.stringify(event[2].slice(0, 20))}`);
      events.push({ time, size: { cols: dimension(Number(match[1]), `line ${i + 1}: cols`), rows: dimension(Number(match[2]), `line ${i + 1}: rows`) } });
    }
    // "i" (input), "m" (markers) and "x" (exit, v3) change nothing on the screen.
  }
  return { cols, rows, idleTimeLimit: fromHeader, events, duration: events.at(-1)?.time ?? 0 };
}

/** The index of the first event after `time` (events at `time` are before it). */
export function eventsUntil(cast: Cast, time: number): number {
  let low = 0;
  let high = cast.events.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cast.events[mid].time <= time) low = mid + 1;
    else high = mid;
  }
  return low;
}
