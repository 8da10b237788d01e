/**
 * The recording worker: turns sessions' raw output into asciicast v2 lines
 * and writes them, on a thread of its own, so that decoding, JSON-escaping
 * and writing (about 12 ms per MiB of output) never take time from the
 * thread that moves bytes.
 *
 * Like the screen worker, this function travels as source text (`new
 * Worker(code, {eval: true})`) and must not refer to anything outside
 * itself; `require` comes in as an argument.
 *
 * Messages in (one array of operations per message, applied in order):
 *   {op: 'open', id, file, header, maxBytes}      the header is the first line, as text
 *   {op: 'data', id, t, kind: 'o' | 'i', bytes}   t: milliseconds since the recording began
 *   {op: 'resize', id, t, cols, rows}             {op: 'marker', id, t, text}
 *   {op: 'close', id, t}
 * Messages out: {op: 'written', id, bytes} (data bytes taken, for the sender's
 * queue limit), {op: 'closed', id}, {op: 'failed', id, message}.
 */
export function castWorkerProgram(require: NodeJS.Require): void {
  const { parentPort } = require('node:worker_threads');
  // This thread only (Linux gives each thread its own nice value): recording gets the CPU that
  // moving bytes does not want. Under a flood on a busy machine it falls behind, and the writer
  // then drops and counts events rather than slow the terminal.
  try {
    require('node:os').setPriority(19);
  } catch {
    // not allowed here: normal priority then
  }
  const fs = require('node:fs') as typeof import('node:fs');
  const { StringDecoder } = require('node:string_decoder') as typeof import('node:string_decoder');
  type Cast = {
    fd: number | undefined;
    written: number;
    maxBytes: number;
    full: boolean;
    output: InstanceType<typeof StringDecoder>;
    input: InstanceType<typeof StringDecoder>;
    lines: string[];
    taken: number;
  };
  type Op =
    | { op: 'open'; id: number; file: string; header: string; maxBytes: number }
    | { op: 'data'; id: number; t: number; kind: 'o' | 'i'; bytes: Uint8Array }
    | { op: 'resize'; id: number; t: number; cols: number; rows: number }
    | { op: 'marker'; id: number; t: number; text: string }
    | { op: 'close'; id: number; t: number };
  const casts = new Map<number, Cast>();
  const dirty = new Set<number>();

  const fail = (id: number, cast: Cast, error: unknown) => {
    if (cast.fd !== undefined) fs.closeSync(cast.fd);
    cast.fd = undefined;
    cast.lines = [];
    parentPort.postMessage({ op: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  };
  const line = (cast: Cast, text: string) => {
    const size = Buffer.byteLength(text) + 1;
    cast.written += size;
    cast.lines.push(text);
  };
  const event = (cast: Cast, t: number, kind: string, text: string) => {
    if (cast.full || cast.fd === undefined) return;
    const entry = `[${(t / 1000).toFixed(6)}, "${kind}", ${JSON.stringify(text)}]`;
    if (cast.written + Buffer.byteLength(entry) + 1 > cast.maxBytes) {
      line(cast, `[${(t / 1000).toFixed(6)}, "m", ${JSON.stringify(`termplex: the recording stopped here: the file reached its size cap of ${cast.maxBytes} bytes`)}]`);
      cast.full = true;
      return;
    }
    line(cast, entry);
  };
  /** One write per recording per message: its lines joined. */
  const flush = (id: number, cast: Cast) => {
    if (cast.fd !== undefined && cast.lines.length > 0) {
      try {
        fs.writeSync(cast.fd, `${cast.lines.join('\n')}\n`);
      } catch (error) {
        fail(id, cast, error);
      }
    }
    cast.lines = [];
    if (cast.taken > 0) parentPort.postMessage({ op: 'written', id, bytes: cast.taken });
    cast.taken = 0;
  };

  parentPort.on('message', (ops: Op[]) => {
    for (const op of ops) {
      if (op.op === 'open') {
        const cast: Cast = { fd: undefined, written: 0, maxBytes: op.maxBytes, full: false, output: new StringDecoder('utf8'), input: new StringDecoder('utf8'), lines: [], taken: 0 };
        casts.set(op.id, cast);
        try {
          // 'wx': an existing file (another recording) is never overwritten.
          cast.fd = fs.openSync(op.file, 'wx', 0o600);
          line(cast, op.header);
        } catch (error) {
          fail(op.id, cast, error);
        }
        dirty.add(op.id);
        continue;
      }
      const cast = casts.get(op.id);
      if (!cast) continue;
      dirty.add(op.id);
      if (op.op === 'data') {
        cast.taken += op.bytes.byteLength;
        const text = (op.kind === 'o' ? cast.output : cast.input).write(Buffer.from(op.bytes.buffer, op.bytes.byteOffset, op.bytes.byteLength));
        if (text) event(cast, op.t, op.kind, text);
      } else if (op.op === 'resize') {
        event(cast, op.t, 'r', `${op.cols}x${op.rows}`);
      } else if (op.op === 'marker') {
        if (!cast.full && cast.fd !== undefined) line(cast, `[${(op.t / 1000).toFixed(6)}, "m", ${JSON.stringify(op.text)}]`);
      } else {
        const output = cast.output.end();
        if (output) event(cast, op.t, 'o', output);
        const input = cast.input.end();
        if (input) event(cast, op.t, 'i', input);
        flush(op.id, cast);
        if (cast.fd !== undefined) fs.closeSync(cast.fd);
        casts.delete(op.id);
        dirty.delete(op.id);
        parentPort.postMessage({ op: 'closed', id: op.id });
      }
    }
    for (const id of dirty) {
      const cast = casts.get(id);
      if (cast) flush(id, cast);
    }
    dirty.clear();
  });
}
