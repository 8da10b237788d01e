/**
 * The screen worker: a headless xterm.js terminal per session, fed the
 * session's output in order, serialized on request. It runs on a worker
 * thread so parsing never takes time from the thread that moves bytes.
 *
 * Like the reaper, this function travels as source text (`new Worker(code,
 * {eval: true})`), so it must not refer to anything outside itself: the same
 * code runs from source and from any bundle. `require` comes in as an
 * argument, and the two CommonJS modules it needs as resolved paths in
 * workerData.
 *
 * Messages in (one array of operations per message, applied in order):
 *   {op: 'open', id, cols, rows, scrollback}   {op: 'data', id, bytes, end}
 *   {op: 'resize', id, cols, rows}             {op: 'snap', id, req}
 *   {op: 'reset', id}                          {op: 'close', id}
 * Messages out: {op: 'snap', req, data, offset} and {op: 'parsed', id, bytes}.
 *
 * A snapshot is taken only where the parser stands between sequences: cut
 * inside one (an ESC whose final byte is in the next chunk, half a UTF-8
 * character), the rest of the sequence would reach the client as text. So a
 * request waits for the first chunk boundary that is such a point, and the
 * reply says which output offset (`end` of that chunk) it stands at.
 */
export function screenWorkerProgram(require: NodeJS.Require): void {
  const { parentPort, workerData } = require('node:worker_threads');
  // This thread only (Linux gives each thread its own nice value): parsing gets the CPU nothing else wants.
  try {
    require('node:os').setPriority(19);
  } catch {
    // not allowed here: normal priority then
  }
  const { Terminal } = require(workerData.headless);
  const { SerializeAddon } = require(workerData.serialize);
  // The same character widths as the page's terminals (Unicode 11: an emoji is two columns), so a snapshot lines up.
  const { Unicode11Addon } = require(workerData.unicode11);
  type Screen = { term: any; serializer: any; scrollback: number; offset: number; waiting: number[] };
  const screens = new Map<number, Screen>();
  const open = (id: number, cols: number, rows: number, scrollback: number) => {
    const term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
    const serializer = new SerializeAddon();
    term.loadAddon(serializer);
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    screens.set(id, { term, serializer, scrollback, offset: 0, waiting: [] });
  };
  // Private to xterm.js: read defensively, and treat "cannot tell" as "between sequences".
  const settled = (screen: Screen): boolean => {
    try {
      const input = screen.term._core._inputHandler;
      return input._parser.currentState === 0 && !input._utf8Decoder.interim?.[0];
    } catch {
      return true;
    }
  };
  const answer = (screen: Screen) => {
    if (screen.waiting.length === 0 || !settled(screen)) return;
    const data = serialize(screen);
    for (const req of screen.waiting) parentPort.postMessage({ op: 'snap', req, data, offset: screen.offset });
    screen.waiting = [];
  };
  // A snapshot travels in one frame: less scrollback until it fits.
  // Even without scrollback it may not fit (a screen of combining marks): then none, and the client is told what it lost.
  const serialize = (screen: Screen): string | undefined => {
    for (let scrollback = screen.scrollback; ; scrollback = Math.floor(scrollback / 2)) {
      const data: string = screen.serializer.serialize({ scrollback });
      if (Buffer.byteLength(data) <= workerData.maxBytes) return data;
      if (scrollback === 0) return undefined;
    }
  };
  parentPort.on('message', (ops: any[]) => {
    for (const o of ops) {
      const screen = screens.get(o.id);
      switch (o.op) {
        case 'open':
          open(o.id, o.cols, o.rows, o.scrollback);
          break;
        case 'data':
          // Reported once parsed: the main thread bounds what is outstanding.
          if (screen) {
            screen.term.write(o.bytes, () => {
              screen.offset = o.end;
              parentPort.postMessage({ op: 'parsed', id: o.id, bytes: o.bytes.byteLength });
              answer(screen);
            });
          }
          break;
        case 'resize':
          screen?.term.resize(o.cols, o.rows);
          break;
        case 'reset':
          // CAN ends any sequence the dropped bytes left open, then RIS, in order with the data: the screen,
          // modes and scrollback start afresh (and the callbacks of earlier writes still fire).
          screen?.term.write('\x18\x1bc');
          break;
        case 'snap':
          // The write callback runs once everything written before it is parsed.
          if (!screen) parentPort.postMessage({ op: 'snap', req: o.req, data: undefined });
          else {
            screen.term.write('', () => {
              screen.waiting.push(o.req);
              answer(screen);
            });
          }
          break;
        case 'close':
          for (const req of screen?.waiting ?? []) parentPort.postMessage({ op: 'snap', req, data: undefined });
          screen?.term.dispose();
          screens.delete(o.id);
          break;
      }
    }
  });
}
