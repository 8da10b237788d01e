import { expect } from '@open-wc/testing';
import { Terminal } from '@xterm/xterm';
import { OutputStream } from './output-stream.js';
import { refuseClipboardAccess, refuseReplayedQueries } from './query-guard.js';

const encode = (text: string) => new TextEncoder().encode(text);

/** Queries a terminal answers by typing a reply (which would reach the PTY). */
const QUERIES: Record<string, string> = {
  'DSR cursor position (ESC[6n)': '\x1b[6n',
  'DSR status (ESC[5n)': '\x1b[5n',
  'DEC DSR (ESC[?6n)': '\x1b[?6n',
  'DA1 (ESC[c)': '\x1b[c',
  'DA2 (ESC[>c)': '\x1b[>c',
  'DECRQM ANSI (ESC[4$p)': '\x1b[4$p',
  'DECRQM DEC (ESC[?2004$p)': '\x1b[?2004$p',
  'DECRQSS (DCS $q m)': '\x1bP$qm\x1b\\',
  'OSC 11 background query': '\x1b]11;?\x07',
  'OSC 4 palette query': '\x1b]4;1;?\x07',
};

describe('OutputStream and the query guard', () => {
  let terminal: Terminal;
  let stream: OutputStream;
  let sent: string[];
  let parsed: number[];
  let answers: string[];
  let host: HTMLElement;

  const settle = () => new Promise<void>((resolve) => terminal.write('', resolve));

  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    terminal = new Terminal({ cols: 40, rows: 10 });
    terminal.open(host);
    sent = [];
    parsed = [];
    answers = [];
    stream = new OutputStream(terminal, { parsed: (end) => parsed.push(end), input: (data) => sent.push(data) });
    refuseReplayedQueries(terminal, () => stream.replaying);
    refuseClipboardAccess(terminal);
    terminal.onData((data) => answers.push(data));
  });

  afterEach(() => {
    terminal.dispose();
    host.remove();
  });

  for (const [name, query] of Object.entries(QUERIES)) {
    it(`answers ${name} live but not in replay`, async () => {
      const replayed = `old${query}`;
      stream.opened(0, encode(replayed).byteLength);
      stream.output(encode(replayed), encode(replayed).byteLength);
      await settle();
      expect(answers, 'answer to the replayed query').to.deep.equal([]);
      const live = encode(`new${query}`);
      stream.output(live, encode(replayed).byteLength + live.byteLength);
      await settle();
      expect(answers.length, 'answers to the live query').to.be.greaterThan(0);
    });
  }

  it('splits a chunk that straddles the end of replay and reports parsed offsets', async () => {
    const replay = encode('abc\x1b[6n'); // 7 bytes
    stream.opened(100, 107);
    stream.output(new Uint8Array([...replay, ...encode('xy\x1b[6n')]), 113);
    await settle();
    expect(parsed).to.deep.equal([107, 113]);
    expect(answers.length).to.equal(1);
  });

  it('holds input until the session opens and its replay is parsed, then sends it once', async () => {
    stream.input('early ');
    expect(sent).to.deep.equal([]);
    stream.opened(0, 10);
    expect(sent).to.deep.equal([]);
    stream.output(encode('01234'), 5);
    stream.input('typed');
    await settle();
    expect(sent, 'replay not finished').to.deep.equal([]);
    stream.output(encode('56789live'), 14);
    await settle();
    expect(sent).to.deep.equal(['early typed']);
    stream.input('now');
    expect(sent).to.deep.equal(['early typed', 'now']);
  });

  it('refuses OSC 52 clipboard access even when a clipboard handler was loaded before it', async () => {
    const clipboardCalls: string[] = [];
    // What @xterm/addon-clipboard would do: answer reads with the clipboard's contents.
    terminal.parser.registerOscHandler(52, (data) => (clipboardCalls.push(data), true));
    refuseClipboardAccess(terminal);
    stream.opened(0, 0);
    stream.output(encode('\x1b]52;c;?\x07'), 9);
    await settle();
    expect(clipboardCalls).to.deep.equal([]);
  });

  it('writes notices on a line of their own', async () => {
    stream.opened(0, 0);
    stream.output(encode('partial'), 7);
    await settle();
    stream.notice('[note]');
    await settle();
    const line = (y: number) => terminal.buffer.active.getLine(y)!.translateToString(true);
    expect([line(0), line(1)]).to.deep.equal(['partial', '[note]']);
  });
});
