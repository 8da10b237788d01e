/**
 * Keeps `npm run bench` from rotting: one tiny pass of every workload, both
 * servers, the browser included, through the same code the bench runs.
 * Asserts only that each figure exists and is finite; never a timing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBench } from './bench.js';
import { MODES } from './modes.js';
import { formatTable } from './report.js';

test('one tiny pass of every workload yields a finite figure for each row', { timeout: 240_000 }, async () => {
  const result = await runBench({ mode: MODES.smoke });
  assert.deepEqual(result.errors, []);
  const ids = new Set(result.rows.map((row) => row.id));
  for (const workload of ['throughput', 'echo', 'memory', 'open', 'resume', 'browser']) {
    assert.ok([...ids].some((id) => id.startsWith(`${workload}.`)), `no row for ${workload}`);
  }
  for (const row of result.rows) {
    assert.ok(row.termplex !== null && Number.isFinite(row.termplex), `${row.id}: termplex figure is ${row.termplex}`);
    if (!row.rawLabel) assert.ok(row.raw !== null && Number.isFinite(row.raw), `${row.id}: raw figure is ${row.raw}`);
  }
  assert.match(formatTable(result.rows), /^\| figure +\| +termplex \| +raw \| +ratio \| +target \| +pass \|$/m);
});
