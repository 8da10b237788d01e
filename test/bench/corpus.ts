/**
 * The text the throughput workloads `cat`: deterministic (a fixed-seed LCG
 * picks words), printable ASCII in lines of at most 79 columns, so every run
 * and both servers push exactly the same bytes. Lowercase only: no sentinel
 * (upper case, see bench-stream.ts) can occur in it by chance.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const WORDS = (
  'the quick brown fox jumps over lazy dog terminal session socket channel offset ring buffer ' +
  'stream byte frame shell prompt cursor line column row escape output input pipe process signal ' +
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma'
).split(' ');

/** `bytes` of corpus text, ending with a newline. */
export function corpusText(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let seed = 0x2545f491;
  let at = 0;
  let column = 0;
  while (at < bytes - 1) {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    const word = WORDS[(seed >>> 16) % WORDS.length];
    if (column + word.length + 1 > 79) {
      out[at++] = 0x0a;
      column = 0;
      continue;
    }
    if (column > 0) {
      out[at++] = 0x20;
      column++;
    }
    at += out.write(word, at, Math.min(word.length, bytes - 1 - at), 'latin1');
    column += word.length;
  }
  out[bytes - 1] = 0x0a;
  return out;
}

/** What a PTY delivers for the corpus: the line discipline (onlcr) turns each LF into CR LF. */
export function asTerminalOutput(text: Buffer): Buffer {
  const lines = text.toString('latin1').split('\n');
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

export interface CorpusFile {
  path: string;
  bytes: number;
  dispose(): void;
}

export function writeCorpus(bytes: number): CorpusFile {
  const dir = mkdtempSync(path.join(tmpdir(), 'termplex-bench-'));
  const file = path.join(dir, `corpus-${bytes}.txt`);
  writeFileSync(file, corpusText(bytes));
  return { path: file, bytes, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
