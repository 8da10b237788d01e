/**
 * The screen worker: a headless xterm.js terminal per session, fed the
 * session's output in order, serialized on request. It runs on a worker
 * thread so parsing never takes time from the thread that moves bytes.
 *
 * Like the reaper, this function travels as source text (`new Worker(code,
 * {eval: true})`), so it must not refer to anything outside itself: the same
 * code runs from source and from the bundle. The two CommonJS modules it
 * needs come as resolved paths in workerData.
 *
 * Messages in (one array of operations per message, applied in order):
 *   {op: 'open', id, cols, rows, scrollback}   {op: 'data', id, bytes}
 *   {op: 'resize', id, cols, rows}             {op: 'snap', id, req}
 *   {op: 'reset', id}                          {op: 'close', id}
 * Messages out: {op: 'snap', req, data} and {op: 'parsed', id, bytes}.
 */
export function screenWorkerProgram(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { parentPort, workerData } = require('node:worker_threads');
  const { Terminal } = require(workerData.headless);
  const { SerializeAddon } = require(workerData.serialize);
  type Screen = { term: any; serializer: any; scrollback: number };
  const screens = new Map<number, Screen>();
  const open = (id: number, cols: number, rows: number, scrollback: number) => {
    const term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
    const serializer = new SerializeAddon();
    term.loadAddon(serializer);
    screens.set(id, { term, serializer, scrollback });
  };
  // A snapshot travels in one frame: less scrollback until it fits.
  const serialize = (screen: Screen): string => {
    for (let scrollback = screen.scrollback; ; scrollback = Math.floor(scrollback / 2)) {
      const data: string = screen.serializer.serialize({ scrollback });
      if (Buffer.byteLength(data) <= workerData.maxBytes || scrollback === 0) return data;
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
          if (screen) screen.term.write(o.bytes, () => parentPort.postMessage({ op: 'parsed', id: o.id, bytes: o.bytes.byteLength }));
          break;
        case 'resize':
          screen?.term.resize(o.cols, o.rows);
          break;
        case 'reset':
          // RIS, in order with the data: the screen, modes and scrollback start afresh.
          screen?.term.write('\x1bc');
          break;
        case 'snap':
          // The write callback runs once everything written before it is parsed.
          if (!screen) parentPort.postMessage({ op: 'snap', req: o.req, data: undefined });
          else screen.term.write('', () => parentPort.postMessage({ op: 'snap', req: o.req, data: serialize(screen) }));
          break;
        case 'close':
          screen?.term.dispose();
          screens.delete(o.id);
          break;
      }
    }
  });
}
