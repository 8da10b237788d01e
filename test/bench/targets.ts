/**
 * The table's rows: what each figure is, its unit, how runs are reduced, and
 * the target. Ratios are termplex / raw from the same invocation;
 * a target on an absolute figure says so.
 */
import { PACED_GAP_MS, UNREAD_PASTE_BYTES, type Mode } from './modes.js';
import type { Side } from './samples.js';
import { KiB, MiB } from './stats.js';

export interface Target {
  text: string;
  pass(termplex: number, raw: number): boolean;
}

export interface RowSpec {
  id: string;
  figure: string;
  unit: string;
  /** How the runs become one figure: the median, or the worst (loss counts). */
  reduce: 'median' | 'max';
  /** The raw column comes from this figure instead of `id` (e.g. the single-terminal baseline). */
  rawId?: string;
  /** The raw column comes from this baseline: raw (the default) or raw-mux (many PTYs on one socket). */
  rawSide?: Exclude<Side, 'termplex'>;
  /** No raw baseline exists for this figure (resume), or the baseline is bare xterm.js (browser). */
  rawLabel?: string;
  /** Figures are multiplied by this for display (bytes -> MiB ...). */
  scale?: number;
  target?: Target;
}

const ratioAtLeast = (x: number, base = 'raw'): Target => ({ text: `>= ${x.toFixed(1)}x ${base}`, pass: (t, r) => t / r >= x });
const ratioAtMost = (x: number, base = 'raw'): Target => ({ text: `<= ${x.toFixed(1)}x ${base}`, pass: (t, r) => t / r <= x });
const atMost = (x: number, unit: string): Target => ({ text: `<= ${x} ${unit}`, pass: (t) => t <= x });
/** For figures already scaled to `unit`: at most the baseline plus `x`. */
const plusAtMost = (x: number, unit: string, base: string): Target => ({ text: `<= ${base} + ${x} ${unit}`, pass: (t, r) => t <= r + x });

export function rowSpecs(mode: Mode): RowSpec[] {
  const corpus = `${Math.round((mode.corpusBytes / MiB) * 100) / 100} MiB`;
  const n = mode.parallelTerminals;
  const [few, many] = mode.shellCounts;
  return [
    { id: 'throughput.single', figure: `throughput, cat ${corpus} (snapshots on, the default)`, unit: 'MiB/s', reduce: 'median', target: ratioAtLeast(1) },
    { id: 'throughput.noSnapshots.single', rawId: 'throughput.single', figure: `throughput, cat ${corpus}, --no-snapshots`, unit: 'MiB/s', reduce: 'median' },
    { id: 'throughput.ptyHost.single', rawId: 'throughput.single', figure: `throughput, cat ${corpus}, through a PTY host (--pty-host)`, unit: 'MiB/s', reduce: 'median' },
    { id: 'throughput.parallel', figure: `throughput, ${n} terminals at once (termplex: 1 socket, raw: ${n})`, unit: 'MiB/s', reduce: 'median' },
    { id: 'throughput.noSnapshots.parallel', rawId: 'throughput.parallel', figure: `throughput, ${n} terminals at once, --no-snapshots`, unit: 'MiB/s', reduce: 'median' },
    { id: 'throughput.parallel', rawId: 'throughput.single', figure: `throughput, ${n}-terminal aggregate vs raw single`, unit: 'MiB/s', reduce: 'median', target: ratioAtLeast(1) },
    { id: 'throughput.single', rawSide: 'raw-mux', figure: `throughput, cat ${corpus} (raw column: raw-mux)`, unit: 'MiB/s', reduce: 'median', target: ratioAtLeast(1, 'raw-mux') },
    { id: 'throughput.parallel', rawSide: 'raw-mux', figure: `throughput, ${n} terminals on 1 socket (raw column: raw-mux)`, unit: 'MiB/s', reduce: 'median', target: ratioAtLeast(1, 'raw-mux') },
    {
      id: 'throughput.rssRise', rawSide: 'raw-mux', figure: `server RSS rise during cat ${corpus} (raw column: raw-mux)`, unit: 'MiB', scale: 1 / MiB, reduce: 'median',
      target: plusAtMost(5, 'MiB', 'raw-mux'),
    },
    { id: 'echo.none.p50', figure: `echo p50, idle (${mode.echoRoundTrips} round trips back to back)`, unit: 'ms', reduce: 'median', target: ratioAtMost(1.2) },
    { id: 'echo.none.p99', figure: 'echo p99, idle', unit: 'ms', reduce: 'median', target: atMost(3, 'ms') },
    { id: 'echo.none.p50', rawSide: 'raw-mux', figure: 'echo p50, idle (raw column: raw-mux)', unit: 'ms', reduce: 'median', target: ratioAtMost(1, 'raw-mux') },
    { id: 'echo.paced.p50', figure: `echo p50, idle, one key per ${PACED_GAP_MS} ms`, unit: 'ms', reduce: 'median' },
    { id: 'echo.paced.p99', figure: `echo p99, idle, one key per ${PACED_GAP_MS} ms`, unit: 'ms', reduce: 'median' },
    { id: 'echo.yes.p50', figure: 'echo p50, another terminal runs yes', unit: 'ms', reduce: 'median' },
    { id: 'echo.yes.p99', figure: 'echo p99, another terminal runs yes', unit: 'ms', reduce: 'median', target: atMost(8, 'ms') },
    { id: 'echo.cat.p50', figure: 'echo p50, another terminal loops cat', unit: 'ms', reduce: 'median' },
    { id: 'echo.cat.p99', figure: 'echo p99, another terminal loops cat', unit: 'ms', reduce: 'median', target: atMost(8, 'ms') },
    { id: 'echo-unread.p50', figure: `echo p50, another terminal is sent ${UNREAD_PASTE_BYTES / KiB} KiB it never reads`, unit: 'ms', reduce: 'median' },
    { id: 'echo-unread.p99', figure: `echo p99, another terminal is sent ${UNREAD_PASTE_BYTES / KiB} KiB it never reads`, unit: 'ms', reduce: 'median', target: atMost(3, 'ms') },
    { id: 'memory.idle', figure: 'server RSS, idle', unit: 'MiB', scale: 1 / MiB, reduce: 'median', target: ratioAtMost(1.2) },
    { id: 'memory.few', figure: `server RSS, ${few} idle shells`, unit: 'MiB', scale: 1 / MiB, reduce: 'median' },
    { id: 'memory.many', figure: `server RSS, ${many} idle shells`, unit: 'MiB', scale: 1 / MiB, reduce: 'median' },
    { id: 'memory.perSession', figure: `server RSS per idle session (${few} -> ${many})`, unit: 'KiB', scale: 1 / 1024, reduce: 'median', target: atMost(40, 'KiB') },
    { id: 'memory.perSession', rawSide: 'raw-mux', figure: `server RSS per idle session (raw column: raw-mux)`, unit: 'KiB', scale: 1 / 1024, reduce: 'median' },
    { id: 'memory.afterClose', figure: `server RSS 3 s after closing ${many} sessions, above idle`, unit: 'MiB', scale: 1 / MiB, reduce: 'median', target: atMost(5, 'MiB') },
    { id: 'memory.slowPeak', figure: `peak RSS above idle, slow reader, ${mode.slowFloodSeconds} s of yes`, unit: 'MiB', scale: 1 / MiB, reduce: 'median', target: atMost(32, 'MiB') },
    {
      id: 'memory.slowPeak', rawSide: 'raw-mux', figure: `peak RSS above idle, slow reader (raw column: raw-mux)`, unit: 'MiB', scale: 1 / MiB, reduce: 'median',
      target: plusAtMost(5, 'MiB', 'raw-mux'),
    },
    { id: 'open.opened.p50', figure: 'open on an open socket, p50 (raw: new socket)', unit: 'ms', reduce: 'median', target: atMost(6, 'ms') },
    { id: 'open.opened.p50', rawSide: 'raw-mux', figure: 'open on an open socket, p50 (raw column: raw-mux, also on an open socket)', unit: 'ms', reduce: 'median', target: ratioAtMost(1, 'raw-mux') },
    { id: 'open.opened.p90', figure: 'open on an open socket, p90 (raw: new socket)', unit: 'ms', reduce: 'median' },
    { id: 'open.fresh.firstByte.p50', figure: 'new socket to first shell byte, p50 (termplex: connect, hello, open)', unit: 'ms', reduce: 'median', target: ratioAtMost(1.1) },
    { id: 'open.firstByte.p50', figure: 'open to first shell byte, p50', unit: 'ms', reduce: 'median' },
    { id: 'open.firstByte.p90', figure: 'open to first shell byte, p90', unit: 'ms', reduce: 'median' },
    { id: 'open.churn.p50', figure: 'open right after closing another, p50', unit: 'ms', reduce: 'median' },
    {
      id: 'record.throughput', figure: `throughput, cat ${corpus}, recording every session with --record (raw column: the same server not recording)`,
      unit: 'MiB/s', reduce: 'median', target: ratioAtLeast(0.9),
    },
    { id: 'sandbox.firstByte.p50', figure: `open to first shell byte, sandboxed profile, p50 of ${mode.sandboxOpens} (raw column: the same shell unsandboxed)`, unit: 'ms', reduce: 'median' },
    { id: 'resume.ms', figure: `resume ${mode.resumeSessions} sessions after a dropped socket`, unit: 'ms', reduce: 'median', rawLabel: 'none', target: atMost(250, 'ms') },
    { id: 'resume.openedMs', figure: `resume: last of ${mode.resumeSessions} re-attached (opened)`, unit: 'ms', reduce: 'median', rawLabel: 'none' },
    { id: 'resume.lostBytes', figure: 'resume: bytes lost (worst run)', unit: 'B', reduce: 'max', rawLabel: 'none', target: atMost(0, 'B') },
    { id: 'resume.sequenceBreaks', figure: 'resume: gaps or repeats in the numbered output', unit: '', reduce: 'max', rawLabel: 'none', target: atMost(0, '') },
    { id: 'restart.ms', figure: `web server restart (SIGTERM): URL line to ${mode.restartSessions} sessions streaming again`, unit: 'ms', reduce: 'median', rawLabel: 'none', target: atMost(1000, 'ms') },
    { id: 'restart.openedMs', figure: `restart (SIGTERM): URL line to the last of ${mode.restartSessions} re-attached (opened)`, unit: 'ms', reduce: 'median', rawLabel: 'none' },
    { id: 'restart.outageMs', figure: 'restart (SIGTERM): old socket closed to streaming again', unit: 'ms', reduce: 'median', rawLabel: 'none' },
    { id: 'restart.kill.ms', figure: `web server restart (SIGKILL): URL line to ${mode.restartSessions} sessions streaming again`, unit: 'ms', reduce: 'median', rawLabel: 'none', target: atMost(1000, 'ms') },
    { id: 'restart.kill.outageMs', figure: 'restart (SIGKILL): old socket closed to streaming again', unit: 'ms', reduce: 'median', rawLabel: 'none' },
    { id: 'restart.startMs', figure: 'restart: new web server spawned to its URL line', unit: 'ms', reduce: 'median', rawLabel: 'none' },
    { id: 'restart.lostBytes', figure: 'restart: bytes lost (worst run, either signal)', unit: 'B', reduce: 'max', rawLabel: 'none', target: atMost(0, 'B') },
    { id: 'restart.sequenceBreaks', figure: 'restart: gaps or repeats in the numbered output', unit: '', reduce: 'max', rawLabel: 'none', target: atMost(0, '') },
    { id: 'browser.rate', figure: `browser: ${Math.round((mode.browserBytes / MiB) * 100) / 100} MiB into <term-session> (raw: bare terminal.write)`, unit: 'MiB/s', reduce: 'median', target: ratioAtLeast(0.8) },
    { id: 'browser.webgl.rate', figure: `browser: ${Math.round((mode.browserBytes / MiB) * 100) / 100} MiB into <term-session renderer="webgl"> (raw: bare terminal.write, WebGL addon)`, unit: 'MiB/s', reduce: 'median' },
  ];
}
