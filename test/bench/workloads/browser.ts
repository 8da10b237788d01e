import type { BenchContext } from '../plan.js';

export async function browserWorkload(_ctx: BenchContext): Promise<void> {
  throw new Error('not written yet');
}
