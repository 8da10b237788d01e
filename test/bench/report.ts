/** Reduces the samples to the table's rows, prints them, and describes the machine. */
import { cpus, freemem, release, totalmem } from 'node:os';
import type { Samples } from './samples.js';
import { median } from './stats.js';
import type { RowSpec } from './targets.js';

export interface Row {
  id: string;
  figure: string;
  unit: string;
  termplex: number | null;
  raw: number | null;
  ratio: number | null;
  target: string | null;
  /** Shown instead of a raw figure where no baseline exists. */
  rawLabel?: string;
  /** null when the row has no target. */
  pass: boolean | null;
}

function reduce(values: number[], how: RowSpec['reduce']): number | null {
  // Infinity (timed out) is a figure; NaN is a run that yielded none.
  if (values.length === 0 || values.some(Number.isNaN)) return null;
  return how === 'max' ? Math.max(...values) : median(values);
}

export function buildRows(specs: RowSpec[], samples: Samples): Row[] {
  return specs.map((spec) => {
    const scale = spec.scale ?? 1;
    const termplex = reduce(samples.get(spec.id, 'termplex'), spec.reduce);
    const raw = spec.rawLabel ? null : reduce(samples.get(spec.rawId ?? spec.id, spec.rawSide ?? 'raw'), spec.reduce);
    const ratio = termplex !== null && raw !== null && raw !== 0 && Number.isFinite(termplex / raw) ? termplex / raw : null;
    let pass: boolean | null = null;
    if (spec.target) pass = termplex !== null && (spec.rawLabel || raw !== null) ? spec.target.pass(termplex * scale, (raw ?? 0) * scale) : false;
    return {
      id: spec.id,
      figure: spec.figure,
      unit: spec.unit,
      termplex: termplex === null ? null : termplex * scale,
      raw: raw === null ? null : raw * scale,
      ratio,
      target: spec.target?.text ?? null,
      ...(spec.rawLabel ? { rawLabel: spec.rawLabel } : {}),
      pass,
    };
  });
}

function number(value: number | null, unit = ''): string {
  if (value === null) return 'n/a';
  if (value === Infinity) return 'timed out';
  const abs = Math.abs(value);
  const text = abs === 0 ? '0' : abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : abs >= 1 ? value.toFixed(2) : value.toFixed(3);
  return unit ? `${text} ${unit}` : text;
}

export function formatTable(rows: Row[]): string {
  const header = ['figure', 'termplex', 'raw', 'ratio', 'target', 'pass'];
  const lines = rows.map((row) => [
    row.figure,
    number(row.termplex, row.unit),
    row.rawLabel ?? number(row.raw, row.unit),
    row.ratio === null ? '-' : `${row.ratio.toFixed(2)}x`,
    row.target ?? '-',
    row.pass === null ? '-' : row.pass ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  const format = (cells: string[]) => `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  return [format(header), `|${widths.map((w, c) => (c === 0 ? ':' : '') + '-'.repeat(w + 1) + (c === 0 ? '' : ':')).join('|')}|`, ...lines.map(format)].join('\n');
}

export function machine(): Record<string, string | number> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
    kernel: release(),
    node: process.version,
  };
}
