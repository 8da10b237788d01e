/**
 * Keeps `npm run bench` from rotting: one tiny pass of every workload, both
 * servers, the browser included, through the same code the bench runs.
 * Asserts only that each figure exists (a number, or "timed out"); never a timing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { runBench } from './bench.js';
import { MODES } from './modes.js';
import { WORKLOADS } from './plan.js';
import { formatTable } from './report.js';

const isFigure = (value: number | null) => value !== null && (Number.isFinite(value) || value === Infinity);

/** The sandbox workload needs bubblewrap; without it, it is left out (and the sandbox tests say so). */
const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;

test('one tiny pass of every workload yields a figure for each row', { timeout: 240_000 }, async () => {
  const workloads = WORKLOADS.filter((w) => hasBwrap || w !== 'sandbox');
  const result = await runBench({ mode: MODES.smoke, workloads });
  assert.deepEqual(result.errors, []);
  const ids = new Set(result.rows.map((row) => row.id));
  for (const workload of workloads) {
    assert.ok([...ids].some((id) => id.startsWith(`${workload}.`)), `no row for ${workload}`);
  }
  for (const row of result.rows.filter((r) => workloads.some((w) => r.id.startsWith(`${w}.`)))) {
    // "Timed out" (Infinity) is a figure, and a slow one is never a test failure: only a missing one is.
    assert.ok(isFigure(row.termplex), `${row.id}: termplex figure is ${row.termplex}`);
    if (!row.rawLabel) assert.ok(isFigure(row.raw), `${row.id}: raw figure is ${row.raw}`);
  }
  assert.match(formatTable(result.rows), /^\| figure +\| +termplex \| +raw \| +ratio \| +target \| +pass \|$/m);
});
